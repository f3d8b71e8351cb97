"""The question parser: language, role, software types, waves and dates of one question."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from bot.core.dates import FoundDate, find_dates
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


def _clue_re(groups: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
    """One pattern for a whole family of clues, each in a named group: one pass per question.

    Longer phrases come first, so "dossier patient" wins over a shorter clue at the same place.
    """
    alternatives = []
    for name, phrases in groups.items():
        folded = sorted({fold(p) for p in phrases if fold(p)}, key=len, reverse=True)
        alternatives.append(f"(?P<{name}>" + "|".join(re.escape(p) for p in folded) + ")")
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")s?\b")


class QuestionParser:
    """Parses questions with the clue words of the knowledge base's lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        # Roles and software types share clues ("lgc" says both "a doctor" and "LGC software"),
        # so they are two patterns; the waves share the software one.
        ordered = sorted(lexicon.roles, key=lambda r: ROLES.index(r) if r in ROLES else 99)
        self._roles = _clue_re({r: lexicon.roles[r] for r in ordered})
        self._things = _clue_re(
            {
                **{f"sw_{n}": c for n, c in lexicon.software.items()},
                **{f"wave_{w}": c for w, c in lexicon.waves.items()},
            }
        )
        self._markers = lexicon.language_markers
        self.parse = lru_cache(maxsize=2048)(self._parse)

    def language(self, text: str, folded: str) -> str:
        tokens = folded.split()
        fr = sum(1 for t in tokens if t in self._markers.get("fr", ()))
        en = sum(1 for t in tokens if t in self._markers.get("en", ()))
        if _ACCENTED.search(text):
            fr += 2
        return "en" if en > fr else "fr"

    def role_in(self, folded: str) -> str | None:
        """The role whose clue comes first in the question: 'je suis éditeur ... hôpitaux' is a vendor."""
        m = self._roles.search(folded)
        return m.lastgroup if m else None

    def software_and_waves(self, folded: str) -> tuple[frozenset[str], frozenset[int]]:
        names = {m.lastgroup for m in self._things.finditer(folded)}
        software = frozenset(n[3:] for n in names if n and n.startswith("sw_"))
        waves = frozenset(int(n[5:]) for n in names if n and n.startswith("wave_"))
        return software, waves

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
        software, waves = self.software_and_waves(folded)
        dates = find_dates(text, today, language)
        return ParsedQuestion(text, folded, language, role, role_from, dates, software, waves)
