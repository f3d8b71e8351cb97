"""Find the dates a user names in a French or English question.

A regex layer runs first on a lowercased, accent-folded copy of the text and
resolves the phrases dateparser 1.5 gets wrong ("fin juin", "mi-juillet",
"avant le 15 mars", "lundi prochain", "sous 15 jours", "je" read as jeudi,
month-first numeric dates). dateparser is only a fallback for a few residual
phrases with a strong cue ("la semaine prochaine", "le cinq mai"), imported
lazily because importing it and loading its language data costs ~0.15-0.2 s.

The package is the date layer's sections, in the order a question goes through them:

    vocabulary.py   month, weekday, number and unit words; the regex building blocks
    cue.py          has_date_cue: a cheap check run before any real parsing
    folding.py      the accent-folded text, with a map back to the original characters
    arithmetic.py   month shifts, month edges, nearest year: date arithmetic that never overflows
    context.py      past-tense cues and clause boundaries
    spans.py        date candidates and times, and the longest-wins choice between overlaps
    extractors.py   the regex date extractors
    times.py        clock times and the date each belongs to
    fallback.py     dateparser, for a few residual phrases
    unreadable.py   the date-like phrases none of the above could read ("31/06", "16 juim")
    __init__.py     find_dates, FoundDate and clear_caches: the layer's entry points

Only the entry points are for use outside the package; the underscored names are shared
between its modules.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from datetime import time as clock_time  # the field named `time` hides the type below it

from bot.core.dates.arithmetic import _add_months, _safe_date
from bot.core.dates.context import _Context
from bot.core.dates.cue import has_date_cue, has_time_cue
from bot.core.dates.extractors import _EXTRACTORS, _apply_before
from bot.core.dates.fallback import _fallback
from bot.core.dates.folding import _FOLD_TABLE, _fold, _fold_char, _original, _quick_fold
from bot.core.dates.spans import _Cand, _Occupied, _select, _Time
from bot.core.dates.times import _TIGHT_GAP, _attach_times, _find_times
from bot.core.dates.unreadable import Unreadable, find_unreadable

__all__ = ["FoundDate", "Unreadable", "clear_caches", "find_dates", "find_unreadable"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FoundDate:
    day: date
    time: time | None  # only when the user names a time ("à 14h", "13:59", "2pm")
    text: str  # the phrase matched in the question
    # A part of the day ("demain matin"): `time` is its last minute, `earliest` its first.
    period: str | None = None
    earliest: clock_time | None = None
    # A span of days ("en février 2024"): `day` is its first day and `through` its last.
    through: date | None = None
    # "Ça ferme à midi. Il est 11h55": the time now, said apart from any day (today's).
    now: bool = False
    # "le 15 juin. À 14h ?": a time said in another sentence than its day (the day named last
    # before it); the day's own mention stays.
    apart: bool = False


def find_dates(text: str, today: date, lang: str = "fr") -> tuple[FoundDate, ...]:
    """Dates named in `text`, in order of appearance, resolved against `today`.

    Deterministic for (text, today, lang) and never raises.
    """
    if not isinstance(text, str) or not isinstance(today, date):
        return ()
    if isinstance(today, datetime):
        today = today.date()
    return _find_dates_cached(text, today, "en" if lang == "en" else "fr")


def clear_caches() -> None:
    """Forget every cached result of the date layer (the benchmark measures the uncached path)."""
    _find_dates_cached.cache_clear()
    _fold_char.cache_clear()
    _FOLD_TABLE.clear()
    _quick_fold.cache_clear()


@functools.lru_cache(maxsize=2048)
def _find_dates_cached(text: str, today: date, lang: str) -> tuple[FoundDate, ...]:
    if not has_date_cue(text) and not has_time_cue(text):
        return ()
    try:
        return _find_dates(text, today, lang)
    except Exception:  # the contract is "never raise"
        log.warning("find_dates failed on %r", text[:200], exc_info=True)
        return ()


def _find_dates(text: str, today: date, lang: str) -> tuple[FoundDate, ...]:
    s, origin = _fold(text)
    ctx = _Context(s, today)
    cands = [_apply_before(s, c) for extract in _EXTRACTORS for c in extract(s, ctx)]
    dates = _same_day_said_twice(s, _in_month_said(_select(cands)), today)
    times = _find_times(s)
    taken = _Occupied((d.start, d.end) for d in dates)
    for t in times:
        if taken.free(t.start, t.end):
            taken.add(t.start, t.end)
    extra = _fallback(s, ctx, taken, lang)
    if extra:
        dates = _select(dates + [_apply_before(s, c) for c in extra])
    if not dates:
        # A time and no day ("on l'envoie à 11h45", "il est 15h"): today, at that time.
        clocks = [t for t in times if not t.loose and t.period is None]
        if clocks:
            first = _first_clock(s, clocks)
            return (FoundDate(today, first.value, _original(text, origin, first.start, first.end)),)
    attached = _attach_times(s, dates, times)
    if len(dates) == 1 and not attached and dates[0].day == today:
        # "L'enrôlement ouvre aujourd'hui ? On pourra s'enrôler à 15h ?": a time said in
        # another sentence is today's too (not "le 30 avril. Il est 15h": that 15h is now).
        clocks = [t for t in times if not t.loose and t.period is None]
        if clocks:
            attached = {0: _first_clock(s, clocks)}
    results: list[FoundDate] = []
    for i, d in enumerate(dates):
        start, end, clock, period, earliest = d.start, d.end, None, None, None
        if (said := attached.get(i)) is not None and d.through is None:
            clock, period, earliest = said.value, said.period, said.earliest
            lo, hi = (d.end, said.start) if d.end <= said.start else (said.end, d.start)
            if _TIGHT_GAP.fullmatch(s[lo:hi]):
                start, end = min(start, said.start), max(end, said.end)
        results.append(
            FoundDate(
                d.day, clock, _original(text, origin, start, end), period, earliest, d.through
            )
        )
    # "advance requests close today at noon. It's 11:55 here": the time now, said apart from
    # the day named, is today's; "… ferme aujourd'hui à midi. Si je dépose à 12h10 ?": a clock
    # time said apart from any day is on the day named last before it.
    used = {id(t) for t in attached.values()}
    for t in times:
        if id(t) in used or t.loose or t.period is not None or not _outside_dates(dates, t):
            continue
        before = [d for d in dates if d.end <= t.start]
        if t.now or before:
            day = today if t.now else before[-1].day
            phrase = _original(text, origin, t.start, t.end)
            results.append(FoundDate(day, t.value, phrase, now=t.now, apart=True))
    results.sort(key=lambda r: text.find(r.text))
    return _without_bare_repeats(results)


def _in_month_said(dates: list[_Cand]) -> list[_Cand]:
    """A day of the month said bare after a full date is in that date's month, or the next
    ("on vise le 3/06, et si on dépose le 10 ?" is 10 June, not the next 10th from today)."""
    out: list[_Cand] = []
    for cand in dates:
        said = next((d for d in reversed(out) if not d.bare and d.through is None), None)
        if cand.bare and said is not None:
            day = _safe_date(said.day.year, said.day.month, cand.day.day)
            if day is not None and day < said.day:
                following = _add_months(said.day.replace(day=1), 1)
                day = _safe_date(following.year, following.month, cand.day.day)
            if day is not None:
                cand = dataclasses.replace(cand, day=day)
        out.append(cand)
    return out


_YEAR_SAID = re.compile(r"\b(?:19|20)\d\d\b|\d[/.-]\d{1,2}[/.-]\d")


def _same_day_said_twice(s: str, dates: list[_Cand], today: date) -> list[_Cand]:
    """ "tomorrow, March 15th, around 4pm": a day and month said without a year, with a relative
    day that falls on them, is that day (a past-tense word nearby, "her signed order", may have
    read it a year back)."""
    near = [d.day for d in dates if d.through is None and abs((d.day - today).days) <= 2]
    if not near or len(dates) < 2:
        return dates
    out = []
    for cand in dates:
        if _YEAR_SAID.search(s[cand.start : cand.end]) is None:
            twin = next(
                (
                    day
                    for day in near
                    if day != cand.day and (day.month, day.day) == (cand.day.month, cand.day.day)
                ),
                None,
            )
            if twin is not None:
                cand = dataclasses.replace(cand, day=twin)
        out.append(cand)
    return out


def _outside_dates(dates: list[_Cand], t: _Time) -> bool:
    """The time is not inside a date phrase ("le 3 mai il est 15h" is read by the day)."""
    return not any(d.start < t.end and t.start < d.end for d in dates)


# "ce midi à 12h15": the minutes say more than the word for noon.
_NOON_THEN_CLOCK = re.compile(r"\s*(?:a|vers|,)?\s*")


def _first_clock(s: str, clocks: list[_Time]) -> _Time:
    first = clocks[0]
    if len(clocks) > 1 and not any(c.isdigit() for c in s[first.start : first.end]):
        following = clocks[1]
        if _NOON_THEN_CLOCK.fullmatch(s[first.end : following.start]):
            return following
    return first


def _without_bare_repeats(results: list[FoundDate]) -> tuple[FoundDate, ...]:
    """ "demain mardi vers 14h", "tomorrow is August 31, we upload around 3pm": one day said
    twice, once with its time; the bare mention would hide the time the filing is made at."""
    timed = {r.day for r in results if r.time is not None and r.through is None and not r.apart}
    return tuple(
        r for r in results if r.time is not None or r.through is not None or r.day not in timed
    )
