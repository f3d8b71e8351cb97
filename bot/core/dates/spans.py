"""The spans found in the folded text (date candidates and times) and the longest-wins
selection between overlapping spans."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import TypeVar


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    day: date
    exact: bool = False  # names one calendar day, so "avant"/"before" moves it back
    through: date | None = None  # a span of days ("en février 2024"): its last day
    bare: bool = False  # a day of the month said without its month ("et si on dépose le 10 ?")


@dataclass(frozen=True)
class _Time:
    start: int
    end: int
    value: time
    loose: bool  # "14h" alone: only trusted right next to a date
    # A part of the day ("demain matin"): value is its last minute, earliest its first.
    period: str | None = None
    earliest: time | None = None
    now: bool = False  # "il est 11h50", "it's 11:55": the time now, not a step's or a filing's


class _Occupied:
    """Disjoint spans kept sorted, so overlap tests stay logarithmic on long texts."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in spans:
            self.add(start, end)

    def free(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start)
        if i > 0 and self._ends[i - 1] > start:
            return False
        return i == len(self._starts) or self._starts[i] >= end

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)


_SpanT = TypeVar("_SpanT", "_Cand", "_Time")


def _select(cands: list[_SpanT]) -> list[_SpanT]:
    """Longest phrase wins on overlap ("après-demain" over "demain")."""
    occupied = _Occupied()
    chosen: list[_SpanT] = []
    for cand in sorted(cands, key=lambda c: (c.start - c.end, c.start)):
        if occupied.free(cand.start, cand.end):
            occupied.add(cand.start, cand.end)
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)
