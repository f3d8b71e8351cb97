"""Per-chat flood control: a token bucket, and one polite notice per flood.

A person types at most a message every second or two; a script or a stuck client sends hundreds.
The guard lets a burst through, then drops the excess without calling the engine, so a flooding
chat cannot delay everyone else's answers. It only tells the flooder once per episode: answering
each dropped message with a notice would be the same flood in the other direction.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from enum import Enum

PRUNE_FROM = 1024


class Decision(Enum):
    ALLOW = "allow"
    NOTIFY = "notify"  # the first message over the limit: tell the user to slow down
    DROP = "drop"  # later ones in the same flood: say nothing


@dataclass
class _Bucket:
    tokens: float
    updated: float
    notified: bool = False


class FloodGuard:
    """Token bucket per key (a chat id): `capacity` messages at once, refilled at `rate` per second."""

    def __init__(
        self,
        capacity: float = 8,
        rate: float = 0.5,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 50_000,
    ) -> None:
        self.capacity = capacity
        self.rate = rate
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: dict[Hashable, _Bucket] = {}
        # Refilled buckets are dropped whenever the table doubles: it holds the chats of the
        # last few seconds, not every chat since the start (60,000 in a long soak).
        self._prune_at = PRUNE_FROM

    def check(self, key: Hashable) -> Decision:
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= min(self._prune_at, self._max_keys):
                self._prune(now)
                self._prune_at = max(PRUNE_FROM, 2 * len(self._buckets))
            bucket = self._buckets[key] = _Bucket(self.capacity, now)
        else:
            bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            if bucket.tokens >= 1:
                # Back under the limit with room to spare: a later flood deserves a new notice.
                bucket.notified = False
            return Decision.ALLOW
        if bucket.notified:
            return Decision.DROP
        bucket.notified = True
        return Decision.NOTIFY

    def _prune(self, now: float) -> None:
        """Forget chats whose bucket has refilled: they are indistinguishable from new ones."""
        full_after = self.capacity / self.rate if self.rate else float("inf")
        for key in [k for k, b in self._buckets.items() if now - b.updated >= full_after]:
            del self._buckets[key]
        if len(self._buckets) >= self._max_keys:
            oldest = sorted(self._buckets, key=lambda k: self._buckets[k].updated)
            for key in oldest[: len(oldest) // 2]:
                del self._buckets[key]
