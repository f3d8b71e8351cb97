"""The question parser: language, role, software types, waves and dates of one question."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from bot.dates import FoundDate, find_dates
from knowledge.model import Lexicon
from knowledge.normalize import fold

ROLES = ("vendor", "hospital", "doctor", "pharmacy")
MAX_ANALYSED = 2000  # characters: a long paste is answered from its start, in bounded time
_ACCENTED = re.compile(r"[éèêàâçùûôîïëœ]", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedQuestion:
    text: str
    folded: str
    lang: str
    role: str | None
    role_from: str  # "flag", "text" or "none"
    dates: tuple[FoundDate, ...]
    software: frozenset[str]
    waves: frozenset[int]


def _phrase_re(phrases: tuple[str, ...]) -> re.Pattern[str]:
    folded = sorted({fold(p) for p in phrases if fold(p)}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in folded) + r")s?\b")


class QuestionParser:
    """Parses questions with the clue words of the knowledge base's lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._roles = {role: _phrase_re(clues) for role, clues in lexicon.roles.items()}
        self._software = {name: _phrase_re(clues) for name, clues in lexicon.software.items()}
        self._waves = {wave: _phrase_re(clues) for wave, clues in lexicon.waves.items()}
        self._markers = lexicon.language_markers
        self.parse = lru_cache(maxsize=2048)(self._parse)  # type: ignore[method-assign]

    def language(self, text: str, folded: str) -> str:
        tokens = folded.split()
        fr = sum(1 for t in tokens if t in self._markers.get("fr", ()))
        en = sum(1 for t in tokens if t in self._markers.get("en", ()))
        if _ACCENTED.search(text):
            fr += 2
        return "en" if en > fr else "fr"

    def role_in(self, folded: str) -> str | None:
        """The role whose clue comes first in the question: 'je suis éditeur ... hôpitaux' is a vendor."""
        found = []
        for role, pattern in self._roles.items():
            m = pattern.search(folded)
            if m:
                found.append((m.start(), ROLES.index(role) if role in ROLES else 99, role))
        return min(found)[2] if found else None

    def _parse(
        self, text: str, today: dt.date, role: str | None = None, lang: str | None = None
    ) -> ParsedQuestion:
        text = text[:MAX_ANALYSED]
        folded = fold(text)
        language = lang if lang in ("fr", "en") else self.language(text, folded)
        role_from = "flag" if role else "none"
        if not role:
            role = self.role_in(folded)
            role_from = "text" if role else "none"
        software = frozenset(n for n, p in self._software.items() if p.search(folded))
        waves = frozenset(w for w, p in self._waves.items() if p.search(folded))
        dates = find_dates(text, today, language)
        return ParsedQuestion(text, folded, language, role, role_from, dates, software, waves)
