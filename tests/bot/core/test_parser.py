"""The question parser alone: which of the days a question names is the filing to judge."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.engine import Engine

D = dt.date
TODAY = D(2023, 2, 28)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "day", "at"),
    [
        # Several days: the one right after a filing word, wherever it is in the question.
        ("la F4 ouvre demain ? on peut pas deposer des aujourd'hui ?", "2023-02-28", None),
        ("ça ouvre demain, si je dépose aujourd'hui ça compte ?", "2023-02-28", None),
        ("ça ferme le 30 avril, et si on l'envoie le 2 mai ?", "2023-05-02", None),
        ("it closes on April 30, can we submit on May 2?", "2023-05-02", None),
        # No filing word: the first day named, or the first not yet past.
        ("le 30 avril ou le 2 mai", "2023-04-30", None),
        ("commande signée hier, l'avance ce matin c'est bon ?", "2023-02-28", "11:59"),
        ("signée hier, je peux la faire demain ?", "2023-03-01", None),
        # One day said twice: the phrase that says the most (a clock time).
        ("ça ouvre aujourd'hui ? je voulais le faire ce matin à 9h", "2023-02-28", "09:00"),
        # One day only.
        ("si je dépose demain ?", "2023-03-01", None),
    ],
)
def test_the_filing_is_the_day_after_the_filing_word(
    engine: Engine, text: str, day: str, at: str | None
) -> None:
    parsed = engine.parser.parse(text, TODAY)
    assert parsed.filing is not None
    assert parsed.filing.day.isoformat() == day
    assert (parsed.filing.time.strftime("%H:%M") if parsed.filing.time else None) == at


def test_no_day_named_means_no_filing_day(engine: Engine) -> None:
    assert engine.parser.parse("je peux encore déposer ?", TODAY).filing is None


@pytest.mark.parametrize(
    ("text", "intent", "milestones"),
    [
        # "encore à temps" asks whether; "le premier appel" is a window.
        ("on est encore à temps pour le premier appel SUN-ES ?", "verdict", set()),
        # A questionnaire not finished is no installation step.
        (
            "on a pas fini le questionnaire RNIV, si on dépose pour la fenetre 1 ça passe ?",
            "verdict",
            {"candidature"},
        ),
        ("la maj pas finie chez le client, c'est grave ?", None, {"installation"}),
        # "il reste" asks what is still ahead.
        ("il reste quelles fenêtres SUN-ES pour un CH ?", "next", {"candidature"}),
        ("any SUN-ES windows left?", "next", {"candidature"}),
    ],
)
def test_what_is_asked_and_about_which_step(
    engine: Engine, text: str, intent: str | None, milestones: set[str]
) -> None:
    parsed = engine.parser.parse(text, TODAY)
    assert parsed.intent == intent
    assert parsed.milestones == milestones
