"""What is open now and what comes next, relative to "today"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rules.calendar import Calendar, CalendarItem
from rules.eligibility import Filing, judge
from rules.selection import ItemQuery, relevant_items


@dataclass(frozen=True)
class Outlook:
    """The items open on a day, those still to come, and the last one that closed before it."""

    today: dt.date
    current: tuple[CalendarItem, ...]
    upcoming: tuple[CalendarItem, ...]
    last_closed: CalendarItem | None

    @property
    def nothing_ahead(self) -> bool:
        return not self.current and not self.upcoming


def outlook(
    calendar: Calendar, today: dt.date, query: ItemQuery, *, windows_only: bool = False
) -> Outlook:
    items = relevant_items(calendar, query)
    if windows_only:
        items = [i for i in items if i.kind == "window"]
    filing = Filing(today)
    current: list[CalendarItem] = []
    upcoming: list[CalendarItem] = []
    closed: list[CalendarItem] = []
    for item in items:
        eligible, _ = judge(item, filing)
        if item.opens is not None and item.opens.day > today:
            upcoming.append(item)
        elif item.closes is not None and item.closes.day >= today and eligible is not False:
            (current if item.kind == "window" else upcoming).append(item)
        elif item.closes is not None:
            closed.append(item)

    def order(i: CalendarItem) -> tuple[dt.date, str]:
        moment = i.opens if (i.opens and i.opens.day > today) else (i.closes or i.opens)
        return (moment.day if moment else today, i.id)

    last = max(closed, key=lambda i: (i.horizon, i.id), default=None)
    return Outlook(
        today, tuple(sorted(current, key=order)), tuple(sorted(upcoming, key=order)), last
    )
