"""Which calendar item a dated question is about, around every boundary of pick_for_date."""

from __future__ import annotations

import datetime as dt

import pytest

from rules.calendar import CalendarItem, load_calendar
from rules.selection import pick_for_date

D = dt.date
CALENDAR = load_calendar()


def _items(*ids: str) -> list[CalendarItem]:
    items = [CALENDAR.get(i) for i in ids]
    assert all(items), ids  # a renamed item must fail here, not shrink the pool
    return [i for i in items if i]


# The DPI advances: vague 1 closed on 30 November 2022; vague 2 opened on 12 September 2024.
ADVANCES = _items("sons-v1-commandes", "sons-v2-dpi-avance")
# The PFI and DPI advances of vague 2 (12 Sept 2024 14:00 to 17 Sept / 17 Dec 2025) and the
# imaging couloir's portal opening (10 July 2025 14:00, no close).
WAVE_2 = _items("sons-v2-pfi-avance", "sons-v2-dpi-avance", "sons-v2-imagerie-avance-ouverture")


@pytest.mark.parametrize(
    ("pool", "day", "picked"),
    [
        (ADVANCES, D(2022, 11, 30), "sons-v1-commandes"),  # its last day
        (ADVANCES, D(2022, 12, 1), "sons-v1-commandes"),  # the day after: the one just missed
        (ADVANCES, D(2023, 10, 21), "sons-v1-commandes"),  # nearer the close than the opening
        (ADVANCES, D(2023, 10, 23), "sons-v2-dpi-avance"),  # nearer the opening
        (ADVANCES, D(2024, 9, 11), "sons-v2-dpi-avance"),  # the day before it opens
        (ADVANCES, D(2024, 9, 12), "sons-v2-dpi-avance"),
        (ADVANCES, D(2026, 1, 1), "sons-v2-dpi-avance"),  # everything past: the last to close
        # An item open or moving on the day comes first.
        (WAVE_2, D(2024, 9, 12), "sons-v2-pfi-avance"),  # the advances open that day
        (WAVE_2, D(2025, 7, 9), "sons-v2-pfi-avance"),  # open, before an opening closing nothing
        (WAVE_2, D(2025, 7, 10), "sons-v2-imagerie-avance-ouverture"),  # the opening's own day
        (WAVE_2, D(2025, 7, 11), "sons-v2-pfi-avance"),
        (WAVE_2, D(2025, 9, 17), "sons-v2-pfi-avance"),  # the PFI's last day
        (WAVE_2, D(2025, 9, 18), "sons-v2-dpi-avance"),  # only the DPI's still open
        (WAVE_2, D(2025, 12, 17), "sons-v2-dpi-avance"),
        (WAVE_2, D(2025, 12, 18), "sons-v2-dpi-avance"),  # all past: the last to close
    ],
)
def test_the_item_that_matters_on_a_day(
    pool: list[CalendarItem], day: dt.date, picked: str
) -> None:
    item = pick_for_date(pool, day)
    assert item is not None and item.id == picked


def test_no_candidate_no_item() -> None:
    assert pick_for_date([], D(2022, 1, 1)) is None
