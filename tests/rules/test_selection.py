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


# The PFI and DPI advances of vague 2 (12 Sept 2024 14:00 to 17 Sept / 17 Dec 2025) and the
# imaging couloir's portal opening (10 July 2025 14:00, no close).
WAVE_2 = [
    i
    for i in (
        CALENDAR.get("sons-v2-pfi-avance"),
        CALENDAR.get("sons-v2-dpi-avance"),
        CALENDAR.get("sons-v2-imagerie-avance-ouverture"),
    )
    if i
]


@pytest.mark.parametrize(
    ("day", "picked"),
    [
        (D(2024, 9, 12), "sons-v2-pfi-avance"),  # the advances open that day
        (D(2025, 7, 9), "sons-v2-pfi-avance"),  # open, before an opening that closes nothing
        (D(2025, 7, 10), "sons-v2-imagerie-avance-ouverture"),  # the opening's own day
        (D(2025, 7, 11), "sons-v2-pfi-avance"),
        (D(2025, 9, 17), "sons-v2-pfi-avance"),  # the PFI's last day
        (D(2025, 9, 18), "sons-v2-dpi-avance"),  # only the DPI's still open
        (D(2025, 12, 17), "sons-v2-dpi-avance"),
        (D(2025, 12, 18), "sons-v2-dpi-avance"),  # all past: the last to close
    ],
)
def test_an_item_open_or_moving_on_the_day_comes_first(day: dt.date, picked: str) -> None:
    assert len(WAVE_2) == 3
    item = pick_for_date(WAVE_2, day)
    assert item is not None and item.id == picked


def test_no_candidate_no_item() -> None:
    assert pick_for_date([], D(2022, 1, 1)) is None
