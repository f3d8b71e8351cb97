"""Date extractors: each yields candidates over the folded text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from bot.core.dates.arithmetic import (
    _add_months,
    _at_edge,
    _day_number,
    _edge_day,
    _nearest_year,
    _number,
    _on,
    _safe_date,
    _shift,
)
from bot.core.dates.context import _Context
from bot.core.dates.spans import _Cand
from bot.core.dates.vocabulary import (
    _M,
    _MONTHS,
    _NOT_A_DAY,
    _NUM,
    _UNIT,
    _UNITS,
    _W,
    _WEEKDAYS,
    _YEAR,
    _compile,
)

_Extractor = Callable[[str, _Context], Iterator[_Cand]]

_ISO = _compile(
    r"(?<![\w.,/-])(?P<y>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"(?!\d|[/.-]\d)"
)
# Day first, always: "05/04/2022" is 5 April in France.
_DMY = _compile(
    r"(?:\b(?:le|the|on)\s+)?(?<![\w.,/-])(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})"
    r"(?P=sep)(?P<y>(?:19|20)\d\d|\d\d)(?!\d|[/.-]\d)"
)
# "15/06" without a year after a preposition, or written with two digits each ("avance 30/11 ?"),
# or followed by a time ("le 3/4 à 14h"): bare "3/4", "7/10" or "24/7" is a fraction or a rota.
# After a preposition or before a time, "15.06" is a day too (a bare "1.2" is a version number).
_DM_NUMERIC = _compile(
    r"\b(?:le|du|au|jusqu'au|on|before|by|until|from)\s+(?<![\w.,/-])"
    r"(?P<d>\d{1,2})[/.](?P<m>\d{1,2})(?!\d|[/.-]\d)"
    r"|(?<![\w.,/-])(?P<d2>\d{2})/(?P<m2>\d{2})(?![\d%]|/\d)"
    r"|(?<![\w.,/-])(?P<d3>\d{1,2})[/.](?P<m3>\d{1,2})(?=\s*(?:a\s+|at\s+)?\d{1,2}\s?(?:h|:\d\d|[ap]m))"
)


def _numeric_dates(s: str, ctx: _Context) -> Iterator[_Cand]:
    for pattern in (_ISO, _DMY):
        for m in pattern.finditer(s):
            year = int(m["y"])
            if year < 100:
                if m["sep"] == ".":
                    continue  # "1.2.30" is a version number far more often than a date
                year += 2000
            day = _safe_date(year, int(m["m"]), int(m["d"]))
            if day is not None:
                yield _Cand(m.start(), m.end(), day, exact=True)
    for m in _DM_NUMERIC.finditer(s):
        month = int(m["m"] or m["m2"] or m["m3"])
        dom = int(m["d"] or m["d2"] or m["d3"])
        if 1 <= month <= 12:
            found = _nearest_year(_on(month, dom), ctx.today, ctx.past(m.start(), m.end()))
            if found is not None:
                yield _Cand(m.start(), m.end(), found, exact=True)


_DAY_MONTH = _compile(
    rf"(?:\b(?:le|the|on\s+the|on)\s+)?(?:\b{_W},?\s+(?:the\s+|le\s+)?)?"
    r"(?<![\w.,/])(?P<d>\d{1,2}|premier|first)(?P<o>er|ere|re|eme|e|st|nd|rd|th)?\s*"
    rf"(?:of\s+)?(?P<m>{_M}){_YEAR}"
)
_MONTH_DAY = _compile(
    rf"(?:\bon\s+)?(?:\b{_W},?\s+)?\b(?P<m>{_M})\s*(?:the\s+)?(?<![\w.,/])(?P<d>\d{{1,2}})"
    rf"(?P<o>st|nd|rd|th|er)?(?!\w)(?!\s*{_NOT_A_DAY}){_YEAR}"
)
_MAY_BEFORE = _compile(
    r"\b(?:on|the|of|before|by|until|from|since|after|le|du|au|avant|apres|jusqu'au)\s*$"
)
_MAY_AFTER = _compile(r"\s*(?:$|[^\w\s]|\d|(?:at|a|and|et|or|ou|to|before|by|until)\b)")


def _may_is_month(s: str, m: re.Match[str]) -> bool:
    """English "may" is usually the modal verb ("vague 2 may open"), so it
    needs an ordinal, a year, a preposition before or a pause after."""
    if m["m"].rstrip(".") != "may" or m["y"]:
        return True
    if "o" in m.re.groupindex and m["o"]:
        return True
    first = min(m.start(g) for g in ("d", "m") if g in m.re.groupindex)
    return bool(_MAY_BEFORE.search(s, 0, first) or _MAY_AFTER.match(s, m.end()))


def _month_names(s: str, ctx: _Context) -> Iterator[_Cand]:
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for m in pattern.finditer(s):
            dom = _day_number(m["d"])
            if dom is None or not 1 <= dom <= 31 or not _may_is_month(s, m):
                continue
            month = _MONTHS[m["m"].rstrip(".")]
            if m["y"]:
                day = _safe_date(int(m["y"]), month, dom)
            else:
                past = ctx.past(m.start(), m.end())
                day = _nearest_year(_on(month, dom), ctx.today, past)
            if day is not None:
                yield _Cand(m.start(), m.end(), day, exact=True)


_EDGE_MONTH = _compile(
    r"\b(?P<mod>debut|mi|fin|early|mid|late|(?:the\s+)?(?:beginning|start|middle|end)\s+of)"
    r"(?:\s*-\s*|\s+)(?:(?:du\s+mois\s+)?(?:de\s+|d')|the\s+month\s+of\s+)?"
    rf"(?P<m>{_M}){_YEAR}"
)
_EDGE_OF = {
    "debut": "start", "early": "start", "beginning": "start", "start": "start",
    "mi": "mid", "mid": "mid", "middle": "mid",
    "fin": "end", "late": "end", "end": "end",
}  # fmt: skip


def _month_edges(s: str, ctx: _Context) -> Iterator[_Cand]:
    for m in _EDGE_MONTH.finditer(s):
        if "-" not in m[0] and " of" not in m["mod"] and not _may_is_month(s, m):
            continue
        edge = _EDGE_OF[next(w for w in m["mod"].split() if w != "the")]
        month = _MONTHS[m["m"].rstrip(".")]
        if m["y"]:
            day: date | None = _edge_day(int(m["y"]), month, edge)
        elif month == ctx.today.month:
            # "on est début juin", said on 2 June: this June, not next year's.
            day = _edge_day(ctx.today.year, month, edge)
        else:
            past = ctx.past(m.start(), m.end())
            day = _nearest_year(_at_edge(month, edge), ctx.today, past)
        if day is not None:
            yield _Cand(m.start(), m.end(), day)


# "en février 2024", "in February next year", "courant mars": every day of a month, first to last.
# Not "prolongée jusqu'en septembre": that is when something ends, not when one files.
_WHOLE_MONTH = _compile(
    r"(?<!jusqu')(?<!until\s)\b(?:en|in|during|courant|throughout|(?:(?:au|dans\s+le|in\s+the)\s+)?(?:mois|month)\s+"
    rf"(?:de\s+|d'|of\s+))\s*(?P<m>{_M})"
    r"(?:,?\s+(?P<y>(?:19|20)\d\d)(?!\d)|\s+(?P<next>next\s+year|of\s+next\s+year"
    r"|de\s+l'annee\s+prochaine|l'annee\s+prochaine)\b|\s+prochain\b)?(?!\s*-?\s*\d)"
)


def _whole_months(s: str, ctx: _Context) -> Iterator[_Cand]:
    today = ctx.today
    for m in _WHOLE_MONTH.finditer(s):
        month = _MONTHS[m["m"].rstrip(".")]
        past = ctx.past(m.start(), m.end())
        if m["y"] or m["next"]:
            year = int(m["y"]) if m["y"] else today.year + 1
        else:
            # This month while it lasts, else the next one (the last one, spoken of in the past).
            found = _nearest_year(_at_edge(month, "start" if past else "end"), today, past)
            if found is None:
                continue
            year = found.year
        first, last = _edge_day(year, month, "start"), _edge_day(year, month, "end")
        if first <= today <= last and not past:
            first = today  # "en décembre", said on 10 December: the days still ahead
        yield _Cand(m.start(), m.end(), first, through=last)


_EDGE_THIS_MONTH = _compile(
    r"\b(?P<mod>debut|mi|fin)(?:\s*-\s*|\s+)(?:(?:du|de|ce)\s+)?mois"
    r"(?:\s+(?P<rel>prochain|dernier|en\s+cours|courant))?\b"
    r"|\b(?:the\s+)?(?P<emod>beginning|start|middle|end)\s+of\s+(?P<erel>the|this|next|last)\s+month\b"
)
_EDGE_YEAR = _compile(
    r"\b(?P<mod>debut|fin)(?:\s*-\s*|\s+)(?:de\s+l'|d')annee(?:\s+(?P<rel>prochaine|derniere|en\s+cours))?\b"
    r"|\b(?:the\s+)?(?P<emod>beginning|start|end)\s+of\s+(?P<erel>the|this|next|last)\s+year\b"
    r"|\b(?P<ymod>debut|fin|early|late|(?:the\s+)?(?:beginning|start|end)\s+of)(?:\s*-\s*|\s+)"
    r"(?P<year>(?:19|20)\d\d)(?!\d)"
)
_REL_OFFSET = {"prochain": 1, "prochaine": 1, "next": 1, "dernier": -1, "derniere": -1, "last": -1}
# "Can we submit on the 1st?", "le 1er à 14h": a day of the month with no month, the next one
# (or the last one, spoken of in the past); only where nothing follows that it could be the first
# of ("le 1er trimestre", "the 1st window").
# French says the day bare too ("si on dépose le 14 ?", "le 14 au soir", "à 13h30 le 15").
_BARE_ORDINAL = _compile(
    r"\b(?:(?:le|the|on\s+the)\s+(?P<d>\d{1,2})(?:er|st|nd|rd|th)|le\s+(?P<d2>\d{1,2}))\b"
    r"(?=\s*(?:[?.!,;]|$|(?:a|at|avant|before|vers|around)\s+\d|(?:ou|or)\s+(?:le|the)\s+\d"
    r"|(?:avant|before)\s+(?:midi|noon|lunch|le\s+dejeuner|dejeuner)\b"
    r"|(?:in\s+the|dans\s+la|en|au|a\s+la)\s+(?:morning|afternoon|evening|matinee|soiree|fin\s+de\s+journee)\b"
    r"|(?:au\s+)?(?:matin|soir|morning|afternoon|evening)\b))"
)
_DAY_OF_MONTH = _compile(
    r"\b(?:le\s+|the\s+)?(?<![\w.,/])(?P<d>\d{1,2}|premier|first)(?:er|st|nd|rd|th)?\s+"
    r"(?:du\s+mois\s+(?P<rel>prochain|dernier)|of\s+(?P<erel>next|last)\s+month)\b"
)


def _relative_periods(s: str, ctx: _Context) -> Iterator[_Cand]:
    today = ctx.today
    for m in _EDGE_THIS_MONTH.finditer(s):
        edge = _EDGE_OF[m["mod"] or m["emod"]]
        offset = _REL_OFFSET.get(m["rel"] or m["erel"] or "", 0)
        base = _add_months(today.replace(day=1), offset)
        day = _edge_day(base.year, base.month, edge)
        if offset == 0 and day < today and not ctx.past(m.start(), m.end()):
            # "début du mois" said mid-month looks ahead, like a month name.
            base = _add_months(base, 1)
            day = _edge_day(base.year, base.month, edge)
        yield _Cand(m.start(), m.end(), day)
    for m in _EDGE_YEAR.finditer(s):
        if m["year"]:  # "fin 2022"
            edge = _EDGE_OF[next(w for w in m["ymod"].split() if w != "the")]
            yield _Cand(
                m.start(), m.end(), _edge_day(int(m["year"]), 1 if edge == "start" else 12, edge)
            )
            continue
        edge = _EDGE_OF[m["mod"] or m["emod"]]
        offset = _REL_OFFSET.get(m["rel"] or m["erel"] or "", 0)
        month = 1 if edge == "start" else 12
        if offset:
            found: date | None = _edge_day(today.year + offset, month, edge)
        else:
            past = ctx.past(m.start(), m.end())
            found = _nearest_year(_at_edge(month, edge), today, past)
        if found is not None:
            yield _Cand(m.start(), m.end(), found)
    for m in _BARE_ORDINAL.finditer(s):
        ordinal = int(m["d"] or m["d2"])
        past = ctx.past(m.start(), m.end())
        step = -1 if past else 1
        cursor = today.replace(day=1)
        for _ in range(3):  # the next (or last) month that has that day: "the 31st" skips June
            hit = _safe_date(cursor.year, cursor.month, ordinal)
            if hit is not None and (hit <= today if past else hit >= today):
                yield _Cand(m.start(), m.end(), hit, exact=True, bare=True)
                break
            cursor = _add_months(cursor, step)
    for m in _DAY_OF_MONTH.finditer(s):
        dom = _day_number(m["d"])
        base = _add_months(today.replace(day=1), _REL_OFFSET[m["rel"] or m["erel"]])
        if dom is not None and (found := _safe_date(base.year, base.month, dom)):
            yield _Cand(m.start(), m.end(), found, exact=True)


_REL_DAY = _compile(
    r"\b(?:(?P<p2>apres[- ]?demain|(?:the\s+)?day\s+after\s+tomorrow)"
    r"|(?P<m2>avant[- ]?hier|(?:the\s+)?day\s+before\s+yesterday)"
    r"|(?P<p1>demain|dmain|2main|tomm?orr?ow|tmrw|tmr|2moro|2mrw|2morrow)|(?P<m1>hier|yesterday|yday)"
    r"|(?P<z>aujourd'?\s?hui|aujourdhui|auj|ajd|aujd|today|tonight|ce\s+soir|ce\s+matin"
    r"|cet\s+apres[- ]?midi|cet\s+aprem|this\s+(?:morning|afternoon|evening)))\b"
)
_REL_DAY_OFFSET = {"p2": 2, "m2": -2, "p1": 1, "m1": -1, "z": 0}

_WITHIN = _compile(
    r"\b(?:dans|d'?\s?ici(?:\s+a)?|sous|within|in)\s+(?:(?:les|the\s+next|the|next)\s+)?"
    rf"(?P<n>{_NUM})\s*(?P<u>{_UNIT})\b(?:\s+(?:et|and)\s+(?P<n2>{_NUM})\s*(?P<u2>{_UNIT})\b)?"
)
_AGO = _compile(
    rf"\bil\s+y\s+a\s+(?P<n>{_NUM})\s*(?P<u>{_UNIT})\b"
    rf"|\b(?P<an>{_NUM})\s*(?P<au>{_UNIT})\s+ago\b"
)
_QUINZAINE = _compile(
    r"\b(?:sous|dans|d'?\s?ici|within|in)\s+(?:une\s+|la\s+|a\s+)?"
    r"(?P<q>huitaine|quinzaine|fortnight)\b(?:\s+de\s+jours)?"
)
_QUINZAINE_DAYS = {"huitaine": 8, "quinzaine": 15, "fortnight": 14}


def _relative_days(s: str, ctx: _Context) -> Iterator[_Cand]:
    today = ctx.today
    for m in _REL_DAY.finditer(s):
        group = next(name for name in _REL_DAY_OFFSET if m[name])
        yield _Cand(m.start(), m.end(), today + timedelta(days=_REL_DAY_OFFSET[group]))
    for m in _WITHIN.finditer(s):
        amount = _number(m["n"])
        found = _shift(today, amount, _UNITS[m["u"]]) if amount is not None else None
        if found is not None and m["n2"]:
            extra = _number(m["n2"])
            found = _shift(found, extra, _UNITS[m["u2"]]) if extra is not None else None
        if found is not None:
            yield _Cand(m.start(), m.end(), found)
    for m in _AGO.finditer(s):
        amount = _number(m["n"] or m["an"])
        if amount is not None and (found := _shift(today, -amount, _UNITS[m["u"] or m["au"]])):
            yield _Cand(m.start(), m.end(), found)
    for m in _QUINZAINE.finditer(s):
        yield _Cand(m.start(), m.end(), today + timedelta(days=_QUINZAINE_DAYS[m["q"]]))


_WEEKDAY = _compile(
    rf"\b(?:(?P<pre>ce|cette|this|next|last|coming|on|le)\s+)?(?P<wd>{_W})s?\b"
    r"(?:\s+(?P<post>prochaine?|qui\s+vient|dernier|derniere|passee?|next|d'apres))?"
)
_WEEKDAY_NUMBER = _compile(
    rf"\b(?:(?:ce|le|this|on)\s+)?(?P<wd>{_W}),?\s+(?:the\s+|le\s+)?(?<![\w.,/])"
    rf"(?P<d>\d{{1,2}}|premier)(?:er|st|nd|rd|th)?(?!\w)(?!\s*{_NOT_A_DAY})"
)


# "mercredi de la semaine prochaine", "la semaine prochaine mercredi", "wednesday next week": that
# weekday in the next calendar week, the span covering both so "la semaine prochaine" alone loses.
_NEXT_WEEK_AFTER = _compile(r"\s*,?\s*(?:de\s+)?(?:la\s+)?(?:semaine\s+prochaine|next\s+week)\b")
_NEXT_WEEK_BEFORE = _compile(
    r"\b(?:(?:la\s+)?semaine\s+prochaine|next\s+week)\s*,?\s*(?:le\s+|on\s+)?$"
)


# "la clôture tombe un samedi", "chaque lundi", "on Mondays": a kind of day, not a date.
# "un mercredi", "a Wednesday": any one, not a date ("jusqu'a mercredi" is one).
_ANY_WEEKDAY = _compile(r"(?<!')\b(?:un|a|chaque|every|tous\s+les|les)\s+$")


def _weekdays(s: str, ctx: _Context) -> Iterator[_Cand]:
    today = ctx.today
    for m in _WEEKDAY.finditer(s):
        if (
            not m["pre"]
            and not m["post"]
            and _ANY_WEEKDAY.search(s, max(0, m.start() - 12), m.start())
        ):
            continue
        target = _WEEKDAYS[m["wd"]]
        after = _NEXT_WEEK_AFTER.match(s, m.end())
        before = _NEXT_WEEK_BEFORE.search(s, max(0, m.start() - 30), m.start())
        if after or before:
            monday = today + timedelta(days=7 - today.weekday())
            start = before.start() if before else m.start()
            end = after.end() if after else m.end()
            yield _Cand(start, end, monday + timedelta(days=target), exact=True)
            continue
        ahead = (target - today.weekday()) % 7
        behind = (today.weekday() - target) % 7
        if m["pre"] == "next" or m["post"] in ("prochain", "prochaine", "next", "d'apres"):
            # "lundi prochain" said on a Monday is the Monday after.
            delta = ahead or 7
        elif m["pre"] == "last" or m["post"] in ("dernier", "derniere", "passe", "passee"):
            delta = -(behind or 7)
        elif ctx.past(m.start(), m.end()):
            delta = -behind
        else:
            delta = ahead
        yield _Cand(m.start(), m.end(), today + timedelta(days=delta))
    for m in _WEEKDAY_NUMBER.finditer(s):
        dom = _day_number(m["d"])
        if dom is None or not 1 <= dom <= 31:
            continue
        target = _WEEKDAYS[m["wd"]]
        past = ctx.past(m.start(), m.end())
        found = _weekday_day_of_month(ctx.today, dom, target, past)
        if found is not None:
            yield _Cand(m.start(), m.end(), found, exact=True)


def _weekday_day_of_month(today: date, dom: int, weekday: int, past: bool) -> date | None:
    """The nearest "mardi 3": the nearest 3rd (in the right direction) that is a Tuesday,
    else simply the nearest 3rd."""
    step = -1 if past else 1
    first: date | None = None
    base = today.replace(day=1)
    for months in range(0, 14):
        month_start = _add_months(base, step * months)
        candidate = _safe_date(month_start.year, month_start.month, dom)
        if candidate is None or (candidate > today if past else candidate < today):
            continue
        if candidate.weekday() == weekday:
            return candidate
        first = first or candidate
    return first


# "la semaine prochaine", "next month", "l'année dernière": the same day a unit later or earlier
# (what dateparser answered for these, read here without it).
_NEXT_UNIT = _compile(
    r"\b(?:(?:la|le|cette|ce|the|this)\s+|l')?(?P<u>semaine|mois|annee|week|month|year)\s+"
    r"(?P<rel>prochaine?|derniere?|passee?)\b|\b(?P<erel>next|last)\s+(?P<eu>week|month|year)\b"
)
_UNIT_OF = {"semaine": "w", "week": "w", "mois": "m", "month": "m", "annee": "y", "year": "y"}


# Holidays with a fixed day ("we have till Christmas", "avant la Toussaint"); movable ones
# (Easter, Ascension) are left to the user to date.
_HOLIDAYS = _compile(
    r"\b(?:(?P<eve>veille\s+de\s+noel|christmas\s+eve|reveillon\s+de\s+noel)"
    r"|(?P<xmas>noel|christmas(?:\s+day)?|xmas)"
    r"|(?P<nye>saint[\s-]sylvestre|new\s+year'?s\s+eve)"
    r"|(?P<ny>jour\s+de\s+l'an|nouvel\s+an|new\s+year'?s(?:\s+day)?)"
    r"|(?P<allsaints>toussaint|all\s+saints'?(?:\s+day)?))"
    rf"\b{_YEAR}"
)
_HOLIDAY_DAYS = {
    "eve": (12, 24),
    "xmas": (12, 25),
    "nye": (12, 31),
    "ny": (1, 1),
    "allsaints": (11, 1),
}


def _holidays(s: str, ctx: _Context) -> Iterator[_Cand]:
    for m in _HOLIDAYS.finditer(s):
        name = next(k for k in _HOLIDAY_DAYS if m[k])
        month, dom = _HOLIDAY_DAYS[name]
        if m["y"]:
            day = _safe_date(int(m["y"]), month, dom)
        else:
            day = _nearest_year(_on(month, dom), ctx.today, ctx.past(m.start(), m.end()))
        if day is not None:
            yield _Cand(m.start(), m.end(), day, exact=True)


def _next_units(s: str, ctx: _Context) -> Iterator[_Cand]:
    for m in _NEXT_UNIT.finditer(s):
        rel = m["rel"] or m["erel"]
        step = 1 if rel in ("prochain", "prochaine", "next") else -1
        found = _shift(ctx.today, step, _UNIT_OF[m["u"] or m["eu"]])
        if found is not None:
            yield _Cand(m.start(), m.end(), found)


_EXTRACTORS: tuple[_Extractor, ...] = (
    _numeric_dates,
    _month_names,
    _month_edges,
    _whole_months,
    _relative_periods,
    _relative_days,
    _weekdays,
    _next_units,
    _holidays,
)

# "avant le 15 mars": a filing "before the 15th" happens on the 14th at the latest.
_BEFORE = _compile(r"(?<!pas\s)(?<!not\s)\b(?:avant|before|prior\s+to)\s+$")


def _apply_before(s: str, cand: _Cand) -> _Cand:
    if not cand.exact:
        return cand
    m = _BEFORE.search(s, max(0, cand.start - 20), cand.start)
    if m is None:
        return cand
    return _Cand(m.start(), cand.end, cand.day - timedelta(days=1), exact=True)
