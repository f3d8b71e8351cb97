"""Every knowledge entry's quote stands verbatim in its source document.

The only test allowed to skip: a user's clone has no shared/ folder beside it.
"""

from __future__ import annotations

import pytest

from knowledge.loader import KnowledgeBase
from knowledge.sources import TYPOS, check_quotes, collapse, find_shared_dir

SHARED = find_shared_dir()


@pytest.mark.skipif(
    SHARED is None, reason="no shared/ folder with the source documents beside the repo"
)
def test_every_quote_is_in_its_source(kb: KnowledgeBase) -> None:
    assert SHARED is not None
    problems = check_quotes(kb, SHARED)
    assert problems == [], "\n".join(map(str, problems))


@pytest.mark.skipif(
    SHARED is None, reason="no shared/ folder with the source documents beside the repo"
)
def test_a_quote_not_in_the_source_is_caught(kb: KnowledgeBase) -> None:
    import dataclasses

    topic = next(iter(kb.topics.values()))
    bad_source = dataclasses.replace(
        topic.sources[0], quote=topic.sources[0].quote + " et un mot inventé"
    )
    bad = dataclasses.replace(
        kb, topics={topic.id: dataclasses.replace(topic, sources=(bad_source,))}
    )
    assert SHARED is not None
    problems = check_quotes(bad, SHARED)
    assert (
        len(problems) == 1
        and topic.id in str(problems[0])
        and "not found verbatim" in str(problems[0])
    )


def test_answers_and_quotes_use_the_correct_names(kb: KnowledgeBase) -> None:
    for topic in kb.topics.values():
        texts = [topic.answer.fr, topic.answer.en, *(s.quote for s in topic.sources)]
        for text in texts:
            for typo in TYPOS:
                assert typo not in collapse(text), f"{topic.id}: {typo!r}"


def test_every_topic_has_both_languages_and_enough_variants(kb: KnowledgeBase) -> None:
    required = {
        "segur_budget", "acceleration_strategy", "programme_leads", "source_event", "sunes_overview",
        "sunes_windows", "sunes_missed_window", "sunes_dates_fixed", "sunes_window_amounts",
        "vendor_strict_deadline", "vendor_why_strict", "referencing_postponed", "deadline_reviews",
        "vendor_data_sharing",
    }  # fmt: skip
    assert required <= set(kb.topics)
    for topic in kb.topics.values():
        assert topic.answer.fr.strip() and topic.answer.en.strip()
        assert len(set(topic.variants)) >= 10
