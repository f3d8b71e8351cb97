"""A date the bot cannot read is said so, never judged as another day (issue 13, item 3)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.dates import find_dates, find_unreadable
from bot.core.engine import Engine

TODAY = dt.date(2022, 5, 1)

# (what the user typed after /eligible or in a question, why it cannot be read)
UNREADABLE = [
    ("06/16/2022", "month_first"),
    ("31/06/2022", "impossible"),
    ("29/02/2023", "impossible"),
    ("seize juin", "words"),
    ("16 juim 2022", "typo"),
    ("le 30 novembr", "typo"),
    ("29 février 2023", "impossible"),
    ("le 31 avril", "impossible"),
]
# Phrases that are no dates, or dates the layer reads: nothing is flagged.
READABLE = ["16/06/2022", "le 16 juin 2022", "29/02/2024", "2/3 des dossiers", "la version 1.3",
            "dans 3 jours", "le 12 mois", "14h30", "15 mars", "29 février 2024", "29 fevrier",
            "sous 48h", "on a 48h pour", "le 15 juin à 24h", "1er avril"]  # fmt: skip


@pytest.mark.parametrize(("phrase", "reason"), UNREADABLE)
def test_unreadable_phrases_are_found_with_their_reason(phrase: str, reason: str) -> None:
    found = tuple(d.text for d in find_dates(phrase, TODAY))
    assert [u.reason for u in find_unreadable(phrase, found)] == [reason]


@pytest.mark.parametrize("phrase", READABLE)
def test_readable_phrases_and_non_dates_are_not_flagged(phrase: str) -> None:
    found = tuple(d.text for d in find_dates(phrase, TODAY))
    assert find_unreadable(phrase, found) == ()


@pytest.mark.parametrize(("phrase", "reason"), UNREADABLE)
def test_eligible_with_an_unreadable_date_gives_no_verdict(
    engine: Engine, phrase: str, reason: str
) -> None:
    answer = engine.eligibility(today=TODAY, role="vendor", lang="fr", on=phrase)
    assert answer.verdict is None
    assert answer.text.startswith("Je n'ai pas pu lire la date")


@pytest.mark.parametrize(("phrase", "reason"), UNREADABLE)
def test_a_question_with_an_unreadable_date_gives_no_verdict(
    engine: Engine, phrase: str, reason: str
) -> None:
    answer = engine.ask(
        f"dossier de référencement le {phrase}, ça passe ?", today=TODAY, role="vendor"
    )
    assert answer.verdict is None and "pas pu lire la date" in answer.text


def test_english_gets_the_english_sentence(engine: Engine) -> None:
    answer = engine.ask(
        "can we still send the referencing file on 31/06/2022?", today=TODAY, role="vendor"
    )
    assert answer.text.startswith("I could not read the date") and "no such day" in answer.text


def test_a_readable_date_is_still_judged(engine: Engine) -> None:
    answer = engine.eligibility(today=TODAY, role="vendor", lang="fr", on="16/06/2022")
    assert answer.verdict is not None and "16 juin 2022" in answer.text


@pytest.mark.parametrize(
    ("question", "lang", "hour"),
    [
        ("ref DPI le 15/06/22 à 25h, ça passe ?", "fr", "25h"),
        ("can we still file the DPI referencing on 15/06 at 26:00?", "en", "26:00"),
        ("on envoie le dossier de ref demain vers 31h", "fr", "31h"),
    ],
)
def test_an_hour_that_does_not_exist_is_said_so(
    engine: Engine, question: str, lang: str, hour: str
) -> None:
    answer = engine.ask(question, today=TODAY, role="vendor")
    assert answer.verdict is None and answer.lang == lang
    lead = "Je n'ai pas pu lire l'heure" if lang == "fr" else "I could not read the time"
    assert answer.text.startswith(lead) and hour in answer.text, answer.text
