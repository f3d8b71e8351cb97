"""Who may apply: the audience rules of SUN-ES and of the wave 1 + wave 2 Prestation, and the
windows of the day for a "now" question."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.engine import Engine

D = dt.date.fromisoformat

# (question, day asked, the verdict, a word the answer must hold)
RULES = [
    # The kind of establishment decides, whatever the day: médico-social is out.
    ("notre ehpad a t il droit au sun-es ?", "2022-03-10", False, "EHPAD"),
    ("can a nursing home apply for SUN-ES or not?", "2022-03-10", False, "EHPAD"),
    # A window named is the programme named.
    (
        "notre EHPAD : la fenêtre 3 est ouverte, on peut candidater nous aussi ?",
        "2022-09-20",
        False,
        "EHPAD",
    ),
    (
        "un EHPAD rattaché à une clinique privée peut candidater au SUN-ES ?",
        "2022-03-10",
        False,
        "",
    ),
    # So is a private practice or a retail pharmacy: sanitary establishments only.
    ("je suis medecin liberal, le sunes ca me concerne ?", "2026-11-23", False, "officine"),
    ("GP here, can my practice apply to SUN-ES?", "2022-03-10", False, "private practice"),
    ("pharmacien : je peux toucher le SUN-ES si j'alimente le DMP ?", "2022-03-10", False, ""),
    # A sanitary kind may apply; with no "now", the yes is the rule's, and the windows of the
    # day follow it (open, next or over).
    ("une HAD peut-elle candidater au SUN-ES ?", "2026-11-23", True, "30 avril 2023"),
    ("is a dialysis centre eligible for SUN-ES?", "2022-03-10", True, "30 April 2022"),
    ("Are private for-profit clinics eligible for SUN-ES?", "2026-11-23", True, ""),
    # Applying ("candidater") names the windows' programme.
    ("un etablissement PSY peut il candidater ?", "2022-03-20", True, "30 avril 2022"),
    (
        "Directrice d'un SSIAD, on peut déposer pour la dernière fenêtre SUN-ES ?",
        "2023-03-20",
        False,
        "EHPAD",
    ),
    (
        "A clinic paid for its wave 1 DPI update itself: can it get the wave 1 + wave 2 Prestation?",
        "2026-11-23",
        False,
        "",
    ),
    (
        "sunes c pr nous ? on est un centre de dialyse. ca ouvre qd",
        "2021-08-27",
        True,
        "1er septembre 2021",
    ),
    (
        "I worked in acute care before: does SUN-ES cover psychiatric hospitals?",
        "2022-03-10",
        True,
        "",
    ),
    ("clinique privée SSR, on a droit au sun es ?", "2022-06-01", True, "1er septembre 2022"),
    # "Now": the windows of that day decide the verdict.
    ("une HAD peut encore candidater au SUN-ES ?", "2022-09-05", True, "31 octobre 2022"),
    ("notre EPSM peut candidater au SUN-ES cette année ?", "2024-02-01", False, "F4"),
    ("un centre de dialyse peut déjà candidater au SUN-ES ?", "2021-06-21", False, "1er septembre"),
    # The wave 1 + wave 2 Prestation: a client that never had a wave 1 one may; one that had or
    # paid for it may not ("ni financée ni payée" denies the self-funding).
    (
        "client jamais équipé en V1, ni financé ni payé par lui, droit à la presta V1+V2 ?",
        "2025-01-10",
        True,
        "",
    ),
    (
        "clinique: ni prestation V1 ni autofinancement, on a droit a la V1+V2 ?",
        "2025-01-10",
        True,
        "",
    ),
    (
        "client CH : aucune presta Ségur V1, rien autofinancé, droit à la presta V1+V2 ?",
        "2025-01-10",
        True,
        "",
    ),
    (
        "a client hospital paid by themselves a wave 1 update: eligible to the wave 1 + wave 2 one?",
        "2025-01-10",
        False,
        "",
    ),
    (
        "un CH a payé lui-même sa maj vague 1 : on peut lui vendre la Prestation vague 1 + vague 2 ?",
        "2026-11-23",
        False,
        "",
    ),
    (
        "en 2023 on a eu la prestation DPI vague 1 financée par l'État : la V1 + V2, possible ?",
        "2026-11-23",
        False,
        "",
    ),
    (
        "notre client a autofinancé sa maj V1, il peut avoir la prestation vague 1 + vague 2 ?",
        "2025-01-10",
        False,
        "vague 2",
    ),
    (
        "our client already received a wave 1 prestation, can it get the combined wave 1 + wave 2 one?",
        "2025-01-10",
        False,
        "vague 2 Prestation",
    ),
]


@pytest.mark.parametrize(("question", "today", "eligible", "word"), RULES)
def test_who_may_apply_is_answered_yes_or_no(
    engine: Engine, question: str, today: str, eligible: bool, word: str
) -> None:
    answer = engine.ask(question, today=D(today))
    assert answer.verdict is not None, answer.text
    assert answer.verdict.eligible is eligible, answer.text
    # The rule's own topic answers, not a calendar or eligibility topic that happens to agree.
    assert answer.topic in ("sunes_overview", "vague2_prestation"), answer.topic
    assert word in answer.text
    assert answer.sources, "the rule cites its page"


@pytest.mark.parametrize(
    "question",
    [
        # A plain hospital asks about the windows or the prerequisites, not about its kind.
        "what are the prerequisites before a hospital can apply for SUN-ES?",
        "si un hopital rate une fenêtre sun-es il perd tout ou pas ?",
        # Another programme, and a "why".
        "HOP'EN 2, une HAD peut candidater ?",
        "pourquoi les EHPAD n'ont pas droit au SUN-ES ?",
    ],
)
def test_questions_that_are_not_about_a_kind_of_applicant_keep_their_route(
    engine: Engine, question: str
) -> None:
    answer = engine.ask(question, today=D("2022-03-10"))
    assert answer.verdict is None or answer.verdict.item != "sunes_overview", answer.text


@pytest.mark.parametrize(
    ("question", "today"),
    [
        # Who asks, said apart from a question about a window: the window's verdict.
        ("Hello, we're a psychiatric hospital. Is the 3rd SUN-ES window open yet?", "2022-09-20"),
        ("Nous sommes un CH psychiatrique. La F3 est-elle déjà ouverte ?", "2022-09-20"),
    ],
)
def test_who_asks_said_apart_leaves_the_window_s_verdict(
    engine: Engine, question: str, today: str
) -> None:
    answer = engine.ask(question, today=D(today), role="hospital")
    assert answer.topic != "sunes_overview", answer.text
    assert answer.verdict is not None and answer.verdict.item == "sunes-f3", answer.text
