"""Every knowledge entry's quote stands verbatim in its source document.

The only test allowed to skip: a user's clone has no shared/ folder beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings
from knowledge.loader import KnowledgeBase
from knowledge.sources import TYPOS, check_quotes, collapse, find_shared_dir

SHARED = find_shared_dir(Settings.from_env().shared_dir)


@pytest.mark.skipif(
    SHARED is None, reason="no shared/ folder with the source documents beside the repo"
)
def test_every_quote_and_calendar_date_is_in_its_source(kb: KnowledgeBase, calendar) -> None:
    from rules.sources import check_dates

    assert SHARED is not None
    problems = [*map(str, check_quotes(kb, SHARED)), *check_dates(calendar, SHARED)]
    assert problems == [], "\n".join(problems)


def test_a_date_not_in_the_reference_is_caught(calendar, tmp_path: Path) -> None:
    import dataclasses

    from knowledge.validation import Moment
    from rules.sources import REFERENCE, check_dates

    item = calendar.get("sunes-f2")
    one = dataclasses.replace(calendar, items=(item,))
    # A stand-in for the reference file: the real one lives outside the repository.
    (tmp_path / REFERENCE).parent.mkdir(parents=True)
    (tmp_path / REFERENCE).write_text(
        "| sunes-f2 | 2022-03-01 | 2022-04-30 |\n| solde | before 2027-12-15 12:00 |\n",
        encoding="utf-8",
    )
    assert check_dates(one, tmp_path) == []
    moved = dataclasses.replace(item, closes=Moment(item.closes.day.replace(day=29)))
    problems = check_dates(dataclasses.replace(calendar, items=(moved,)), tmp_path)
    assert len(problems) == 1 and "sunes-f2" in problems[0] and "2022-04-29" in problems[0]
    # A "before 12:00" close and a plain 12:00 close differ by the filings made at noon sharp.
    solde = calendar.get("sons-v2-drimbox-solde")
    assert check_dates(dataclasses.replace(calendar, items=(solde,)), tmp_path) == []
    plain = dataclasses.replace(solde, closes=dataclasses.replace(solde.closes, exclusive=False))
    problems = check_dates(dataclasses.replace(calendar, items=(plain,)), tmp_path)
    assert len(problems) == 1 and "2027-12-15 12:00" in problems[0]


def _stand_in_sources(kb: KnowledgeBase, topic, tmp_path: Path) -> None:
    """A stand-in public-sources.md holding one topic's quotes as excerpts: the real file lives
    outside the repository."""
    from knowledge.sources import PUBLIC_SOURCES

    sections = []
    for doc in kb.documents.values():
        quotes = [s.quote for s in topic.all_sources() if s.document == doc.id and s.quote]
        sections.append(
            f"## {doc.id}\n- title: {doc.title}\n- url: {doc.url}\n"
            + "".join(f"> {q}\n" for q in quotes)
        )
        if doc.fulltext:
            (tmp_path / doc.fulltext).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / doc.fulltext).write_text("-", encoding="utf-8")
    (tmp_path / PUBLIC_SOURCES).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / PUBLIC_SOURCES).write_text("\n".join(sections), encoding="utf-8")


def test_a_quote_not_in_the_source_is_caught(kb: KnowledgeBase, tmp_path: Path) -> None:
    import dataclasses

    topic = kb.topics["segur_budget"]
    one = dataclasses.replace(kb, topics={topic.id: topic})
    _stand_in_sources(kb, topic, tmp_path)
    assert check_quotes(one, tmp_path) == []
    quoted = next(s for s in topic.sources if s.quote)
    bad_source = dataclasses.replace(quoted, quote=quoted.quote + " et un mot inventé")
    bad = dataclasses.replace(
        one, topics={topic.id: dataclasses.replace(topic, sources=(bad_source,))}
    )
    problems = check_quotes(bad, tmp_path)
    assert (
        len(problems) == 1
        and topic.id in str(problems[0])
        and "not found verbatim" in str(problems[0])
    )


def test_a_later_fact_s_quote_is_checked_too(kb: KnowledgeBase, tmp_path: Path) -> None:
    import dataclasses

    topic = next(t for t in kb.topics.values() if t.later)
    one = dataclasses.replace(kb, topics={topic.id: topic})
    _stand_in_sources(kb, topic, tmp_path)
    assert check_quotes(one, tmp_path) == []
    fact = topic.later[0]
    assert fact.source.quote
    wrong = dataclasses.replace(fact.source, quote=fact.source.quote + " et un mot inventé")
    bad_topic = dataclasses.replace(topic, later=(dataclasses.replace(fact, source=wrong),))
    problems = check_quotes(dataclasses.replace(one, topics={topic.id: bad_topic}), tmp_path)
    assert len(problems) == 1 and "not found verbatim" in str(problems[0])


def test_a_document_whose_address_differs_is_caught(kb: KnowledgeBase, tmp_path: Path) -> None:
    import dataclasses

    topic = kb.topics["segur_budget"]
    _stand_in_sources(kb, topic, tmp_path)
    doc = next(iter(kb.documents.values()))
    moved = {**kb.documents, doc.id: dataclasses.replace(doc, url="https://example.org/x")}
    problems = check_quotes(dataclasses.replace(kb, topics={}, documents=moved), tmp_path)
    assert [p.topic for p in problems] == [doc.id] and "url differs" in str(problems[0])


def test_answers_and_quotes_use_the_correct_names(kb: KnowledgeBase) -> None:
    for topic in kb.topics.values():
        texts = [topic.answer.fr, topic.answer.en, *(s.quote or "" for s in topic.sources)]
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
