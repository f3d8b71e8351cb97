"""A later step asked after the step it depends on was missed: the calendar's `prerequisites:`
rule it out, whatever the later step's own dates; other questions naming two steps are not."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.engine import Engine

D = dt.date

# (question, today, the verdict, the item judged)
CASES = [
    ("Notre dossier de référencement DPI n'était pas prêt pour le 15 juin, on ne l'a pas "
     "déposé. Est-ce qu'on peut quand même demander l'avance ?", D(2022, 7, 10), False,
     "sons-v1-commandes"),
    ("on a raté le référencement PFI, on peut encore demander l'avance ?", D(2022, 7, 10), False,
     "sons-v1-commandes"),
    ("We never filed our SGL referencing file. Can we still get the advance?", D(2022, 7, 10),
     False, "sons-v1-commandes"),
    ("notre solution n'a pas été référencée à temps ; la commande du client, on peut encore la "
     "signer ?", D(2022, 9, 10), False, "sons-v1-commandes"),
    # Missed before it closed is not missed: the référencement itself is still open.
    ("on a raté le référencement PFI ?", D(2022, 5, 10), True, "sons-v1-referencement"),
    # Missing the advance says nothing of the référencement: no prerequisite applies.
    ("on n'a pas déposé l'avance DPI. Le solde on peut le demander ?", D(2023, 6, 1), True,
     "sons-v1-solde"),
    # An order missed rules out the Prestation and the balance of that client.
    ("on a loupé la commande du 30/11 pour un client RIS. Son solde, on peut le demander ?",
     D(2023, 2, 10), False, "sons-v1-solde"),
    # A step done after its own close is missed; done in time, it rules nothing out.
    ("install SGL terminée le 22 septembre 2023, le solde est encore possible ?", D(2023, 10, 2),
     False, "sons-v1-solde"),
    ("install SGL terminée le 18 septembre 2023, le solde est encore possible ?", D(2023, 10, 2),
     True, "sons-v1-solde"),
    ("on a fini l'instal du DPI le 25 sept, le solde on peut encore ?", D(2023, 9, 26), False,
     "sons-v1-solde"),
    ("DRIMbox install completed on 17 September 2027. Can we still claim its balance?",
     D(2027, 9, 20), False, "sons-v2-drimbox-solde"),
]  # fmt: skip


@pytest.mark.parametrize(("question", "today", "eligible", "item"), CASES)
def test_a_missed_prerequisite_rules_out_the_later_step(
    engine: Engine, question: str, today: dt.date, eligible: bool, item: str
) -> None:
    answer = engine.ask(question, today=today, role="vendor")
    assert answer.verdict is not None, answer.text
    assert (answer.verdict.eligible, answer.verdict.item) == (eligible, item), answer.text
    if item == "sons-v1-commandes":
        assert any(c.document == "ticsante-5828" for c in answer.sources)
        assert ("15 juin 2022" in answer.text) or ("15 June 2022" in answer.text)
    if eligible is False and item.endswith("-solde"):
        # The rule is the sources': the orders' deadline, or the end of the Prestations.
        assert {c.document for c in answer.sources} & {
            "lqdm-2022-06-21",
            "occitanie-sons-v1-delai",
            "ans-ind-drimbox-v2",
        }, answer.sources
