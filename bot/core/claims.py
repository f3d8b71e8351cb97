"""A date the user states and asks us to confirm: "on a jusqu'au 15 juin, c'est ça ?".

The question is not whether a filing on that day counts but whether the step ends (or opens) on
it: "the balance is due on 31 January, right?" is a no even though a filing then would be early
enough. The claim is checked against the calendar as known on the question's day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from bot.core.dates import FoundDate
from knowledge.normalize import fold
from knowledge.validation import Moment
from rules.calendar import CalendarItem
from rules.eligibility import Filing, Verdict
from rules.selection import keyword_items

CLAIM_RIGHT = "claim_{end}_right"
CLAIM_WRONG = "claim_{end}_wrong"
CLAIM_TIME_WRONG = "claim_{end}_time_wrong"
CLAIM_UNDATED = "claim_{end}_undated"

_BEFORE = re.compile(r"(?:avant|before)\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b|\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\b")


def _moment(item: CalendarItem, end: str) -> Moment | None:
    return item.closes if end == "closes" else item.opens


def _same_day(claimed: dt.date, actual: dt.date, year_said: bool) -> bool:
    if year_said:
        return claimed == actual
    return (claimed.month, claimed.day) == (actual.month, actual.day)


def _in_year(claimed: dt.date, year: int) -> dt.date:
    """The day and month claimed, in the year of the step it is compared with ("le 30 avril"
    asked in May 2022 is F2's 30 April 2022, not next year's)."""
    try:
        return claimed.replace(year=year)
    except ValueError:  # 29 February
        return claimed.replace(year=year, day=28)


def check_claim(
    candidates: list[CalendarItem], found: FoundDate, end: str, text: str
) -> tuple[Verdict, list[CalendarItem]] | None:
    """The verdict on the claim, and every item it is right for (several software types share
    a deadline). None when no candidate has the end claimed at all."""
    if end == "closes" and _BEFORE.match(fold(found.text)):
        # "il doit être référencé avant le 15 juin, c'est exact ?" claims the 15 June close;
        # the date layer reads "avant le 15 juin" as the 14th, the last day before it.
        found = dataclasses.replace(found, day=found.day + dt.timedelta(days=1), time=None)
    named = keyword_items(candidates, text)
    pool = named or candidates
    dated = [i for i in pool if _moment(i, end) is not None]
    year_said = _YEAR.search(found.text) is not None
    if not pool:
        return None
    if not dated:
        item = pool[0]
        filing = Filing(found.day, found.time)
        return Verdict(None, item, filing, CLAIM_UNDATED.format(end=end)), [item]
    right = [i for i in dated if _same_day(found.day, _moment_day(i, end), year_said)]
    if right:
        item = right[0]
        actual = _moment(item, end)
        assert actual is not None
        filing = Filing(_in_year(found.day, actual.day.year), found.time)
        if found.time is not None and actual.time is not None and found.time != actual.time:
            return Verdict(False, item, filing, CLAIM_TIME_WRONG.format(end=end)), [item]
        return Verdict(True, item, filing, CLAIM_RIGHT.format(end=end)), right

    # The step the claim most likely means: the one whose date is nearest the day claimed.
    def distance(i: CalendarItem) -> int:
        day = _moment_day(i, end)
        return abs((day - (found.day if year_said else _in_year(found.day, day.year))).days)

    # A tie (a day without its year, F2 and F4 both opening on 1 March): the one in the year
    # the date layer read the day in, as of the question's day.
    item = min(
        dated, key=lambda i: (distance(i), abs((_moment_day(i, end) - found.day).days), i.id)
    )
    year = _moment_day(item, end).year
    filing = Filing(found.day if year_said else _in_year(found.day, year), found.time)
    return Verdict(False, item, filing, CLAIM_WRONG.format(end=end)), [item]


def _moment_day(item: CalendarItem, end: str) -> dt.date:
    moment = _moment(item, end)
    assert moment is not None
    return moment.day
