"""What the rules engine hands back for a dated question, before the engine composes the answer."""

from __future__ import annotations

from dataclasses import dataclass

from rules.calendar import CalendarItem
from rules.eligibility import Verdict


@dataclass(frozen=True)
class DatedReply:
    # verdict, items, outlook, missed, unknown (no date in our sources), ask_role, phantom (a
    # window that does not exist: the last one instead), moved (a step's date that moved)
    kind: str
    body: str
    items: tuple[CalendarItem, ...] = ()  # what the answer states, for its sources
    focus: tuple[str, ...] = ()  # what a follow-up ("et elle ferme quand ?") points back at
    verdict: Verdict | None = None
    nothing_ahead: bool = False
    sources: tuple[str, ...] = ()  # documents the answer relies on beyond its items' own
