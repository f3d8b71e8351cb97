"""Find the dates a user names in a French or English question.

A regex layer runs first on a lowercased, accent-folded copy of the text and
resolves the phrases dateparser 1.5 gets wrong ("fin juin", "mi-juillet",
"avant le 15 mars", "lundi prochain", "sous 15 jours", "je" read as jeudi,
month-first numeric dates). dateparser is only a fallback for a few residual
phrases with a strong cue ("la semaine prochaine", "le cinq mai"), imported
lazily because importing it and loading its language data costs ~0.15-0.2 s.
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

__all__ = ["FoundDate", "find_dates", "has_date_cue"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FoundDate:
    day: date
    time: time | None  # only when the user names a time ("à 14h", "13:59", "2pm")
    text: str  # the phrase matched in the question


# ---------------------------------------------------------------------------
# Vocabulary (accent-folded, lowercase)
# ---------------------------------------------------------------------------

_MONTHS: dict[str, int] = {
    "janvier": 1, "janv": 1, "january": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2, "february": 2, "feb": 2,
    "mars": 3, "march": 3, "mar": 3,
    "avril": 4, "avr": 4, "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juin": 6, "june": 6, "jun": 6,
    "juillet": 7, "juil": 7, "july": 7, "jul": 7,
    "aout": 8, "august": 8, "aug": 8,
    "septembre": 9, "september": 9, "sept": 9, "sep": 9,
    "octobre": 10, "october": 10, "oct": 10,
    "novembre": 11, "november": 11, "nov": 11,
    "decembre": 12, "december": 12, "dec": 12,
}  # fmt: skip

# Full names only: abbreviations ("je", "me", "ma", "di", "mon", "sun", ...)
# collide with ordinary words and product names ("SUN-ES").
_WEEKDAYS: dict[str, int] = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4,
    "samedi": 5, "dimanche": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip

_NUMBER_WORDS: dict[str, int] = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11,
    "douze": 12, "quinze": 15, "vingt": 20, "trente": 30,
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip

_UNITS: dict[str, str] = {
    "jours": "d", "jour": "d", "j": "d", "days": "d", "day": "d",
    "semaines": "w", "semaine": "w", "weeks": "w", "week": "w",
    "mois": "m", "months": "m", "month": "m",
    "annees": "y", "annee": "y", "ans": "y", "an": "y", "years": "y", "year": "y",
}  # fmt: skip

# Caps keep date arithmetic far from date.max whatever number the user types.
_UNIT_LIMIT: dict[str, int] = {"d": 3660, "w": 520, "m": 120, "y": 10}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _alt(words: Iterable[str]) -> str:
    # Longest first so "mars" wins over "mar" and "septembre" over "sept".
    return "|".join(sorted(words, key=len, reverse=True))


_FULL_MONTHS = _words(
    "janvier january fevrier february mars march avril april mai may juin june juillet july "
    "aout august septembre september octobre october novembre november decembre december"
)
# Only abbreviations take a dot: "le 15 juin. À 14h ?" ends a sentence.
_M = (
    rf"(?:(?:{_alt(_FULL_MONTHS)})\b"
    rf"|(?:{_alt(m for m in _MONTHS if m not in _FULL_MONTHS)})\b\.?)"
)
_W = rf"(?:{_alt(_WEEKDAYS)})"
_NUM = rf"(?:\d{{1,4}}|{_alt(_NUMBER_WORDS)})"
_UNIT = rf"(?:{_alt(_UNITS)})"
_YEAR = r"(?:(?:,\s*|\s+)(?P<y>(?:19|20)\d\d)(?!\d))?"
# A number followed by one of these is an amount, a count or a duration.
_NOT_A_DAY = (
    r"(?:jours?|days?|semaines?|weeks?|mois|months?|ans?\b|annees?|years?|fois|"
    r"times|%|€|\$|euros?|m€|md|milliards?|millions?|k€|h\b|heures?|hours?|"
    r"minutes?|:\d|/\d|[.,]\d)"
)


def _compile(pattern: str) -> re.Pattern[str]:
    # ASCII: the text is folded first, and \d must not accept other scripts'
    # digits that int() would happily convert.
    return re.compile(pattern, re.ASCII)


# ---------------------------------------------------------------------------
# Cheap cue check
# ---------------------------------------------------------------------------

_CUE = _compile(
    r"\d[/.-]\d{1,2}[/.-]\d\d|\d{4}[/.-]\d{1,2}[/.-]\d|\b\d{1,2}/\d{1,2}\b"
    rf"|\b(?:{_alt([m for m in _MONTHS if m != 'may'])})\b"
    r"|\bmay\b\.?\s*(?:the\s+)?\d|\d(?:st|nd|rd|th)?\s+(?:of\s+)?may\b"
    r"|\b(?:early|mid|late|of)[\s-]+may\b"
    r"|\b(?:debut|fin|early|late|of)[\s-]+(?:19|20)\d\d\b"
    rf"|\b{_W}s?\b"
    r"|\b(?:demain|hier|aujourd|aujourdhui|auj|today|tomorrow|yesterday|tonight|"
    r"ce\s+soir|ce\s+matin|cet\s+apres[- ]?midi|this\s+(?:morning|afternoon|evening)|"
    r"jours?|semaines?|mois|annees?|days?|weeks?|months?|years?|"
    r"huitaine|quinzaine|fortnight)\b"
    rf"|\b(?:dans|ici|sous|in|within|y\s+a)\s+{_NUM}\s*(?:ans?|j)\b"
)


def has_date_cue(text: str) -> bool:
    """Cheap test (no dateparser) of whether `text` may contain a date."""
    if not isinstance(text, str) or not text:
        return False
    try:
        return _CUE.search(_quick_fold(text)) is not None
    except Exception:  # the contract is "never raise"
        log.warning("has_date_cue failed", exc_info=True)
        return False


# ---------------------------------------------------------------------------
# Folding with a map back to the original text
# ---------------------------------------------------------------------------

_CHAR_MAP: dict[str, str] = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u2032": "'", "\u2010": "-", "\u2011": "-", "\u2012": "-",
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\r": "\n",
    "\u2028": "\n", "\u2029": "\n", "\u0085": "\n",
}  # fmt: skip

_ASCII_TABLE = str.maketrans(
    {chr(c): " " for c in [*range(0, 32), 127] if chr(c) != "\n"} | {"\r": "\n", "`": "'"}
)


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    mapped = _CHAR_MAP.get(ch)
    if mapped is not None:
        return mapped
    category = unicodedata.category(ch)
    if category == "Cf":  # zero-width characters and soft hyphens carry no text
        return ""
    if category[0] in "CZ":
        return " "
    decomposed = unicodedata.normalize("NFKD", ch.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_ASCII_TABLE)


_QUICK_TABLE = str.maketrans(_CHAR_MAP)


def _quick_fold(text: str) -> str:
    """_fold without the map back to the original: in C, for the cue check on every question."""
    if text.isascii():
        return text.lower().translate(_ASCII_TABLE)
    mapped = text.lower().translate(_QUICK_TABLE)
    return (
        unicodedata.normalize("NFKD", mapped)
        .encode("ascii", "ignore")
        .decode("ascii")
        .translate(_ASCII_TABLE)
    )


def _fold(text: str) -> tuple[str, list[int] | None]:
    """Lowercase and strip accents; also return, per folded character, the
    index of the original character it came from (None when identical)."""
    if text.isascii():
        return text.lower().translate(_ASCII_TABLE), None
    parts: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        folded = ch.lower().translate(_ASCII_TABLE) if ch.isascii() else _fold_char(ch)
        parts.append(folded)
        origin.extend([index] * len(folded))
    return "".join(parts), origin


def _original(text: str, origin: list[int] | None, start: int, end: int) -> str:
    if origin is None:
        return text[start:end].strip()
    first = origin[start]
    last = origin[end - 1] + 1
    # Keep combining accents of a decomposed last letter ("fe\u0301vrier").
    while last < len(text) and unicodedata.combining(text[last]):
        last += 1
    return text[first:last].strip()


# ---------------------------------------------------------------------------
# Date arithmetic
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Context: past-tense cues and clause boundaries
# ---------------------------------------------------------------------------

_AVOIR = r"(?:j'ai|j\s+ai|ai|as|a|avons|avez|ont|avais|avait|avions|aviez|avaient)"
_ADVERBS = r"(?:(?:deja|bien|pas|enfin|finalement|aussi|meme|tout)\s+){0,2}"
_PARTICIPLES = (
    r"(?:envoye|depose|soumis|transmis|fait|recu|signe|commande|installe|paye|"
    r"rempli|finalise|termine|valide|complete|postule|demande|obtenu|eu|pu|"
    r"rate|loupe|manque|oublie|effectue|realise|lance|commence|ouvert|ferme|"
    r"cloture|vu|ecrit|repondu|perdu|mis|pris|rendu|livre|deploye|reference|"
    r"inscrit|enregistre|telecharge|saisi|fini|reussi|dit|lu|remis|choisi|recu)"
    r"(?:e|s|es)?"
)
# Words ending in -e after "j'ai" that are not participles ("j'ai envie").
_NOT_PARTICIPLES = _words(
    "envie toute toutes quelques quelque acces cette juste presque meme comme chaque "
    "aucune autre autres hate honte grande bonne mauvaise seule date idee reponse "
    "probleme possibilite personne quelle quelles laquelle"
)
_PAST = _compile(
    rf"\b{_AVOIR}\s+{_ADVERBS}{_PARTICIPLES}\b"
    r"|\b(?:etait|etaient|etais|avait|avaient|hier|did|was|were|had|"
    r"sent|submitted|filed|signed|received|ordered|installed|paid|missed|applied|"
    r"uploaded|registered|delivered|completed|finished|yesterday|ago)\b"
    rf"|\blast\s+(?:week|month|year|time|night|{_W})\b"
)
_PAST_GENERIC = _compile(
    rf"\b(?:j'ai|j\s+ai|ai|avons)\s+{_ADVERBS}(?P<w>[a-z]{{3,}}e(?:e|s|es)?)\b"
)
# Tense is judged per clause, not per sentence: in "j'ai envoyé le 2 avril,
# puis-je compléter fin juin ?" only the first date is in the past.
_CLAUSE_CUT = _compile(
    r"[,;:.!?](?=\s|$)|\n"
    r"|\b(?=(?:mais|but|puis-je|puis\s+je|can\s+i|could\s+i|est-ce\s+que|est\s+ce\s+que|"
    r"peut-on|suis-je|am\s+i)\b)"
)
_CLAUSE_BREAK = re.compile(r"[.!?;\n]")
_SENTENCE_END = _compile(r"[.!?;](?=\s|$)|\n")
# Words that leave a clause "bare" ("le 2 avril, j'ai envoyé..."): such a
# clause takes its tense from its neighbours.
_FILLERS = _words("le la les l on the in en du de au et and a at vers ou or so donc alors")
_WORD = re.compile(r"[a-z']+")


class _Context:
    def __init__(self, folded: str, today: date) -> None:
        self.text = folded
        self.today = today
        self._cuts = sorted(
            {m.start() if m.start() == m.end() else m.end() for m in _CLAUSE_CUT.finditer(folded)}
        )
        self._ends = [m.end() for m in _SENTENCE_END.finditer(folded)]
        self._past: dict[tuple[int, int], bool] = {}

    def _clause(self, start: int, end: int, extra: int = 0) -> tuple[int, int]:
        i = bisect.bisect_right(self._cuts, start) - 1 - extra
        j = bisect.bisect_left(self._cuts, end) + extra
        begin = self._cuts[i] if i >= 0 else 0
        stop = self._cuts[j] if j < len(self._cuts) else len(self.text)
        return begin, stop

    def past(self, start: int, end: int) -> bool:
        """Whether the clause around [start, end) speaks of the past."""
        begin, stop = self._clause(start, end)
        rest = self.text[begin:start] + " " + self.text[end:stop]
        if all(w.strip("'") in _FILLERS for w in _WORD.findall(rest)):
            begin, stop = self._clause(start, end, extra=1)
            # ...but never borrow the tense of another sentence.
            i = bisect.bisect_right(self._ends, start)
            j = bisect.bisect_left(self._ends, end)
            begin = max(begin, self._ends[i - 1] if i else 0)
            stop = min(stop, self._ends[j] if j < len(self._ends) else len(self.text))
        if (begin, stop) not in self._past:
            clause = self.text[begin:stop]
            generic = any(
                not (w := m.group("w")).endswith("re") and w not in _NOT_PARTICIPLES
                for m in _PAST_GENERIC.finditer(clause)
            )
            self._past[begin, stop] = generic or _PAST.search(clause) is not None
        return self._past[begin, stop]


# ---------------------------------------------------------------------------
# Date extractors: each yields candidates over the folded text
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    day: date
    exact: bool = False  # names one calendar day, so "avant"/"before" moves it back


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
# "15/06" without a year only after a preposition: bare "3/4" is a fraction.
_DM_NUMERIC = _compile(
    r"\b(?:le|du|au|jusqu'au|on|before|by|until|from)\s+(?<![\w.,/-])"
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})(?!\d|/\d)"
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
        month, dom = int(m["m"]), int(m["d"])
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


def _edge_day(year: int, month: int, edge: str) -> date:
    if edge == "start":
        return date(year, month, 1)
    if edge == "mid":
        return date(year, month, 15)
    return date(year, month, _last_day(year, month))


def _month_edges(s: str, ctx: _Context) -> Iterator[_Cand]:
    for m in _EDGE_MONTH.finditer(s):
        if "-" not in m[0] and " of" not in m["mod"] and not _may_is_month(s, m):
            continue
        edge = _EDGE_OF[next(w for w in m["mod"].split() if w != "the")]
        month = _MONTHS[m["m"].rstrip(".")]
        if m["y"]:
            day: date | None = _edge_day(int(m["y"]), month, edge)
        else:
            past = ctx.past(m.start(), m.end())
            day = _nearest_year(_at_edge(month, edge), ctx.today, past)
        if day is not None:
            yield _Cand(m.start(), m.end(), day)


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
    for m in _DAY_OF_MONTH.finditer(s):
        dom = _day_number(m["d"])
        base = _add_months(today.replace(day=1), _REL_OFFSET[m["rel"] or m["erel"]])
        if dom is not None and (found := _safe_date(base.year, base.month, dom)):
            yield _Cand(m.start(), m.end(), found, exact=True)


_REL_DAY = _compile(
    r"\b(?:(?P<p2>apres[- ]?demain|(?:the\s+)?day\s+after\s+tomorrow)"
    r"|(?P<m2>avant[- ]?hier|(?:the\s+)?day\s+before\s+yesterday)"
    r"|(?P<p1>demain|tomorrow)|(?P<m1>hier|yesterday)"
    r"|(?P<z>aujourd'?\s?hui|aujourdhui|auj|today|tonight|ce\s+soir|ce\s+matin"
    r"|cet\s+apres[- ]?midi|this\s+(?:morning|afternoon|evening)))\b"
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


def _weekdays(s: str, ctx: _Context) -> Iterator[_Cand]:
    today = ctx.today
    for m in _WEEKDAY.finditer(s):
        target = _WEEKDAYS[m["wd"]]
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


_EXTRACTORS: tuple[_Extractor, ...] = (
    _numeric_dates,
    _month_names,
    _month_edges,
    _relative_periods,
    _relative_days,
    _weekdays,
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


# ---------------------------------------------------------------------------
# Times
# ---------------------------------------------------------------------------

_TIME_PREFIX = r"(?:\b(?P<pre>a|at|vers|around|des|from|avant|before|by|jusqu'a|until)\s+)?"
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
# "sous 48h", "en 2 heures", "within 2 hours" are durations, not clock times.
_DURATION_BEFORE = _compile(
    r"\b(?:sous|en|dans|pendant|durant|within|in|for|during|faut|prend|takes)\s+$"
)
_TIGHT_GAP = re.compile(r"[\s,]*")
_MAX_TIME_GAP = 60


@dataclass(frozen=True)
class _Time:
    start: int
    end: int
    value: time
    loose: bool  # "14h" alone: only trusted right next to a date


def _find_times(s: str) -> list[_Time]:
    found: list[_Time] = []
    for index, pattern in enumerate(_TIMES):
        for m in pattern.finditer(s):
            if _DURATION_BEFORE.search(s, max(0, m.start() - 12), m.start()):
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
                value = time(hour, minute)
            loose = index == 2 and not m["pre"]
            found.append(_Time(m.start(), m.end(), value, loose))
    return _select(found)


def _attach_times(s: str, dates: list[_Cand], times: list[_Time]) -> dict[int, _Time]:
    """Map date index -> the time said next to it in the same clause."""
    best: dict[int, tuple[int, _Time]] = {}
    starts = [d.start for d in dates]  # dates are disjoint and sorted
    for t in times:
        after = bisect.bisect_left(starts, t.end)  # first date starting after the time
        if after > 0 and dates[after - 1].end > t.start:
            continue  # the time overlaps a date phrase
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


# ---------------------------------------------------------------------------
# dateparser fallback for residual phrases
# ---------------------------------------------------------------------------

_FALLBACK_PERIOD = _compile(
    r"\b(?:(?:la|le|cette|ce|the|this)\s+|l')?(?:semaine|mois|annee|week|month|year)\s+"
    r"(?:prochaine?|derniere?|passee?)\b|\b(?:next|last)\s+(?:week|month|year)\b"
)
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
    for m in _FALLBACK_PERIOD.finditer(s):
        if taken.free(*m.span()) and len(jobs) < _MAX_FALLBACK_CALLS:
            jobs.append((m.start(), m.end(), False))
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


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def find_dates(text: str, today: date, lang: str = "fr") -> tuple[FoundDate, ...]:
    """Dates named in `text`, in order of appearance, resolved against `today`.

    Deterministic for (text, today, lang) and never raises.
    """
    if not isinstance(text, str) or not isinstance(today, date):
        return ()
    if isinstance(today, datetime):
        today = today.date()
    return _find_dates_cached(text, today, "en" if lang == "en" else "fr")


@functools.lru_cache(maxsize=2048)
def _find_dates_cached(text: str, today: date, lang: str) -> tuple[FoundDate, ...]:
    if not has_date_cue(text):
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
    dates = _select(cands)
    times = _find_times(s)
    taken = _Occupied((d.start, d.end) for d in dates)
    for t in times:
        if taken.free(t.start, t.end):
            taken.add(t.start, t.end)
    extra = _fallback(s, ctx, taken, lang)
    if extra:
        dates = _select(dates + [_apply_before(s, c) for c in extra])
    attached = _attach_times(s, dates, times)
    results: list[FoundDate] = []
    for i, d in enumerate(dates):
        start, end, clock = d.start, d.end, None
        if (t := attached.get(i)) is not None:
            clock = t.value
            lo, hi = (d.end, t.start) if d.end <= t.start else (t.end, d.start)
            if _TIGHT_GAP.fullmatch(s[lo:hi]):
                start, end = min(start, t.start), max(end, t.end)
        results.append(FoundDate(d.day, clock, _original(text, origin, start, end)))
    return tuple(results)
