"""A move of a date counts from the day it was announced: before it, the earlier date was in force."""

from __future__ import annotations

import datetime as dt

import pytest

from rules.calendar import load_calendar
from rules.eligibility import Filing, judge

D = dt.date
CALENDAR = load_calendar()
ORDERS = "sons-v1-lgc-commandes"  # 15 July 2022, moved to 30 November 2022 on 21 June 2022


@pytest.mark.parametrize(
    ("asked", "closes", "moves_told"),
    [
        (D(2022, 1, 10), "2022-07-15", 0),
        (D(2022, 6, 20), "2022-07-15", 0),  # the day before the announcement
        (D(2022, 6, 21), "2022-11-30", 1),  # the day of it
        (D(2022, 6, 22), "2022-11-30", 1),
        (D(2026, 12, 1), "2022-11-30", 1),
    ],
)
def test_the_date_in_force_is_the_one_known_on_the_day_asked(
    asked: dt.date, closes: str, moves_told: int
) -> None:
    item = CALENDAR.as_of(asked).get(ORDERS)
    assert item is not None and item.closes is not None
    assert (item.closes.iso(), len(item.revisions)) == (closes, moves_told)


@pytest.mark.parametrize(("asked", "eligible"), [(D(2022, 6, 20), False), (D(2022, 6, 21), True)])
def test_an_order_on_25_july_is_judged_with_the_date_known_that_day(
    asked: dt.date, eligible: bool
) -> None:
    item = CALENDAR.as_of(asked).get(ORDERS)
    assert item is not None
    assert judge(item, Filing(D(2022, 7, 25)))[0] is eligible


def test_after_the_last_announcement_the_calendar_is_itself() -> None:
    last = CALENDAR.announcements()[-1]
    assert CALENDAR.as_of(last) is CALENDAR
    assert CALENDAR.as_of(last - dt.timedelta(days=1)) is not CALENDAR
