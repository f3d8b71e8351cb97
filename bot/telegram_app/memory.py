"""What the support loop remembers in memory, per (chat, user): the last question asked (for a
vote, a suggestion pick or a relay), a 👎 waiting for its comment, a relay waiting for its
question; and when each kind of error was last told to the admins.

In memory on purpose: all of it is short-lived (minutes), and what must outlive a restart is in
the store (votes and comments, relays, picks). After a restart a pending comment is forgotten and
the user's next message is simply answered.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Key = tuple[int, int]  # (chat id, user id)
PENDING_SECONDS = 15 * 60
QUESTION_SECONDS = 30 * 60
LIMIT = 10_000
RECENT = 5  # questions kept per user and chat


@dataclass(frozen=True)
class Asked:
    text: str
    topic: str | None
    fallback: bool
    lang: str
    message_id: int | None = None  # the user's message, for a reply in its thread


@dataclass
class SupportMemory:
    clock: Callable[[], float] = time.monotonic
    _asked: OrderedDict[Key, tuple[float, tuple[Asked, ...]]] = field(default_factory=OrderedDict)
    _comments: dict[Key, tuple[float, int, str]] = field(default_factory=dict)
    _relays: dict[Key, float] = field(default_factory=dict)
    # Per kind of error: when the admins were last told, and how many were held back since.
    errors: dict[str, tuple[float, int]] = field(default_factory=dict)

    def asked(self, key: Key, question: Asked) -> None:
        entry = self._asked.pop(key, None)
        recent = entry[1] if entry else ()
        self._asked[key] = (self.clock(), (*recent[-(RECENT - 1) :], question))
        while len(self._asked) > LIMIT:
            self._asked.popitem(last=False)

    def recent(self, key: Key) -> tuple[Asked, ...]:
        """This user's last few questions in this chat, oldest first."""
        entry = self._asked.get(key)
        if entry is None or self.clock() - entry[0] > QUESTION_SECONDS:
            return ()
        return entry[1]

    def last_asked(self, key: Key) -> Asked | None:
        recent = self.recent(key)
        return recent[-1] if recent else None

    def asked_about(self, key: Key, topic: str | None) -> Asked | None:
        """The latest question whose answer was about `topic` (what a vote is about)."""
        return next((a for a in reversed(self.recent(key)) if a.topic == topic), None)

    def wait_comment(self, key: Key, vote_id: int, lang: str) -> None:
        self._relays.pop(key, None)
        self._comments[key] = (self.clock(), vote_id, lang)
        self._trim(self._comments)

    def take_comment(self, key: Key) -> tuple[int, str] | None:
        """The vote a message comments on, once; None when none is waiting."""
        entry = self._comments.pop(key, None)
        if entry is None or self.clock() - entry[0] > PENDING_SECONDS:
            return None
        return entry[1], entry[2]

    def wait_relay(self, key: Key) -> None:
        self._comments.pop(key, None)
        self._relays[key] = self.clock()
        self._trim(self._relays)

    def take_relay(self, key: Key) -> bool:
        at = self._relays.pop(key, None)
        return at is not None and self.clock() - at <= PENDING_SECONDS

    def pending(self, key: Key) -> bool:
        """A comment or a relay waits for this user's next message in this chat."""
        now = self.clock()
        comment = self._comments.get(key)
        relay = self._relays.get(key)
        return (comment is not None and now - comment[0] <= PENDING_SECONDS) or (
            relay is not None and now - relay <= PENDING_SECONDS
        )

    def cancel(self, key: Key) -> None:
        self._comments.pop(key, None)
        self._relays.pop(key, None)

    @staticmethod
    def _trim(table: dict[Key, Any]) -> None:
        while len(table) > LIMIT:
            table.pop(next(iter(table)))
