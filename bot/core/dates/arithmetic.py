"""Date arithmetic that never overflows: month shifts, month ends, nearest year, numbers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from bot.core.dates.vocabulary import _NUMBER_WORDS, _UNIT_LIMIT


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _last_day(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, _last_day(year, month)))


def _edge_day(year: int, month: int, edge: str) -> date:
    if edge == "start":
        return date(year, month, 1)
    if edge == "mid":
        return date(year, month, 15)
    return date(year, month, _last_day(year, month))


def _on(month: int, dom: int) -> Callable[[int], date | None]:
    return lambda year: _safe_date(year, month, dom)


def _at_edge(month: int, edge: str) -> Callable[[int], date | None]:
    return lambda year: _edge_day(year, month, edge)


def _nearest_year(make: Callable[[int], date | None], today: date, past: bool) -> date | None:
    """Next occurrence on/after today, or the latest on/before it when the
    clause speaks of the past; scans a few years so 29 February resolves."""
    years = range(today.year, today.year - 9, -1) if past else range(today.year, today.year + 9)
    for year in years:
        if not 1 <= year <= 9999:
            return None
        candidate = make(year)
        if candidate is not None and (candidate <= today if past else candidate >= today):
            return candidate
    return None


def _shift(today: date, amount: int, unit: str) -> date | None:
    if abs(amount) > _UNIT_LIMIT[unit]:
        return None
    try:
        if unit == "d":
            return today + timedelta(days=amount)
        if unit == "w":
            return today + timedelta(weeks=amount)
        return _add_months(today, amount * (12 if unit == "y" else 1))
    except (ValueError, OverflowError):
        return None


def _number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return _NUMBER_WORDS.get(token)


def _day_number(token: str) -> int | None:
    if token in ("premier", "first"):
        return 1
    return int(token) if token.isdigit() else None
