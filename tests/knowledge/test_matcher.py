"""The matcher reads the programme's terms in the words users type, French or English."""

from __future__ import annotations

import pytest

from knowledge.loader import KnowledgeBase
from knowledge.matcher import Matcher


@pytest.fixture(scope="module")
def matcher(kb: KnowledgeBase) -> Matcher:
    return Matcher(kb)


# (question, the topic it must rank first): English words for the programme's French terms.
ENGLISH_TERMS = [
    ("what are the Ségur corridors?", "couloirs"),
    ("list of corridors and their software please", "couloirs"),
    ("when is the next funding window for hospitals?", "next_window"),
]


@pytest.mark.parametrize(("question", "topic"), ENGLISH_TERMS)
def test_an_english_term_ranks_its_topic_first(matcher: Matcher, question: str, topic: str) -> None:
    ranked = matcher.rank(question)
    assert ranked and ranked[0].topic == topic, ranked[:3]
