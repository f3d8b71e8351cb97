"""Text normalisation shared by the knowledge base at load time and by queries at ask time.

Both sides go through the same function, so a variant and a question typed the same way always
compare equal whatever their case, accents, apostrophes or punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

from knowledge.phrases import phrase_pattern

_NON_WORD = re.compile(r"[^a-z0-9]+")
# "210M", "1.4bn", "F2" typed as one word: amounts split from their unit, but window names stay.
_UNIT_AFTER_NUMBER = re.compile(r"\b(\d+)(md|m|bn|b|k|me|meur|eur|euros?|millions?|milliards?)\b")


def fold(text: str) -> str:
    """Lower-case, strip accents and turn every non-alphanumeric run into one space."""
    # NFKD splits "é" into "e" + accent; encoding to ASCII drops the accents (and any other
    # non-Latin character, which the matcher could not use anyway) in C rather than per character.
    ligatures = text.casefold().replace("œ", "oe").replace("æ", "ae")
    ascii_only = unicodedata.normalize("NFKD", ligatures).encode("ascii", "ignore").decode("ascii")
    spaced = _NON_WORD.sub(" ", ascii_only).strip()
    return _UNIT_AFTER_NUMBER.sub(r"\1 \2", spaced)


_NON_WORD_CASED = re.compile(r"[^A-Za-z0-9]+")


def fold_keep_case(text: str) -> str:
    """As `fold`, with the capitals kept: "La Réunion" the island, not "la réunion" a meeting."""
    ascii_only = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_WORD_CASED.sub(" ", ascii_only).strip()


_MAX_STEMS = 20_000  # distinct words remembered; past it, new words are stemmed each time
_SUFFIXES = ("ees", "ing", "ee", "es", "er", "ed", "e", "s", "x")


def stem(token: str, protected: frozenset[str] = frozenset()) -> str:
    """A light suffix fold for French and English: plurals, feminines and infinitives.

    "décalées", "décaler" and "décalé" become one word, so do "fenêtres" and "fenêtre". Short
    words and canonical lexicon words are kept as they are: "sons" (the funding scheme) must not
    become "son", nor "ris" become "ri".
    """
    if token in protected or len(token) <= 4 or token.isdigit():
        return token
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            return token[: -len(suffix)]
    return token


class Normalizer:
    """Folds text, then rewrites synonyms to one canonical form (from the lexicon)."""

    def __init__(self, synonyms: Mapping[str, list[str]]) -> None:
        self._protected = frozenset(t for canonical in synonyms for t in fold(canonical).split())
        self._stems: dict[str, str] = {}  # words recur across questions: each stemmed once
        phrases: dict[str, str] = {}
        for canonical, variants in synonyms.items():
            target = " ".join(self._stem(fold(canonical)))
            for variant in [canonical, *variants]:
                key = " ".join(self._stem(fold(variant)))
                if key and key != target:
                    phrases[key] = target
        # The longest phrase at a place wins, so "sun es" is rewritten before "es".
        self._pattern = re.compile(r"\b(" + phrase_pattern(phrases) + r")\b") if phrases else None
        self._phrases = phrases
        # The parser, the matcher and the calendar's keywords all read one question's tokens.
        self._tokens = lru_cache(maxsize=4096)(self._tokens_uncached)

    def clear_cache(self) -> None:
        self._tokens.cache_clear()
        self._stems.clear()

    def _stem(self, folded: str) -> list[str]:
        stems, protected = self._stems, self._protected
        out = []
        for token in folded.split():
            found = stems.get(token)
            if found is None:
                found = stem(token, protected)
                # Numbers ("réf 12345") are new every time and stem to themselves: not kept.
                if len(stems) < _MAX_STEMS and not token.isdigit():
                    stems[token] = found
            out.append(found)
        return out

    def tokens(self, text: str) -> list[str]:
        """The canonical tokens of a text."""
        return list(self._tokens(text))

    def _tokens_uncached(self, text: str) -> tuple[str, ...]:
        stemmed = " ".join(self._stem(fold(text)))
        if self._pattern is not None:
            stemmed = self._pattern.sub(lambda m: self._phrases[m.group(1)], stemmed)
        return tuple(stemmed.split())

    def __call__(self, text: str) -> str:
        return " ".join(self.tokens(text))
