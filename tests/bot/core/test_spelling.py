"""Typos of the parser's clue words are read as the clue word; real and known words never are."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from bot.core.engine import Engine
from bot.core.spelling import ClueSpelling, RealWords
from knowledge.normalize import fold


@pytest.fixture(scope="module")
def spelling(engine: Engine) -> ClueSpelling:
    return engine.parser._spelling


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        # A letter missing (five letters: only a missing or added one counts).
        ("retar", "retard"),
        ("referncement", "referencement"),
        # A letter changed, from six letters.
        ("avanse", "avance"),
        ("advanse", "advance"),
        # Two edits, from eight letters.
        ("deadlnie", "deadline"),
        # Real French or English words the bot does not know stay as typed.
        ("chance", None),
        ("failed", None),
        ("personne", None),
        ("derriere", None),
        # Short words: too many neighbours.
        ("cdes", None),
        ("dept", None),
        ("resto", None),
        # Words the knowledge base or the lexicon holds.
        ("retour", None),
        ("referente", None),
        ("janvier", None),
    ],
)
def test_a_word_is_read_as_the_clue_word_it_is_a_typo_of(
    spelling: ClueSpelling, typed: str, read: str | None
) -> None:
    assert spelling.correction(typed) == read


def test_the_text_keeps_what_was_typed_around_a_corrected_word(spelling: ClueSpelling) -> None:
    text = "L'avanse, on l'a envoyée le 3/12 ?"
    assert spelling.correct(text, fold(text)) == (
        "L'avance, on l'a envoyée le 3/12 ?",
        "l avance on l a envoyee le 3 12",
    )


def test_without_word_lists_nothing_is_corrected(caplog: pytest.LogCaptureFixture) -> None:
    spelling = ClueSpelling(["retard", "avance"], [], RealWords(languages=("xx",)))
    with caplog.at_level(logging.WARNING):
        text = "un jour de retar, l'avanse"
        assert spelling.correct(text, fold(text)) == (text, fold(text))
    assert "no xx word list" in caplog.text


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        ("on depose avec un jour de retar c mort ?", "late", True),
        ("avanse PFI on peut encore ?", "milestones", frozenset({"avance"})),
        ("can we still file the advanse request for wave 1?", "milestones", frozenset({"avance"})),
        (
            "on a encore une chance pour l'avance ?",
            "text",
            "on a encore une chance pour l'avance ?",
        ),
    ],
)
def test_the_parser_reads_clue_words_through_their_typos(
    engine: Engine, text: str, field: str, expected: object
) -> None:
    parsed = engine.parser.parse(text, dt.date(2022, 6, 10), "vendor")
    value = getattr(parsed, field)
    assert (value is not None if expected is True else value) == expected
