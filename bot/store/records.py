"""The typed rows the store hands to its callers, and the one timestamp format it writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Unanswered questions are kept for the report; a 10,000-character paste must not bloat the file.
MAX_STORED_TEXT = 1000


@dataclass(frozen=True)
class Wait:
    """A user's next message in a chat that the bot waits for: a 👎's comment, or a relay."""

    chat_id: int
    user_id: int
    kind: str  # "comment" or "relay"
    vote_id: int | None
    lang: str
    until: float  # Unix time


@dataclass(frozen=True)
class UserPrefs:
    role: str | None
    lang: str | None
    # The software the user named ("éditeur de DPI"), in the calendar's spelling; empty: the
    # role's own software.
    software: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Recipient:
    chat_id: int
    lang: str | None
    software: frozenset[str] = frozenset()  # the subscriber's, for the software filter


@dataclass(frozen=True)
class ReminderRow:
    chat_id: int
    item_id: str
    days_before: int
    status: str
    sent_at: str


@dataclass(frozen=True)
class WebSession:
    id: str
    role: str | None
    lang: str | None
    context: str | None  # the frame's JSON, as the web adapter wrote it
    context_at: str | None
    seen_at: str


@dataclass(frozen=True)
class FeedbackRow:
    at: str
    session_hash: str
    topic: str | None
    lang: str
    vote: int
    question: str
    channel: str = "web"  # web or telegram
    comment: str | None = None  # what a 👎 said was missing


@dataclass(frozen=True)
class UnansweredRow:
    asked_at: str
    text: str
    lang: str
    role: str | None
    best_guess: str | None
    score: float
    chat_hash: str


@dataclass(frozen=True)
class Relay:
    """A question relayed to the support chat: where an agent's reply to it goes back."""

    chat_id: int
    user_id: int
    lang: str
    reply_to: int | None = None  # the user's question, to answer in its thread


@dataclass(frozen=True)
class PickRow:
    """A suggestion a user picked for a question the bot was unsure of."""

    at: str
    channel: str
    question: str
    topic: str
    lang: str


def software_text(software: frozenset[str]) -> str | None:
    """The stored form: 'DPI,PFI' (sorted), None for none."""
    return ",".join(sorted(software)) or None


def software_set(text: str | None) -> frozenset[str]:
    return frozenset(s for s in (text or "").split(",") if s)


@dataclass(frozen=True)
class InboxRow:
    update_id: int
    raw: str  # the update's JSON, as Telegram sent it
    attempts: int  # how many starts already handed it to the bot


@dataclass(frozen=True)
class OutboxRow:
    id: int
    chat_id: int
    method: str
    params: str  # the call's parameters, as JSON
    give_up_at: float  # Unix time


def stamp(moment: dt.datetime) -> str:
    """A sortable UTC text timestamp: comparing the strings compares the moments."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")
