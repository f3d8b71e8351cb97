"""Whether a step's date moved is a yes with what replaced what, as of the question's day; a move
announced later, a reported date nobody confirms, or no move at all is never a calendar yes."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.engine import Engine

D = dt.date

# (question, today, role, the item that moved, phrases the answer must hold)
MOVED = [
    ("la date limite de référencement a été décalée, c vrai ?", D(2022, 4, 20), "vendor",
     "sons-v1-referencement", ["15 juin 2022 à 14h00", "la date d'origine ne figure pas"]),
    ("was the référencement deadline really pushed back? by how much?", D(2022, 4, 9), "vendor",
     "sons-v1-referencement", ["15 June 2022 at 14:00", "by one month"]),
    ("la commande LGC a été décalée ?", D(2022, 7, 1), "doctor",
     "sons-v1-lgc-commandes", ["30 novembre 2022", "remplace le vendredi 15 juillet 2022"]),
    # The day said is the old one, not a filing's.
    ("c'était pas mi-juillet la date des commandes LGC ? ça a bougé non ?", D(2022, 9, 1),
     "doctor", "sons-v1-lgc-commandes", ["30 novembre 2022"]),
    ("was the wave 1 installation deadline extended?", D(2023, 6, 1), "vendor",
     "sons-v1-installation", ["20 September 2023"]),
    ("pour les LGC, la date limite de commande des médecins a bougé non ?", D(2024, 1, 10), None,
     "sons-v1-lgc-commandes", ["remplace le vendredi 15 juillet 2022"]),
]  # fmt: skip


@pytest.mark.parametrize(("question", "today", "role", "item", "says"), MOVED)
def test_a_step_whose_date_moved_is_a_yes_with_what_it_replaced(
    engine: Engine, question: str, today: dt.date, role: str | None, item: str, says: list[str]
) -> None:
    answer = engine.ask(question, today=today, role=role)
    assert answer.verdict is not None, answer.text
    # The topic that holds the step stands for the answer, not the eligibility check.
    assert answer.topic not in (None, "eligibility_check"), answer.topic
    assert (answer.verdict.eligible, answer.verdict.item) == (True, item), answer.text
    assert all(s in answer.text for s in says), answer.text
    assert answer.text.startswith(("Oui", "Yes")), answer.text


@pytest.mark.parametrize(
    ("question", "today", "role"),
    [
        # Asked before the move was announced (21 June 2022): not moved yet that day.
        ("la commande LGC a été décalée ?", D(2022, 5, 1), "doctor"),
        # No move in the calendar: the topics say what the sources say.
        ("la F3 a bougé ?", D(2022, 8, 1), "hospital"),
        # A reported date nobody confirms.
        ("solde LGO, c'est le 28 avril ou ça a bougé ?", D(2023, 6, 1), "pharmacy"),
        # By how much is the user's claim: the sources' own amount is told, not confirmed.
        ("the referencing deadline got pushed back two months, is that true?", D(2022, 4, 12),
         "vendor"),
        # Why it moved, or what the move changed, is a fact.
        ("pourquoi la date de référencement a été décalée ?", D(2022, 4, 20), "vendor"),
        ("le report du référencement, ça a changé quoi pour les preuves CNDA ?", D(2022, 5, 1),
         "vendor"),
    ],
)  # fmt: skip
def test_no_move_known_that_day_is_no_calendar_yes(
    engine: Engine, question: str, today: dt.date, role: str
) -> None:
    answer = engine.ask(question, today=today, role=role)
    assert not (answer.verdict and answer.verdict.eligible), answer.text
    assert not answer.text.startswith(("Oui", "Yes")), answer.text
