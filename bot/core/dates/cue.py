"""A cheap check that a text may name a date at all, run before any real parsing.

Most questions name no date, so this runs on every one: it looks at the words first (a set
lookup) and runs a regular expression only on the parts that need one (digits, "may"). It may
say yes to a text that names no date (the parser then finds none); it must never say no to one
that does.
"""

from __future__ import annotations

import logging
import re

from bot.core.dates.folding import _quick_fold
from bot.core.dates.vocabulary import (
    _MONTHS,
    _NUM,
    _NUMBER_WORDS,
    _UNIT,
    _UNITS,
    _WEEKDAYS,
    _compile,
    _words,
)

log = logging.getLogger(__name__)

# Words that alone may start a date: months (not "may", an English verb), weekdays, and the
# words of relative days and durations.
_CUE_WORDS = frozenset(
    [m for m in _MONTHS if m != "may"]
    + [w for d in _WEEKDAYS for w in (d, d + "s")]
    + list(
        _words(
            "demain dmain hier aujourd aujourdhui auj ajd aujd today tomorrow tomorow tommorow tommorrow tmrw tmr "
            "yesterday yday tonight soir matin morning afternoon evening jour jours semaine "
            "semaines mois annee annees day days week weeks month months year years huitaine "
            "quinzaine fortnight aprem lunch noel christmas xmas toussaint sylvestre nouvel "
            "saints"
        )
    )
)
_WORD = re.compile(r"[a-z]+")


def date_words() -> frozenset[str]:
    """The words the date layer reads: never taken for a typo of another word."""
    return _CUE_WORDS | frozenset(_NUMBER_WORDS) | frozenset(_UNITS) | _RELATIVE


_RELATIVE = _words("prochain prochaine prochains dernier derniere derniers next last")
_DIGIT = re.compile(r"\d")
_DIGIT_CUE = _compile(
    r"\d[/.-]\d{1,2}[/.-]\d\d|\d{4}[/.-]\d{1,2}[/.-]\d|\b\d{1,2}[/.]\d{1,2}\b"
    r"|\d(?:st|nd|rd|th)?\s+(?:of\s+)?may\b"
    r"|\b(?:debut|fin|early|late|of)[\s-]+(?:19|20)\d\d\b"
    r"|\b2moro\b|\b2mrw\b|\b2morrow\b|\b2main\b|\b\d{1,2}(?:st|nd|rd|th|er)\b|\ble\s+\d{1,2}\b"
    rf"|\b(?:dans|ici|sous|in|within|y\s+a)\s+{_NUM}\s*(?:ans?|j)\b"
)
_MAY_CUE = _compile(r"\bmay\b\.?\s*(?:the\s+)?\d|\b(?:early|mid|late|of)[\s-]+may\b")
_WITHIN_WORDS = frozenset({"dans", "ici", "sous", "in", "within", "y"})
_WITHIN_CUE = _compile(rf"\b(?:dans|ici|sous|in|within|y\s+a)\s+{_NUM}\s*(?:ans?|j)\b")

_TIME_CUE = _compile(r"\b\d{1,2}\s?(?:h|:)\s?\d{0,2}\b|\b\d{1,2}\s?[ap]\.?m\b|\bmidi\b|\bnoon\b")


def has_date_cue(text: str) -> bool:
    """Cheap test (no dateparser) of whether `text` may contain a date."""
    s = _folded(text)
    if not s:
        return False
    if _DIGIT.search(s) is not None and _DIGIT_CUE.search(s) is not None:
        return True
    words = set(_WORD.findall(s))
    if not words.isdisjoint(_CUE_WORDS):
        return True
    if "may" in words and _MAY_CUE.search(s) is not None:
        return True
    return not words.isdisjoint(_WITHIN_WORDS) and _WITHIN_CUE.search(s) is not None


def has_time_cue(text: str) -> bool:
    """Cheap test of whether `text` may name a clock time ("à 11h45", "2pm", "midi")."""
    s = _folded(text)
    if not s or (_DIGIT.search(s) is None and "midi" not in s and "noon" not in s):
        return False
    return _TIME_CUE.search(s) is not None


def _folded(text: str) -> str:
    if not isinstance(text, str) or not text:
        return ""
    try:
        return _quick_fold(text)
    except Exception:  # the contract is "never raise"
        log.warning("the date cue check failed", exc_info=True)
        return ""


_DURATION = _compile(rf"\b(?:{_NUM}|a|an)\s+{_UNIT}\b")


def has_duration(text: str) -> bool:
    """Whether `text` names a length of time ("de deux mois", "two weeks", "a month")."""
    s = _folded(text)
    return bool(s) and _DURATION.search(s) is not None
