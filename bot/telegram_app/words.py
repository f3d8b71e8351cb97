"""The words only the Telegram bot reads (bot/telegram_app/words.yaml): asking for a person, and
the openings of a message that says who the user is. Read and checked once, at import."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import yaml

from knowledge.normalize import fold

SOURCE = "bot/telegram_app/words.yaml"
LISTS = ("human", "human_short", "self_statement", "role_openers")


class WordsError(ValueError):
    """words.yaml is missing a list or holds something else than words."""


def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    folded = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in folded) + r")\b")


def _plain(text: str) -> str:
    """Folded, with punctuation as spaces: "quelqu'un ?" reads as "quelqu un"."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


@dataclass(frozen=True)
class Words:
    human: re.Pattern[str]
    human_short: re.Pattern[str]
    short_words: int
    self_statement: tuple[str, ...]
    role_openers: tuple[str, ...]

    def asks_for_a_person(self, text: str) -> bool:
        """'un humain svp', 'je voudrais parler à quelqu'un', 'contact ?'."""
        plain = _plain(text)
        if self.human.search(plain):
            return True
        return len(plain.split()) <= self.short_words and bool(self.human_short.search(plain))

    def self_described(self, text: str) -> str | None:
        """The clause of a message that says who the user is, folded: what follows 'je suis' up
        to the next comma or question mark (or the first clause, when the message opens with a
        role word such as 'DSI'); None when the message says no such thing."""
        clauses = [_plain(c) for c in _CLAUSE.split(text)]
        for clause in clauses:
            for opening in self.self_statement:
                at = f" {clause} ".find(f" {opening} ")
                if at >= 0:
                    return clause[at + len(opening) :].strip() or None
        first = next((c for c in clauses if c), "")
        return first if first.startswith(self.role_openers) else None


_CLAUSE = re.compile(r"[,;:?.!\n]+")


def parse_words(text: str) -> Words:
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise WordsError(f"{SOURCE}: expected a mapping with {', '.join(LISTS)}")
    lists: dict[str, tuple[str, ...]] = {}
    for key in LISTS:
        value = data.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(w, str) for w in value):
            raise WordsError(f"{SOURCE}: '{key}' must be a non-empty list of words")
        lists[key] = tuple(_plain(w) for w in value)
    short = data.get("short_words")
    if not isinstance(short, int) or isinstance(short, bool) or not 1 <= short <= 20:
        raise WordsError(f"{SOURCE}: 'short_words' must be a whole number from 1 to 20")
    return Words(
        human=_pattern(lists["human"]),
        human_short=_pattern(lists["human_short"]),
        short_words=short,
        self_statement=tuple(sorted(lists["self_statement"], key=len, reverse=True)),
        role_openers=lists["role_openers"],
    )


WORDS = parse_words(
    resources.files("bot.telegram_app").joinpath("words.yaml").read_text(encoding="utf-8")
)
