"""Eligibility of a filing against the calendar, relative to a date and optional time.

The rule, from the programme director: "si vous les dépassez d'un jour vous n'êtes plus éligible".
A closing moment with a time (14:00, 12:00) counts before that time; its very minute counts
neither way when the sources say "à 14h00" (they do not say), and not when they say "avant 12h".
A bare date counts the whole day. On a closing day with a time, a filing whose time we do not know gets no yes or no.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from knowledge.validation import Moment
from rules.calendar import Calendar, CalendarItem
from rules.selection import ItemQuery, keyword_items, pick_for_date, relevant_items

# Reason codes; bot/ renders them in the user's language.
OPEN = "open"
NOT_YET_OPEN = "not_yet_open"
CLOSED = "closed"
CLOSING_DAY_TIME_UNKNOWN = "closing_day_time_unknown"
OPENING_DAY_TIME_UNKNOWN = "opening_day_time_unknown"
OPENED_NO_CLOSE = "opened_no_close_known"
# "already open?" after an opening with no known close: it has opened (never "still open")
OPENED_ALREADY = "opened_already"
OPENED_THAT_DAY = "opened_that_day"  # only an opening is known, and the filing is after it that day
BETWEEN_WINDOWS = "between_windows"
WINDOW_AHEAD = "window_ahead"  # "can we still apply?" between windows: yes, in the next one
BEFORE_FIRST_WINDOW = "before_first_window"
AFTER_LAST_WINDOW = "after_last_window"
CLOSED_AT_LATEST = "closed_at_latest"  # an unconfirmed date, judged by the step's certain end
UNCONFIRMED = "unconfirmed"  # after the first known date, before the certain end: no yes or no
# Every dated step of the asker's software is past, and the sources name later ones without a date.
LATER_UNDATED = "later_undated"
DEPENDS_ON_DAY = "depends_on_day"  # a span of days ("en février") of which only some count
# Filed at the very minute of a close given "à 14h00": the sources do not say whether that minute
# still counts (only "avant 12h" says it does not), so neither yes nor no.
CLOSING_MINUTE = "closing_minute"


@dataclass(frozen=True)
class Filing:
    """When something is filed: a day, and the time of day when the user gave one."""

    day: dt.date
    time: dt.time | None = None
    # "demain matin": `time` is the period's last minute and `earliest` its first; a verdict
    # holds only when it is the same at both.
    period: str | None = None
    earliest: dt.time | None = None
    # "en février 2024": `day` is the span's first day and `through` its last; a verdict holds
    # only when every day of it gets the same one.
    through: dt.date | None = None

    def iso(self) -> str:
        if self.through is not None:
            return f"{self.day.isoformat()}/{self.through.isoformat()}"
        return (
            self.day.isoformat()
            if self.time is None
            else f"{self.day.isoformat()}T{self.time:%H:%M}"
        )


@dataclass(frozen=True)
class Verdict:
    eligible: bool | None
    item: CalendarItem
    filing: Filing
    reason: str
    next_item: CalendarItem | None = None  # where a hospital that missed a window is pointed
    # Between two windows, the one that closed before the filing: "le 1er novembre" is the day
    # after F3 closed, which is what the asker most likely missed.
    previous: CalendarItem | None = None


def judge(item: CalendarItem, filing: Filing) -> tuple[bool | None, str]:
    """Whether a filing counts for one item, and why."""
    if filing.through is not None:
        first = _judge_at(item, Filing(filing.day, dt.time(0, 0)))
        last = _judge_at(item, Filing(filing.through, dt.time(23, 59)))
        # Not yet open on the first day and closed on the last is not "no": the item was open
        # in between.
        return first if first == last else (None, DEPENDS_ON_DAY)
    if filing.earliest is not None and filing.time is not None:
        early = _judge_at(item, Filing(filing.day, filing.earliest))
        late = _judge_at(item, Filing(filing.day, filing.time))
        if early[0] == late[0]:
            return late
        # Some minutes of the period are in time and some are not: the hour decides.
        on_opening = item.opens is not None and item.opens.day == filing.day
        return None, OPENING_DAY_TIME_UNKNOWN if on_opening else CLOSING_DAY_TIME_UNKNOWN
    return _judge_at(item, filing)


def _judge_at(item: CalendarItem, filing: Filing) -> tuple[bool | None, str]:
    if item.opens is not None:
        opens = item.opens
        if filing.day < opens.day:
            return False, NOT_YET_OPEN
        if filing.day == opens.day and opens.time is not None:
            if filing.time is None:
                return None, OPENING_DAY_TIME_UNKNOWN
            if filing.time < opens.time:
                return False, NOT_YET_OPEN
    if item.closes is None:
        # Only an opening is known: on its opening day, once open, it is open ("le portail ouvre
        # demain à 14h, on peut déposer à 15h ?"); any later day, saying "still open" would be
        # inventing a closing date.
        if item.opens is not None and filing.day == item.opens.day and filing.time is not None:
            return True, OPENED_THAT_DAY
        return None, OPENED_NO_CLOSE
    if not item.confirmed:
        return _judge_unconfirmed(item, filing)
    return _by_close(item.closes, filing)


def _by_close(closes: Moment, filing: Filing) -> tuple[bool | None, str]:
    if filing.day < closes.day:
        return True, OPEN
    if filing.day > closes.day:
        return False, CLOSED
    if closes.time is None:
        return True, OPEN
    if filing.time is None:
        return None, CLOSING_DAY_TIME_UNKNOWN
    if filing.time == closes.time and not closes.exclusive:
        return None, CLOSING_MINUTE
    in_time = filing.time < closes.time
    return (True, OPEN) if in_time else (False, CLOSED)


def _judge_unconfirmed(item: CalendarItem, filing: Filing) -> tuple[bool | None, str]:
    """A reported date: in time up to the first date a source gave, too late after the moment the
    step certainly ended, and no yes or no in between."""
    first = item.first_known
    if first is not None:
        eligible, reason = _by_close(first, filing)
        if eligible is not False:
            return eligible, reason
    if item.latest is not None and _by_close(item.latest, filing)[0] is False:
        # Never "closed on <the reported date>": that date is the one nobody confirms.
        return False, CLOSED_AT_LATEST
    return None, UNCONFIRMED


def hospital_verdict(calendar: Calendar, filing: Filing, query: ItemQuery) -> Verdict | None:
    """SUN-ES: the window holding the date, else the next one; after the last, none is known."""
    windows = sorted(
        (
            i
            for i in relevant_items(calendar, query)
            if i.programme == "sun-es" and i.kind == "window"
        ),
        key=lambda i: i.opens.day if i.opens else dt.date.min,
    )
    named = keyword_items(windows, query.text)
    if len(named) == 1:
        eligible, reason = judge(named[0], filing)
        later = [w for w in windows if w.opens and w.opens.day > filing.day]
        # A window missed points to the next; one not open yet is itself what comes next.
        pointed = later[0] if later and eligible is False and reason == CLOSED else None
        return Verdict(eligible, named[0], filing, reason, pointed)
    if not windows:
        return None
    for window in windows:
        eligible, reason = judge(window, filing)
        if eligible or reason == DEPENDS_ON_DAY:
            return Verdict(eligible, window, filing, reason)
    upcoming = [w for w in windows if w.opens and w.opens.day > filing.day]
    if upcoming:
        if upcoming[0] is windows[0]:
            # Before the first window nobody has missed one: it is the first that comes.
            return Verdict(False, upcoming[0], filing, BEFORE_FIRST_WINDOW, upcoming[0])
        before = windows[windows.index(upcoming[0]) - 1]
        return Verdict(False, upcoming[0], filing, BETWEEN_WINDOWS, upcoming[0], before)
    return Verdict(False, windows[-1], filing, AFTER_LAST_WINDOW)


def vendor_verdict(calendar: Calendar, filing: Filing, query: ItemQuery) -> Verdict | None:
    """SONS: the milestone the question names (by keyword), else the one that matters on the date."""
    items = [i for i in relevant_items(calendar, query) if i.programme == "sons"]
    candidates = keyword_items(items, query.text) or items
    item = pick_for_date(candidates, filing.day)
    if item is None:
        return None
    eligible, reason = judge(item, filing)
    return Verdict(eligible, item, filing, reason)


def verdict(calendar: Calendar, filing: Filing, query: ItemQuery) -> Verdict | None:
    """The verdict for the query's role; None when the role is unknown (the bot then asks it)."""
    if query.role == "hospital":
        return hospital_verdict(calendar, filing, query)
    if query.role in ("vendor", "doctor", "pharmacy"):
        return vendor_verdict(calendar, filing, query)
    return None
