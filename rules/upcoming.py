"""What is open now and what comes next, relative to "today"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from knowledge.validation import Moment
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
    wide: bool = False  # every item of the role, beyond the software the question is about

    @property
    def nothing_ahead(self) -> bool:
        return not self.current and not self.upcoming

    def shown(self, next_only: bool = False) -> list[CalendarItem]:
        """The items an answer shows and cites: what is open, then what comes (only the next
        one if asked), or else the last one that closed."""
        ahead = [*self.current, *self.upcoming[: 1 if next_only else None]]
        return ahead or ([self.last_closed] if self.last_closed else [])


def outlook(
    calendar: Calendar,
    today: dt.date,
    query: ItemQuery,
    *,
    windows_only: bool = False,
    wide: bool = False,
) -> Outlook:
    items = relevant_items(calendar, query, wide=wide)
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
        today, tuple(sorted(current, key=order)), tuple(sorted(upcoming, key=order)), last, wide
    )


def outlook_or_wider(
    calendar: Calendar,
    today: dt.date,
    query: ItemQuery,
    *,
    windows_only: bool = False,
    widen: bool | None = None,
    every: bool = False,
) -> Outlook:
    """The outlook for the role's own software; when nothing of it is ahead and the question named
    no software, every item of the role (so a DPI vendor in 2026 still hears of DRIMbox, and a
    hospital with no window ahead of its imaging clients' DRIMbox dates). `widen` defaults to
    `not windows_only`: a question about the windows themselves gets windows only. `every` (all
    the dates ahead asked, no software named) starts from every item of the role."""
    if every and not query.software and not windows_only:
        wider = outlook(calendar, today, query, wide=True)
        if not wider.nothing_ahead:
            return wider
    view = outlook(calendar, today, query, windows_only=windows_only)
    if widen is None:
        widen = not windows_only
    if view.nothing_ahead and not query.software and widen:
        wider = outlook(calendar, today, query, wide=True)
        if not wider.nothing_ahead:
            return wider
    return view


# Status codes of one item as of a day; bot/ renders each with its date in the user's language.
OPENS = "opens"  # not open yet: opens on `moment`
IS_OPEN = "open"  # a window open now, until `moment`
OPENED = "opened"  # an opening in the past, with no closing date known
DUE = "due"  # a deadline still ahead (or today), on `moment`
IS_CLOSED = "closed"  # over since `moment`
NOT_CONFIRMED = "unconfirmed"  # past its first known date, before its certain end


@dataclass(frozen=True)
class Status:
    code: str
    moment: Moment
    days: int  # from the day asked to `moment`: negative when it is past


def item_status(item: CalendarItem, today: dt.date) -> Status:
    """Where one item stands on `today`: every date the bot states is rendered from this."""

    def at(code: str, moment: Moment) -> Status:
        return Status(code, moment, (moment.day - today).days)

    if item.opens is not None and today < item.opens.day:
        return at(OPENS, item.opens)
    if item.closes is None:
        assert item.opens is not None  # the loader guarantees one of the two
        return at(OPENED, item.opens)
    if not item.confirmed:
        first = item.first_known
        if first is not None and today <= first.day:
            return at(DUE, first)
        if item.latest is not None and today > item.latest.day:
            return at(IS_CLOSED, item.latest)
        return at(NOT_CONFIRMED, item.closes)
    if today > item.closes.day:
        return at(IS_CLOSED, item.closes)
    return at(IS_OPEN if item.kind == "window" else DUE, item.closes)
