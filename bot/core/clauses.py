"""Where a question's words stand: its sentences and clauses, and what sits between two of them."""

from __future__ import annotations

import itertools
import re

from bot.core.dates import FoundDate
from knowledge.normalize import fold

SENTENCES = re.compile(r"[.?!;\n]")
ASKED = re.compile(r"[^.?!;\n]*\?")
CLAUSES = re.compile(r"[.?!;,\n]|\b(?:mais|but)\b")
# How far before a day a filing word still introduces it ("si on l'envoie bien vendredi").
FILING_REACH = 30


def sentence_before(text: str, at: int) -> str:
    """The text of `at`'s sentence before it: "nous sommes le 30 août. S'il répond demain" says
    today's date, not tomorrow's (folding drops the full stop)."""
    head = text[: max(0, at)]
    return head[max(head.rfind(c) for c in ".?!\n") + 1 :]


_JOINING = re.compile(r"\b(?:et|and|ou|or|puis|then|plus)\b|,|;")


def joined(folded: str, named: list[tuple[str, int, int]], finer: str, coarse: str) -> bool:
    """Both steps asked side by side ("le référencement et les compléments", "referencing, and
    the ANS's requests"), not one named as part of the other ("les échanges avec l'ANS sur le
    dossier de référencement")."""
    for a, a_start, a_end in named:
        for b, b_start, b_end in named:
            if a == finer and b == coarse:
                lo, hi = (a_end, b_start) if a_end <= b_start else (b_end, a_start)
                # Side by side with nothing between is a list too ("ref, complements, cmd").
                if lo <= hi and (_JOINING.search(folded[lo:hi]) or not folded[lo:hi].strip()):
                    return True
    return False


_OR_BETWEEN = re.compile(r"\s*,?\s*(?:ou|or|ou bien|ou le|or the|or on|ou au)\s*")


def compares_dates(text: str, dates: tuple[FoundDate, ...]) -> bool:
    """Two dates side by side with "ou"/"or" between them."""
    at = 0
    for first, second in itertools.pairwise(dates):
        start = text.find(first.text, at)
        end = text.find(second.text, start + len(first.text)) if start >= 0 else -1
        if end < 0:
            return False
        if _OR_BETWEEN.fullmatch(fold(text[start + len(first.text) : end])):
            return True
        at = start + len(first.text)
    return False
