"""Date-like phrases the date layer could not resolve: said so, never judged as another day.

"06/16/2022" (month first), "31/06/2022" (no such day), "16 juim 2022" (a typo in the month),
"seize juin" (the day in words): each is a date the user meant, so a verdict "as of today" would
answer another question. The engine answers these with "I could not read the date «…»".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.core.dates.folding import _quick_fold
from bot.core.dates.vocabulary import _MONTHS
from knowledge.phrases import phrase_pattern

_FULL_MONTHS = tuple(m for m in _MONTHS if len(m) >= 4)
_NUMERIC = re.compile(r"(?<![\d/.:-])(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?(?![\d/.:-])")
_ANY_DIGIT = re.compile(r"\d")
_DAY_WORD = re.compile(r"\b(\d{1,2}|1er|premier)\s+([a-z]{3,10})\b(?:\s+(\d{4})\b)?")
_NUMBER_WORDS = (
    "deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|"
    "dix sept|dix huit|dix neuf|vingt|vingt et un|trente|trente et un"
)
_WORDED_DAY = re.compile(
    rf"\b(?:le\s+)?({phrase_pattern(_NUMBER_WORDS.split('|'))})\s+({phrase_pattern(_FULL_MONTHS)})\b"
)


# "à 25h", "at 31:00": a time of day that does not exist ("à 24h" is midnight, "sous 48h" a delay).
_BAD_HOUR = re.compile(
    r"(?:\bà|\bat|\bvers|\bavant|\bbefore)\s+((?:2[5-9]|[3-9]\d)\s*(?:h\b|:\d\d))"
)


@dataclass(frozen=True)
class Unreadable:
    text: str  # the phrase as the user wrote it (folded)
    reason: str  # "impossible", "month_first", "typo", "words" or "hour"


def find_unreadable(text: str, found: tuple[str, ...]) -> tuple[Unreadable, ...]:
    """Date-like phrases of `text` outside the phrases already read (`found`)."""
    if not isinstance(text, str) or not text:
        return ()
    s = _quick_fold(text)
    if _ANY_DIGIT.search(s) is None and _WORDED_DAY.search(s) is None:
        return ()  # no number and no day in words: nothing date-like to misread (most questions)
    taken = [_quick_fold(f) for f in found]
    out: list[Unreadable] = []

    def free(phrase: str) -> bool:
        return not any(phrase in t or t in phrase for t in taken)

    for m in _NUMERIC.finditer(s):
        day, month, year = int(m[1]), int(m[2]), m[3]
        if not free(m[0]) or (year is None and "." in m[0]):
            continue  # "2.5" is a number, not a date
        full = int(year) + (2000 if len(year) == 2 else 0) if year else 2024  # a leap year
        if month > 12 and day <= 12 and _valid(full, day, month):
            out.append(Unreadable(m[0], "month_first"))
        elif (month > 12 or day > 31 or not _valid(full, month, day)) and (
            (day <= 31 and month <= 12) or year
        ):
            # "31/06/2022" (ranges right, no such day), or a full date out of range; a bare
            # "45/2" is no date at all.
            out.append(Unreadable(m[0], "impossible"))
    for m in _DAY_WORD.finditer(s):
        word = m[2]
        if word in _MONTHS:
            day = 1 if not m[1].isdigit() else int(m[1])
            year = int(m[3]) if m[3] else 2024  # a leap year: "29 février" alone may be real
            if free(m[0]) and not _valid(year, _MONTHS[word], day):
                out.append(Unreadable(m[0], "impossible"))  # "29 février 2023", "31 avril"
            continue
        if not free(m[0]):
            continue
        hit = process.extractOne(word, _FULL_MONTHS, scorer=fuzz.ratio, score_cutoff=75)
        if hit:
            out.append(Unreadable(m[0], "typo"))
    for m in _WORDED_DAY.finditer(s):
        if free(m[0]):
            out.append(Unreadable(m[0].removeprefix("le "), "words"))
    # Read before folding: "à 25h" is a time, "on a 48h" a delay.
    out += [Unreadable(m[1], "hour") for m in _BAD_HOUR.finditer(text.lower()) if free(m[1])]
    return tuple(out)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True
