"""The knowledge base's typed records: what the loader produces and the matcher and bot consume."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

ACTIONS = ("next_window", "upcoming_deadlines", "eligibility")


@dataclass(frozen=True)
class Localized:
    fr: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


@dataclass(frozen=True)
class Document:
    id: str
    path: str  # relative to the shared/ folder; read only by the quote check
    title: Localized
    short: Localized


@dataclass(frozen=True)
class Source:
    document: str
    quote: str
    cites: str | None = None


@dataclass(frozen=True)
class Topic:
    id: str
    title: Localized
    answer: Localized
    variants: tuple[str, ...]
    sources: tuple[Source, ...]
    related: tuple[str, ...] = ()
    calendar: tuple[str, ...] = ()
    action: str | None = None
    file: str = ""


@dataclass(frozen=True)
class Lexicon:
    synonyms: Mapping[str, list[str]]
    stopwords: frozenset[str]
    roles: Mapping[str, tuple[str, ...]]
    software: Mapping[str, tuple[str, ...]]
    waves: Mapping[int, tuple[str, ...]]
    language_markers: Mapping[str, frozenset[str]]
    domain_words: frozenset[str] = frozenset()
    # Greetings and thanks, answered politely rather than with "I did not understand".
    small_talk: Mapping[str, frozenset[str]] = field(default_factory=dict)
