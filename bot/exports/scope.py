"""Which calendar items and moments a role and software get in an export, as of a day.

The same narrowing as the engine's (rules.selection.relevant_items): a role gets its own
software's items unless a software is named. Each item gives one moment per edge it has: its
opening and its closing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from knowledge.validation import Moment
from rules.calendar import ROLES, SOFTWARE, Calendar, CalendarItem
from rules.selection import ItemQuery, relevant_items

Edge = Literal["opens", "closes"]


class ScopeError(ValueError):
    """A role or software the calendar does not know; the message lists the known ones."""


def role_named(text: str | None) -> str | None:
    """The role as the calendar spells it; None for none; ScopeError for an unknown one."""
    if text is None or not text.strip():
        return None
    role = text.strip().lower()
    if role not in ROLES:
        raise ScopeError(f"unknown role {text!r}: use one of {', '.join(ROLES)}")
    return role


def software_named(text: str | None) -> str | None:
    """The software as the calendar spells it ('drimbox' -> 'DRIMbox'); ScopeError if unknown."""
    if text is None or not text.strip():
        return None
    wanted = text.strip().casefold()
    for name in SOFTWARE:
        if name.casefold() == wanted:
            return name
    raise ScopeError(f"unknown software {text!r}: use one of {', '.join(SOFTWARE)}")


@dataclass(frozen=True)
class Scope:
    """Whose calendar: a role (None: every role) and a software (None: the role's own)."""

    role: str | None = None
    software: str | None = None

    def items(self, calendar: Calendar) -> list[CalendarItem]:
        query = ItemQuery(
            role=self.role, software=frozenset({self.software}) if self.software else frozenset()
        )
        items = relevant_items(calendar, query)
        if self.software:
            # relevant_items falls back to the whole role when nothing names the software.
            items = [i for i in items if self.software in i.software]
        return sorted(items, key=lambda i: (_first(i).day, i.id))

    def slug(self) -> str:
        """For file names: 'segur-vendor-drimbox'."""
        parts = ["segur", self.role or "all", *([self.software.lower()] if self.software else [])]
        return "-".join(parts)


@dataclass(frozen=True)
class Dated:
    """One edge of one item: its opening or its closing moment."""

    item: CalendarItem
    edge: Edge
    moment: Moment

    @property
    def uid(self) -> str:
        """Stable across exports and date moves, so a re-import updates the event in place."""
        return f"{self.item.id}-{self.edge}@segur-bot"


def _first(item: CalendarItem) -> Moment:
    moment = item.opens or item.closes
    assert moment is not None  # the loader guarantees one of the two
    return moment


def dated_moments(
    items: list[CalendarItem], today: dt.date, *, everything: bool = False
) -> list[Dated]:
    """Every opening and closing of the items from `today` on (all of them with `everything`)."""
    out = []
    for item in items:
        edges: tuple[tuple[Edge, Moment | None], ...] = (
            ("opens", item.opens),
            # Sources that disagree: the earlier date, so that no reminder comes too late.
            ("closes", item.disputed or item.closes),
        )
        for edge, moment in edges:
            if moment is not None and (everything or moment.day >= today):
                out.append(Dated(item, edge, moment))
    return sorted(out, key=lambda d: (d.moment.day, d.moment.time or dt.time.min, d.item.id))


def software_ahead(calendar: Calendar, role: str | None, today: dt.date) -> list[str]:
    """The software of the role that still has a date from `today` on, in the calendar's order:
    what to suggest when the role's own software has nothing left."""
    return [name for name in SOFTWARE if dated_moments(Scope(role, name).items(calendar), today)]
