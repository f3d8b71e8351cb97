"""Which calendar items a question is about: by role, software type, wave and keywords."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from rules.calendar import Calendar, CalendarItem


@dataclass(frozen=True)
class ItemQuery:
    """What the parser found in a question that narrows the calendar."""

    role: str | None = None
    software: frozenset[str] = frozenset()
    waves: frozenset[int] = frozenset()
    text: str = ""  # the folded question, for keyword matching


def _contains(text: str, phrase: str) -> bool:
    return f" {phrase} " in f" {text} "


def _keyword_hits(item: CalendarItem, text: str) -> int:
    return sum(1 for k in item.keywords if _contains(text, k))


def relevant_items(
    calendar: Calendar, query: ItemQuery, *, wide: bool = False
) -> list[CalendarItem]:
    """Items for the query's role, narrowed by any software type or wave it names.

    A question that names no software gets the role's own software (calendar.yaml's
    role_software); `wide` keeps every item of the role instead.
    """
    items = [i for i in calendar.items if query.role is None or query.role in i.audience]
    if query.software:
        narrowed = [i for i in items if i.software & query.software]
        items = narrowed or items
    elif not wide and query.role is not None and query.role in calendar.role_software:
        default = calendar.role_software[query.role]
        items = [i for i in items if (i.software & default if default else not i.software)]
    if query.waves:
        narrowed = [i for i in items if i.wave in query.waves or i.wave is None]
        items = narrowed or items
    return items


def keyword_items(items: Iterable[CalendarItem], text: str) -> list[CalendarItem]:
    """The items the question names by any of their keywords (empty when it names none).

    A hit counts once per item: "advance request" must not outweigh "avance" just because one
    item lists both spellings; the date then decides between the items named.
    """
    return [i for i in items if _keyword_hits(i, text) > 0]


def pick_for_date(items: list[CalendarItem], day: dt.date) -> CalendarItem | None:
    """Among candidate items, the one that matters on `day`.

    The first to close of those that open or close on that day, else of those open on that day;
    else the first one still open or upcoming on that day (by closing date); if every one is
    past, the latest to close, since that is the one the user most likely just missed. When the one ahead
    has not opened yet, the one that closed last wins if it is nearer: "l'avance, ce matin ?" the
    day after the vague 1 advances closed is about those, not the vague 2 ones two years later.
    """
    if not items:
        return None
    ordered = sorted(items, key=lambda i: (i.horizon, i.id))
    # "portail avance V2 le 12/09/2024 à 14h30": the advances that opened that day, not an
    # opening ten months ahead; "imaging advance portal, open this morning?" on the day it
    # opens: that opening, not the advances already open. An item that opens or closes that
    # day first, then one open that day.
    that_day = [
        i for i in ordered if any(m is not None and m.day == day for m in (i.opens, i.closes))
    ]
    if that_day:
        return that_day[0]
    open_then = [
        i
        for i in ordered
        if i.opens is not None and i.closes is not None and i.opens.day <= day <= i.closes.day
    ]
    if open_then:
        return open_then[0]
    for n, item in enumerate(ordered):
        if item.horizon >= day:
            before = ordered[n - 1] if n else None
            opens = item.opens.day if item.opens is not None else None
            if before and opens and opens > day and (day - before.horizon) < (opens - day):
                return before
            return item
    return ordered[-1]
