"""Which calendar item a dated question is about, around every boundary of pick_for_date."""

from __future__ import annotations

import datetime as dt

import pytest

from rules.calendar import load_calendar
from rules.selection import pick_for_date

D = dt.date
CALENDAR = load_calendar()
# The DPI advances: vague 1 closed on 30 November 2022; vague 2 opened on 12 September 2024.
ADVANCES = [i for i in (CALENDAR.get("sons-v1-commandes"), CALENDAR.get("sons-v2-dpi-avance")) if i]


@pytest.mark.parametrize(
    ("day", "picked"),
    [
        (D(2022, 11, 30), "sons-v1-commandes"),  # its last day
        (D(2022, 12, 1), "sons-v1-commandes"),  # the day after: the one just missed
        (D(2023, 10, 21), "sons-v1-commandes"),  # nearer the close than the opening
        (D(2023, 10, 23), "sons-v2-dpi-avance"),  # nearer the opening
        (D(2024, 9, 11), "sons-v2-dpi-avance"),  # the day before it opens
        (D(2024, 9, 12), "sons-v2-dpi-avance"),
        (D(2026, 1, 1), "sons-v2-dpi-avance"),  # everything past: the last to close
    ],
)
def test_the_item_that_matters_on_a_day(day: dt.date, picked: str) -> None:
    assert len(ADVANCES) == 2
    item = pick_for_date(ADVANCES, day)
    assert item is not None and item.id == picked


def test_no_candidate_no_item() -> None:
    assert pick_for_date([], D(2022, 1, 1)) is None
