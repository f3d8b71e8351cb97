"""The date layer's vocabulary: month, weekday, number and unit words (accent-folded,
lowercase), and the regex building blocks every other module of the layer uses."""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.phrases import phrase_pattern

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
    # The longest word at a place wins ("mars" over "mar", "septembre" over "sept"); shaped as
    # a trie, which `re` runs several times faster than a plain alternation.
    return phrase_pattern(words)


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
