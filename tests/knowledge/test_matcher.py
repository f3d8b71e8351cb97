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


@pytest.mark.parametrize(
    ("plain", "with_date_words"),
    [
        ("date limite solde LGO", "date limite solde LGO tomorrow morning"),
        ("when does the F3 window close", "when does the F3 window close, asking on a Tuesday"),
        ("date limite commande DPI", "date limite commande DPI, on est jeudi"),
    ],
)
def test_words_read_elsewhere_do_not_count_as_unknown(
    kb: KnowledgeBase, plain: str, with_date_words: str
) -> None:
    ignoring = Matcher(kb, frozenset({"tomorrow", "morning", "tuesday", "jeudi", "asking"}))
    plain_best = ignoring.rank(plain)[0]
    best = ignoring.rank(with_date_words)[0]
    assert best.topic == plain_best.topic
    # Without them ignored, each is a word never seen, and weighs against every topic.
    assert Matcher(kb).rank(with_date_words)[0].score < best.score


def test_an_ignored_word_the_knowledge_base_knows_still_counts(kb: KnowledgeBase) -> None:
    # "ans" is a unit of years for the date layer, and the ANS for the knowledge base.
    ignoring = Matcher(kb, frozenset({"ans"}))
    assert ignoring.content_tokens("dossier ANS") == Matcher(kb).content_tokens("dossier ANS")


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # An amount with its unit is one token, which names the topic that gives it.
        ("is the 210M€ of SUN-ES only for the DMP?", "sunes_budget"),
        ("les 2 milliards, c'est pour quoi ?", "segur_budget"),
    ],
)
def test_an_amount_said_ranks_the_topic_that_gives_it_first(
    matcher: Matcher, question: str, topic: str
) -> None:
    ranked = matcher.rank(question)
    assert ranked and ranked[0].topic == topic, ranked[:3]


def test_an_amount_is_one_token_with_its_unit_and_its_decimals(matcher: Matcher) -> None:
    assert matcher.content_tokens_raw("7,5 milliards et 210 M€, en 2022") == ["7_5md", "210m"]
