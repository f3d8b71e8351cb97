"""Web sessions and rate limits.

A session is a random id (in an HttpOnly cookie, or echoed by the page in each request's body
where a partner site's frame gets no cookie), with no login. Its role, language and the last
answer's frame live in the store, so a follow-up works as in the console and survives a restart;
the frame is dropped after FRAME_TTL_SECONDS of quiet, and the whole session after
SESSION_TTL_DAYS.
"""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import json
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.conversation import FRAME_TTL_SECONDS, Frame
from bot.store import Store
from bot.store.records import WebSession

SESSION_TTL_DAYS = 30
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{32}$")  # secrets.token_urlsafe(24)


def new_session_id() -> str:
    return secrets.token_urlsafe(24)


def frame_to_json(frame: Frame | None) -> str | None:
    return json.dumps(frame.to_json(), sort_keys=True) if frame is not None else None


def frame_from_json(text: str | None) -> Frame | None:
    """The frame the store holds (written by frame_to_json); None if absent or unreadable."""
    if not text:
        return None
    try:
        data = json.loads(text)
        return Frame(
            role=data.get("role"),
            software=frozenset(data.get("software") or ()),
            waves=frozenset(int(w) for w in data.get("waves") or ()),
            milestones=frozenset(data.get("milestones") or ()),
            programme=data.get("programme"),
            intent=data.get("intent"),
            focus=tuple(data.get("focus") or ()),
        )
    except (ValueError, TypeError, AttributeError):
        return None


def chat_id_of(session_id: str) -> int:
    """A stable number standing for the session in the support statistics (stored only as its
    salted hash, like a Telegram chat id)."""
    return int.from_bytes(hashlib.sha256(f"web:{session_id}".encode()).digest()[:7], "big")


@dataclass(frozen=True)
class Session:
    id: str
    role: str | None
    lang: str | None
    frame: Frame | None  # None once expired
    new: bool  # just created: the response sets the cookie


class Sessions:
    """Sessions over the store, with the clock the frame's expiry is measured on."""

    def __init__(self, store: Store, clock: Callable[[], dt.datetime]) -> None:
        self.store = store
        self.clock = clock

    def open(self, session_id: str | None) -> Session:
        """The session of that id, or a new one when it is absent, malformed or forgotten."""
        now = self.clock()
        row = (
            self.store.get_web_session(session_id)
            if session_id and SESSION_ID.match(session_id)
            else None
        )
        if row is None:
            row = self.store.create_web_session(new_session_id(), now)
            return Session(row.id, None, None, None, new=True)
        return Session(row.id, row.role, row.lang, self._live_frame(row, now), new=False)

    def _live_frame(self, row: WebSession, now: dt.datetime) -> Frame | None:
        if row.context is None or row.context_at is None:
            return None
        at = dt.datetime.fromisoformat(row.context_at)
        if (now - at).total_seconds() > FRAME_TTL_SECONDS:
            return None
        return frame_from_json(row.context)

    def answered(self, session: Session, frame: Frame | None) -> None:
        """After an answer: keep its frame for the next question (None: keep none)."""
        self.store.update_web_session(
            session.id, self.clock(), context=frame_to_json(frame), set_context=True
        )

    def choose(self, session: Session, *, role: str | None, lang: str | None) -> None:
        self.store.update_web_session(session.id, self.clock(), role=role, lang=lang)

    def purge(self) -> int:
        return self.store.purge_web_sessions(self.clock() - dt.timedelta(days=SESSION_TTL_DAYS))


class RateLimit:
    """At most `per_minute` events per key in any sliding 60 s; other keys are not affected."""

    WINDOW = 60.0

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._events: dict[str, collections.deque[float]] = {}

    def allow(self, key: str) -> bool:
        now = self.clock()
        events = self._events.setdefault(key, collections.deque())
        while events and now - events[0] >= self.WINDOW:
            events.popleft()
        if len(events) >= self.per_minute:
            return False
        events.append(now)
        return True

    def retry_after(self, key: str) -> int:
        events = self._events.get(key)
        if not events:
            return 0
        return max(1, int(self.WINDOW - (self.clock() - events[0])) + 1)

    def forget_idle(self) -> None:
        """Drop the keys with no event in the window (run every few minutes)."""
        now = self.clock()
        for key in [k for k, e in self._events.items() if not e or now - e[-1] >= self.WINDOW]:
            del self._events[key]
