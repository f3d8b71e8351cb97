"""A cheap check that a text may name a date at all, run before any real parsing."""

from __future__ import annotations

import logging
import re

from bot.core.dates.folding import _quick_fold
from bot.core.dates.vocabulary import _MONTHS, _NUM, _W, _alt, _compile

log = logging.getLogger(__name__)


_CUE = _compile(
    r"\d[/.-]\d{1,2}[/.-]\d\d|\d{4}[/.-]\d{1,2}[/.-]\d|\b\d{1,2}/\d{1,2}\b"
    rf"|\b(?:{_alt([m for m in _MONTHS if m != 'may'])})\b"
    r"|\bmay\b\.?\s*(?:the\s+)?\d|\d(?:st|nd|rd|th)?\s+(?:of\s+)?may\b"
    r"|\b(?:early|mid|late|of)[\s-]+may\b"
    r"|\b(?:debut|fin|early|late|of)[\s-]+(?:19|20)\d\d\b"
    rf"|\b{_W}s?\b"
    r"|\b(?:demain|hier|aujourd|aujourdhui|auj|today|tomm?orr?ow|tmrw|2moro|yesterday|yday|tonight|"
    r"ce\s+soir|ce\s+matin|cet\s+apres[- ]?midi|this\s+(?:morning|afternoon|evening)|"
    r"jours?|semaines?|mois|annees?|days?|weeks?|months?|years?|"
    r"huitaine|quinzaine|fortnight)\b"
    rf"|\b(?:dans|ici|sous|in|within|y\s+a)\s+{_NUM}\s*(?:ans?|j)\b"
)


_TIME_CUE = _compile(r"\b\d{1,2}\s?(?:h|:)\s?\d{0,2}\b|\b\d{1,2}\s?[ap]\.?m\b|\bmidi\b|\bnoon\b")


def has_date_cue(text: str) -> bool:
    """Cheap test (no dateparser) of whether `text` may contain a date."""
    return _has(_CUE, text)


def has_time_cue(text: str) -> bool:
    """Cheap test of whether `text` may name a clock time ("à 11h45", "2pm", "midi")."""
    return _has(_TIME_CUE, text)


def _has(pattern: re.Pattern[str], text: str) -> bool:
    if not isinstance(text, str) or not text:
        return False
    try:
        return pattern.search(_quick_fold(text)) is not None
    except Exception:  # the contract is "never raise"
        log.warning("the date cue check failed", exc_info=True)
        return False
