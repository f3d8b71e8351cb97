"""What is open and what comes next, relative to today, including the 'nothing ahead' case."""

from __future__ import annotations

import datetime as dt

import pytest

from rules.calendar import Calendar
from rules.selection import ItemQuery
from rules.upcoming import outlook, outlook_or_wider


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


# (role, day, the items still ahead): in 2026 only the two DRIMbox deadlines are, and only for
# DRIMbox vendors and their imaging clients; after them nothing is.
AHEAD_CASES = [
    (None, dt.date(2026, 12, 1), ["sons-v2-drimbox-installation", "sons-v2-drimbox-solde"]),
    ("vendor", dt.date(2026, 12, 1), ["sons-v2-drimbox-installation", "sons-v2-drimbox-solde"]),
    ("hospital", dt.date(2026, 12, 1), ["sons-v2-drimbox-installation", "sons-v2-drimbox-solde"]),
    ("vendor", dt.date(2027, 9, 16), ["sons-v2-drimbox-solde"]),
    ("doctor", dt.date(2026, 12, 1), []),
    ("pharmacy", dt.date(2026, 12, 1), []),
    (None, dt.date(2027, 12, 16), []),
    ("vendor", dt.date(2027, 12, 16), []),
]


@pytest.mark.parametrize(("role", "today", "ahead"), AHEAD_CASES)
def test_what_is_still_ahead(calendar: Calendar, role, today, ahead) -> None:
    view = outlook_or_wider(calendar, today, ItemQuery(role=role))
    assert [i.id for i in (*view.current, *view.upcoming)] == ahead
    assert view.nothing_ahead == (not ahead)
    if not ahead:
        assert view.last_closed is not None


def test_a_dpi_vendor_in_2026_is_not_told_of_drimbox_as_its_own(calendar: Calendar) -> None:
    own = outlook(
        calendar, dt.date(2026, 12, 1), ItemQuery(role="vendor", software=frozenset({"DPI"}))
    )
    assert own.nothing_ahead and own.last_closed is not None
    assert own.last_closed.id == "sons-v2-dpi-avance"


def test_vendor_deadlines_in_order(calendar: Calendar) -> None:
    view = outlook(calendar, dt.date(2022, 4, 20), ItemQuery(role="vendor"))
    assert [i.id for i in view.current] == ["sons-v1-referencement"]
    ids = [i.id for i in view.upcoming]
    assert ids[:2] == ["sons-v1-complements", "sons-v1-commandes"]
    assert "sons-v1-lgc-commandes" not in ids  # a vendor who names no LGC is not given LGC dates
