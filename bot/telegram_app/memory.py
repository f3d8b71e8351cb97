"""What the support loop remembers in memory, per (chat, user): the last question asked (for a
vote, a suggestion pick or a relay), a 👎 waiting for its comment, a relay waiting for its
question; and when each kind of error was last told to the admins.

Short-lived (minutes), so in memory; but what the bot waits for is also written to the store
(`keep`): a user told "what was missing?" who answers after a restart has their comment kept, not
answered as a question. What must outlive a restart for good is in the store too (votes and
comments, relays, picks).
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.store.files import StoreError
from bot.store.records import Wait

logger = logging.getLogger(__name__)

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


class WaitStore(Protocol):
    def save_wait(self, wait: Wait) -> None: ...

    def drop_wait(self, chat_id: int, user_id: int) -> None: ...


@dataclass
class SupportMemory:
    clock: Callable[[], float] = time.monotonic
    # Where the waits are also written (the store), and the wall clock their expiry is kept in.
    keep: WaitStore | None = None
    wall: Callable[[], float] = time.time
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
        self._save(Wait(key[0], key[1], "comment", vote_id, lang, self.wall() + PENDING_SECONDS))

    def take_comment(self, key: Key) -> tuple[int, str] | None:
        """The vote a message comments on, once; None when none is waiting."""
        entry = self._comments.pop(key, None)
        if entry is None:
            return None
        self._drop(key)
        if self.clock() - entry[0] > PENDING_SECONDS:
            return None
        return entry[1], entry[2]

    def wait_relay(self, key: Key) -> None:
        self._comments.pop(key, None)
        self._relays[key] = self.clock()
        self._trim(self._relays)
        self._save(Wait(key[0], key[1], "relay", None, "", self.wall() + PENDING_SECONDS))

    def take_relay(self, key: Key) -> bool:
        at = self._relays.pop(key, None)
        if at is None:
            return False
        self._drop(key)
        return self.clock() - at <= PENDING_SECONDS

    def restore(self, waits: Iterable[Wait]) -> int:
        """The waits the store kept across a restart, each with the time it had left."""
        count = 0
        now, wall = self.clock(), self.wall()
        for wait in waits:
            left = wait.until - wall
            if left <= 0:
                continue
            since = now - (PENDING_SECONDS - min(left, PENDING_SECONDS))
            key = (wait.chat_id, wait.user_id)
            if wait.kind == "comment" and wait.vote_id is not None:
                self._comments[key] = (since, wait.vote_id, wait.lang)
            elif wait.kind == "relay":
                self._relays[key] = since
            else:
                continue
            count += 1
        return count

    def _save(self, wait: Wait) -> None:
        if self.keep is None:
            return
        try:
            self.keep.save_wait(wait)
        except StoreError as exc:  # kept in memory: only a restart would forget it
            logger.warning("wait not stored: %s", exc)

    def _drop(self, key: Key) -> None:
        if self.keep is None:
            return
        try:
            self.keep.drop_wait(*key)
        except StoreError as exc:
            logger.warning("wait not removed from the store: %s", exc)

    def pending(self, key: Key) -> bool:
        """A comment or a relay waits for this user's next message in this chat."""
        now = self.clock()
        comment = self._comments.get(key)
        relay = self._relays.get(key)
        return (comment is not None and now - comment[0] <= PENDING_SECONDS) or (
            relay is not None and now - relay <= PENDING_SECONDS
        )

    def cancel(self, key: Key) -> None:
        if self._comments.pop(key, None) is not None or self._relays.pop(key, None) is not None:
            self._drop(key)

    @staticmethod
    def _trim(table: dict[Key, Any]) -> None:
        while len(table) > LIMIT:
            table.pop(next(iter(table)))
