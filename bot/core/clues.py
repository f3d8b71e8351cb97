"""One pattern per family of the lexicon's clue words, and the words as typed with or without
their accents: what the parser searches a question with."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from knowledge.normalize import fold
from knowledge.phrases import phrase_pattern


@dataclass(frozen=True)
class Clues:
    """One pattern for a whole family of clues: one pass per question.

    Longer phrases come first across all families, so "soldes d'hiver" (no programme of ours)
    wins over "solde" at the same place; at equal length the earlier family wins. The pattern has
    no groups (a group per phrase made it seven times slower): `family` looks the phrase up.
    """

    pattern: re.Pattern[str]
    family_of: dict[str, str]

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text)

    def family(self, m: re.Match[str]) -> str:
        found = m.group(0)
        return self.family_of.get(found) or self.family_of[found[:-1]]  # the plural "s"


_ACCENTS_OF = {"a": "aàâä", "c": "cç", "e": "eéèêë", "i": "iîï", "o": "oôö", "u": "uùûü"}


def accented_words_re(words: frozenset[str]) -> re.Pattern[str]:
    """The words as typed with or without their accents ("segur" finds "Ségur")."""
    spelled = sorted(
        (
            "".join(f"[{_ACCENTS_OF[c]}]" if c in _ACCENTS_OF else re.escape(c) for c in w)
            for w in words
        ),
        key=len,
        reverse=True,
    )
    return (
        re.compile(r"\b(?:" + "|".join(spelled) + r")\b", re.IGNORECASE)
        if spelled
        else re.compile(r"(?!)")
    )


def clue_re(groups: dict[str, tuple[str, ...]]) -> Clues:
    family_of: dict[str, str] = {}
    for name, words in groups.items():
        for phrase in (fold(w) for w in words):
            if phrase:
                family_of.setdefault(phrase, name)  # the earlier family wins a tie
    pattern = re.compile(r"\b(?:" + phrase_pattern(family_of) + r")s?\b")
    return Clues(pattern, family_of)
