"""dateparser as a fallback for a few residual phrases, imported lazily (~0.15-0.2 s)."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, time
from typing import Any

from bot.core.dates.arithmetic import _nearest_year, _on
from bot.core.dates.context import _Context
from bot.core.dates.spans import _Cand, _Occupied
from bot.core.dates.vocabulary import _MONTHS, _alt, _compile, _words

log = logging.getLogger(__name__)


_DAY_WORDS = _words(
    "premier deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze "
    "quinze seize vingt trente two three four five six seven eight nine ten eleven "
    "twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty "
    "thirty first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
    "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
    "nineteenth twentieth thirtieth"
)
_GLUE_WORDS = frozenset({"le", "the", "of", "et", "and"})
_TOKEN = _compile(r"[a-z]+(?:-[a-z]+)*|(?:19|20)\d\d")
_MONTH_WORD = _compile(rf"\b(?:{_alt(_MONTHS)})\b")
_MAX_FALLBACK_CALLS = 4
_MAX_MONTH_WINDOWS = 32


def _window(s: str, start: int, end: int) -> tuple[int, int, bool]:
    """Widen a month name over adjacent spelled-out day words ("le cinq mai")."""
    region = max(0, start - 80)
    tokens = list(_TOKEN.finditer(s, region, min(len(s), end + 80)))
    index = next((i for i, t in enumerate(tokens) if t.start() == start), None)
    lo, hi, has_day = start, end, False
    if index is None:
        return lo, hi, has_day

    def usable(t: re.Match[str], gap: str) -> bool:
        return gap.strip(" ,") == "" and (
            t[0].isdigit() or all(p in _DAY_WORDS or p in _GLUE_WORDS for p in t[0].split("-"))
        )

    for t in reversed(tokens[max(0, index - 4) : index]):
        if not usable(t, s[t.end() : lo]) or t[0].isdigit():
            break
        lo, has_day = t.start(), has_day or t[0] not in _GLUE_WORDS
    for t in tokens[index + 1 : index + 5]:
        if not usable(t, s[hi : t.start()]):
            break
        hi, has_day = t.end(), has_day or (t[0] not in _GLUE_WORDS and not t[0].isdigit())
    return lo, hi, has_day


def _dateparser_day(phrase: str, today: date, lang: str, need_day: bool) -> date | None:
    import dateparser  # lazy: ~0.15-0.2 s to import and load language data

    settings: dict[str, Any] = {
        "DATE_ORDER": "DMY",
        "RELATIVE_BASE": datetime.combine(today, time()),
        "PREFER_DATES_FROM": "future",
    }
    if need_day:
        # Otherwise "mai 2022" comes back as 2022-05-<today's day>.
        settings["REQUIRE_PARTS"] = ["day", "month"]
    languages = ["en", "fr"] if lang == "en" else ["fr", "en"]
    try:
        parsed = dateparser.parse(phrase, languages=languages, settings=settings)
    except Exception:  # dateparser must not break the bot
        log.warning("dateparser failed on %r", phrase, exc_info=True)
        return None
    return parsed.date() if parsed is not None else None


def _fallback(s: str, ctx: _Context, taken: _Occupied, lang: str) -> list[_Cand]:
    jobs: list[tuple[int, int, bool]] = []
    # Bare month names ("en mai") are common and never dates: look at a few only.
    residual_months = [
        m for m in _MONTH_WORD.finditer(s) if m[0] != "may" and taken.free(*m.span())
    ]
    month_jobs = 0
    for m in residual_months[:_MAX_MONTH_WINDOWS]:
        lo, hi, has_day = _window(s, m.start(), m.end())
        if has_day and taken.free(lo, hi) and month_jobs < _MAX_FALLBACK_CALLS:
            jobs.append((lo, hi, True))
            month_jobs += 1
    found: list[_Cand] = []
    for start, end, need_day in sorted(jobs)[:_MAX_FALLBACK_CALLS]:
        day = _dateparser_day(s[start:end], ctx.today, lang, need_day)
        if day is None:
            continue
        if need_day and not re.search(r"(?:19|20)\d\d", s[start:end]):
            day = _nearest_year(_on(day.month, day.day), ctx.today, ctx.past(start, end))
        if day is not None:
            found.append(_Cand(start, end, day, exact=need_day))
    return found
