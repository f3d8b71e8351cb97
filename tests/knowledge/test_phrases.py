"""The trie pattern matches exactly what the longest-first alternation it replaced matched."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.loader import load_knowledge
from knowledge.normalize import fold
from knowledge.phrases import phrase_pattern

WORDS = st.text(alphabet="abes ", min_size=1, max_size=8).map(str.strip).filter(bool)


def alternation(phrases: list[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=lambda p: (-len(p), p)))


def matches(source: str, text: str) -> list[tuple[int, str]]:
    pattern = re.compile(r"\b(?:" + source + r")s?\b")
    return [(m.start(), m.group(0)) for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(WORDS, min_size=1, max_size=12, unique=True), st.text(alphabet="abes ", max_size=40)
)
def test_same_matches_as_the_alternation(phrases: list[str], text: str) -> None:
    assert matches(phrase_pattern(phrases), text) == matches(alternation(phrases), text)


def test_same_matches_on_the_lexicon_phrases_in_the_topics_own_words() -> None:
    kb = load_knowledge()
    phrases = sorted({fold(w) for words in kb.lexicon.intents.values() for w in words} - {""})
    texts = [fold(v) for t in kb.topics.values() for v in t.variants]
    assert len(phrases) > 20 and len(texts) > 100
    for text in texts:
        assert matches(phrase_pattern(phrases), text) == matches(alternation(phrases), text)


def test_no_phrase_matches_nothing() -> None:
    assert re.search(phrase_pattern([]), "anything") is None
