"""Clock times ("à 14h", "13:59", "2pm") and which date each belongs to."""

from __future__ import annotations

import bisect
import re
from datetime import date, datetime, time, timedelta

from bot.core.dates.context import _CLAUSE_BREAK
from bot.core.dates.spans import _Cand, _select, _Time
from bot.core.dates.vocabulary import _compile

# "il est 10h", "it's 4pm": the time now, as sure as "à 10h".
_TIME_PREFIX = (
    r"(?:\b(?P<pre>a|at|vers|around|des|from|avant|before|by|jusqu'a|until|il\s+est|it'?s|it\s+is)"
    r"\s+)?"
)
_TIMES = (
    _compile(
        rf"{_TIME_PREFIX}(?<![\w.,:])(?P<h>\d{{1,2}})(?:[:.h](?P<mi>\d\d))?\s?"
        r"(?P<ap>[ap])(?:m|\.m\.?)(?![a-z])"
    ),
    _compile(
        rf"{_TIME_PREFIX}(?<![\w.,:/])(?P<h>[01]?\d|2[0-3])(?::|\s*(?:h|heures?|hrs?)\s*)"
        r"(?P<mi>[0-5]\d)(?![\w:])"
    ),
    _compile(rf"{_TIME_PREFIX}(?<![\w.,:/])(?P<h>[01]?\d|2[0-3])\s*(?:h|heures?|hrs?)(?!\w)"),
    _compile(rf"{_TIME_PREFIX}(?<![\w-])(?<!apres\s)(?P<noon>midi|noon)\b"),
)
# A part of the day stands for every minute in it: a verdict holds only if it holds at both ends
# ("mercredi matin" is in time for a noon deadline, "l'après-midi" is not; for 14h it depends).
_PERIODS = _compile(
    r"\b(?:(?P<late>fin\s+de\s+(?:la\s+)?journee|fin\s+d'apres[- ]?midi|fin\s+d'aprem"
    r"|end\s+of\s+(?:the\s+)?(?:day|business\s+day)|eod|cob|close\s+of\s+business"
    r"|late\s+afternoon)"
    r"|(?P<morning>matin|matinee|du\s+mat|morning|avant\s+(?:le\s+|de\s+|la\s+pause\s+)?dej(?:euner)?"
    r"|before\s+lunch)"
    r"|(?P<after_lunch>after\s+lunch|apres\s+(?:le\s+|la\s+pause\s+)?dej(?:euner)?)"
    r"|(?P<afternoon>apres[- ]?midi|aprem|afternoon)"
    r"|(?P<evening>soir|soiree|evening|tonight))\b"
)
_PERIOD_SPANS = {
    # "en fin de journée", "by end of day": the last office hours.
    "late": (time(16, 0), time(19, 59)),
    "morning": (time(6, 0), time(11, 59)),
    "afternoon": (time(12, 0), time(17, 59)),
    # "after lunch": lunch is over, so not noon itself.
    "after_lunch": (time(13, 0), time(17, 59)),
    "evening": (time(18, 0), time(23, 59)),
}
# "avant minuit", "before midnight": the day's last minute.
_MIDNIGHT = _compile(r"\b(?:avant|before|by)\s+(?:minuit|midnight)\b")
# "sous 48h", "en 2 heures", "within 2 hours" are durations, not clock times.
_DURATION_BEFORE = _compile(
    r"\b(?:sous|en|dans|pendant|durant|within|in|for|during|faut|prend|takes)\s+$"
)
_TIGHT_GAP = re.compile(r"[\s,]*")
# "8h du mat", "9h du soir", "3 o'clock in the afternoon": an hour said with its part of the day is
# as sure as "à 8h".
_OF_THE_DAY = _compile(
    r"\s*(?:du\s+mat(?:in)?|du\s+soir|de\s+l'?\s?apres[- ]?midi|de\s+l'?\s?aprem"
    r"|in\s+the\s+(?:morning|afternoon|evening))\b"
)
_MAX_TIME_GAP = 60
# "14h pile", "2pm sharp": an hour said that precisely is a clock time, with no "à" before it.
_SHARP = _compile(r"\s*(?:pile|precises?|tapantes?|sharp|on\s+the\s+dot)\b")


# "vers 3h cet après-midi", "ce soir vers 8h": a clock hour under 12 said with a part of the day
# after noon is that part's hour.
_PM_PERIODS = ("afternoon", "after_lunch", "evening", "late")
_PERIOD_REACH = 25


def _afternoon_near(s: str, start: int, end: int) -> bool:
    window = s[max(0, start - _PERIOD_REACH) : end + _PERIOD_REACH]
    return any(
        m[name] for m in _PERIODS.finditer(window) for name in _PM_PERIODS if name in m.groupdict()
    )


def _find_times(s: str) -> list[_Time]:
    found: list[_Time] = []
    for index, pattern in enumerate(_TIMES):
        for m in pattern.finditer(s):
            clock = ":" in m.group(0)  # "for 12:00" is a clock time; "for 2h" is a duration
            if not clock and _DURATION_BEFORE.search(s, max(0, m.start() - 12), m.start()):
                continue
            if "noon" in pattern.groupindex:
                value = time(12, 0)
            else:
                hour, minute = int(m["h"]), int(m.groupdict().get("mi") or 0)
                if "ap" in pattern.groupindex:
                    if not 1 <= hour <= 12 or minute > 59:
                        continue
                    hour = hour % 12 + (12 if m["ap"] == "p" else 0)
                if hour > 23 or minute > 59:
                    continue
                pm = "ap" not in pattern.groupindex and 1 <= hour <= 11
                if pm and _afternoon_near(s, m.start(), m.end()):
                    hour += 12
                value = time(hour, minute)
            if m["pre"] in ("avant", "before"):
                # "avant midi", "before 2pm": the last minute before that time.
                value = (datetime.combine(date.min, value) - timedelta(minutes=1)).time()
            loose = (
                index == 2
                and not m["pre"]
                and not _OF_THE_DAY.match(s, m.end())
                and not _SHARP.match(s, m.end())
            )
            now = bool(m["pre"]) and m["pre"][:2] in ("il", "it")
            found.append(_Time(m.start(), m.end(), value, loose, now=now))
    for m in _MIDNIGHT.finditer(s):
        found.append(_Time(m.start(), m.end(), time(23, 59), False))
    clocks = _select(found)
    periods = [
        _Time(m.start(), m.end(), _PERIOD_SPANS[name][1], False, name, _PERIOD_SPANS[name][0])
        for m in _PERIODS.finditer(s)
        for name in _PERIOD_SPANS
        if m[name]
    ]
    return clocks + periods if clocks else periods


def _attach_times(s: str, dates: list[_Cand], times: list[_Time]) -> dict[int, _Time]:
    """Map date index -> the time said next to it in the same clause."""
    best: dict[int, tuple[int, _Time]] = {}
    starts = [d.start for d in dates]  # dates are disjoint and sorted
    for t in sorted(times, key=lambda t: t.period is not None):
        after = bisect.bisect_left(starts, t.end)  # first date starting after the time
        if after > 0 and dates[after - 1].end > t.start:
            # "ce matin", "tonight": the day phrase holds its part of the day.
            if t.period is not None and (after - 1) not in best:
                best[after - 1] = (0, t)
            continue  # the time overlaps a date phrase
        if t.period is not None and any(
            i in best and best[i][1].period is None for i in (after - 1, after)
        ):
            continue  # "demain matin à 9h": the clock time says more than the part of the day
        options: list[tuple[int, int, int]] = []  # (gap, prefer-preceding, date index)
        # Only the neighbours qualify: a time never reaches over another date.
        for i in (after - 1, after):
            if not 0 <= i < len(dates):
                continue
            d = dates[i]
            lo, hi = (d.end, t.start) if d.end <= t.start else (t.end, d.start)
            gap_text = s[lo:hi]
            if len(gap_text) > _MAX_TIME_GAP or _CLAUSE_BREAK.search(gap_text):
                continue
            if t.loose and _TIGHT_GAP.fullmatch(gap_text) is None:
                continue
            options.append((len(gap_text), 0 if d.end <= t.start else 1, i))
        if options:
            gap, _, i = min(options)
            if i not in best or gap < best[i][0]:
                best[i] = (gap, t)
    return {i: t for i, (_, t) in best.items()}
