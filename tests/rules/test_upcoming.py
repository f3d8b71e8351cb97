"""What is open and what comes next, relative to today, including the 'nothing ahead' case."""

from __future__ import annotations

import datetime as dt

import pytest

from rules.calendar import Calendar
from rules.selection import ItemQuery
from rules.upcoming import outlook


@pytest.mark.parametrize(
    ("today", "current", "first_upcoming"),
    [
        (dt.date(2021, 8, 31), [], "sunes-f1"),
        (dt.date(2021, 9, 1), ["sunes-f1"], "sunes-f2"),
        (dt.date(2021, 12, 1), [], "sunes-f2"),
        (dt.date(2022, 4, 30), ["sunes-f2"], "sunes-f3"),
        (dt.date(2022, 5, 1), [], "sunes-f3"),
        (dt.date(2023, 4, 30), ["sunes-f4"], None),
    ],
)
def test_hospital_windows(calendar: Calendar, today, current, first_upcoming) -> None:
    view = outlook(calendar, today, ItemQuery(role="hospital"), windows_only=True)
    assert [i.id for i in view.current] == current
    assert (view.upcoming[0].id if view.upcoming else None) == first_upcoming


@pytest.mark.parametrize("role", [None, "hospital", "vendor", "doctor", "pharmacy"])
def test_nothing_ahead_in_2026(calendar: Calendar, role) -> None:
    view = outlook(calendar, dt.date(2026, 11, 23), ItemQuery(role=role))
    assert view.nothing_ahead
    assert view.last_closed is not None


def test_vendor_deadlines_in_order(calendar: Calendar) -> None:
    view = outlook(calendar, dt.date(2022, 4, 20), ItemQuery(role="vendor"))
    assert [i.id for i in view.current] == ["sons-v1-referencement"]
    ids = [i.id for i in view.upcoming]
    assert ids[:2] == ["sons-v1-complements", "sons-v1-commandes"]
    assert "sons-v1-lgc-commandes" not in ids  # a vendor who names no LGC is not given LGC dates
