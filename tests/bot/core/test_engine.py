"""The answer engine end to end, without an event loop: question, role, language and today in."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.engine import MAX_REPLY, Engine

D = dt.date


def test_referencing_may_10_is_eligible_with_deadline_and_source(engine: Engine) -> None:
    answer = engine.ask(
        "si j'envoie mon dossier de référencement le 10 mai, c'est bon ?",
        today=D(2022, 4, 20),
        role="vendor",
    )
    assert answer.lang == "fr" and not answer.fallback
    assert answer.verdict is not None
    assert (answer.verdict.eligible, answer.verdict.item) == (True, "sons-v1-referencement")
    assert answer.verdict.closes == "2022-06-15T14:00"
    assert "15 juin 2022 à 14h00" in answer.text
    assert answer.dates == ("2022-05-10",)
    # The public page the date comes from, with its link and a verbatim French quote.
    dsr = next(c for c in answer.sources if c.document == "ans-dsr-pfi-v13")
    assert dsr.url.startswith("https://") and dsr.url in answer.text


def test_hospital_next_window_from_december_2021_is_f2(engine: Engine) -> None:
    answer = engine.ask("prochaine fenêtre ?", today=D(2021, 12, 1), role="hospital")
    assert answer.topic == "next_window"
    assert "F2" in answer.text and "1er mars 2022" in answer.text and "30 avril 2022" in answer.text
    assert "F3" not in answer.text
    assert "dans 90 jours" in answer.text  # stated as of the day asked


def test_next_deadline_in_december_2026_names_the_drimbox_deadlines(engine: Engine) -> None:
    answer = engine.ask("prochaine date limite ?", today=D(2026, 12, 1))
    assert answer.topic == "upcoming_deadlines"
    assert "15 septembre 2027, avant 12h00" in answer.text
    assert "15 décembre 2027, avant 12h00" in answer.text
    assert "ne concernent que : DRIMbox" in answer.text  # and no date for the other couloirs
    assert any(c.document == "ans-ind-drimbox-v2" for c in answer.sources)


def test_a_dpi_vendor_after_the_last_deadline_gets_no_date_and_the_channels(engine: Engine) -> None:
    answer = engine.ask("prochaine date limite dpi ?", today=D(2026, 12, 1), role="vendor")
    assert "Aucune date à venir" in answer.text
    assert "2027" not in answer.text  # DRIMbox is not a DPI vendor's
    urls = [link.url for link in answer.links]
    assert any("industriels.esante.gouv.fr" in u for u in urls)
    assert any("asp-public.fr" in u for u in urls)
    assert all(u in answer.text for u in urls)


def test_after_the_last_deadline_nothing_is_ahead_for_anyone(engine: Engine) -> None:
    answer = engine.ask("prochaine date limite ?", today=D(2027, 12, 16))
    assert "Aucune date à venir" in answer.text
    assert "close depuis le mercredi 15 décembre 2027" in answer.text
    assert answer.links


def test_english_question_gets_english_answer(engine: Engine) -> None:
    answer = engine.ask("when is the next SUN-ES window?", today=D(2022, 5, 15), role="hospital")
    assert answer.lang == "en"
    assert "F3" in answer.text and "1 September 2022" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "quel temps fera-t-il demain à Paris ?",
        "comment renouveler mon passeport",
        "score du match PSG OM",
        "asdfgh qwerty",
    ],
)
def test_off_topic_falls_back_and_says_what_it_can_answer(engine: Engine, question: str) -> None:
    answer = engine.ask(question, today=D(2026, 11, 23))
    assert answer.fallback and answer.topic is None and answer.verdict is None
    assert len(answer.suggestions) <= 3
    assert "Ségur" in answer.text


def test_dated_question_without_role_asks_for_it(engine: Engine) -> None:
    answer = engine.ask(
        "suis-je encore éligible si j'envoie tout le 10 mai ?", today=D(2022, 4, 20)
    )
    # Nothing says whether a vendor or a hospital asks: ask, don't guess.
    assert answer.verdict is None and answer.needs_role
    assert "éditeur" in answer.text


def test_referencing_implies_a_vendor(engine: Engine) -> None:
    answer = engine.ask(
        "si j'envoie mon dossier de référencement le 10 mai c'est bon ?", today=D(2022, 4, 20)
    )
    assert answer.role == "vendor"
    assert answer.verdict is not None and answer.verdict.item == "sons-v1-referencement"


def test_role_clue_in_text_is_used(engine: Engine) -> None:
    answer = engine.ask(
        "je suis éditeur, mon dossier de référencement le 16 juin 2022 ça passe ?",
        today=D(2022, 4, 20),
    )
    assert answer.role == "vendor"
    assert answer.verdict is not None and answer.verdict.eligible is False


def test_hospital_that_missed_a_window_is_pointed_to_the_next(engine: Engine) -> None:
    answer = engine.ask("notre CHU peut candidater au SUN-ES le 15 mai 2022 ?", today=D(2022, 5, 1))
    assert answer.verdict is not None
    assert (answer.verdict.eligible, answer.verdict.item) == (False, "sunes-f3")
    assert "1er septembre 2022" in answer.text


def test_answers_never_repeat_the_article_typos(engine: Engine) -> None:
    for topic_id in engine.kb.topics:
        for lang in ("fr", "en"):
            text = engine.answer_topic(
                topic_id, today=D(2022, 4, 20), role="vendor", lang=lang
            ).text
            assert "Séur" not in text and "David Clatz" not in text


def test_suggestion_button_answers_its_topic(engine: Engine) -> None:
    answer = engine.answer_topic("sunes_missed_window", today=D(2022, 4, 20), lang="en")
    assert answer.topic == "sunes_missed_window" and answer.lang == "en" and not answer.fallback


def test_unknown_topic_id_falls_back(engine: Engine) -> None:
    assert engine.answer_topic("no_such_topic", today=D(2022, 4, 20)).fallback


@pytest.mark.parametrize(
    "text", ["", "   ", "\x00\x01", "🙂" * 3000, "?" * 5000, "؟ما هو سيغور" * 50]
)
def test_odd_input_never_raises_and_stays_within_telegram_limit(engine: Engine, text: str) -> None:
    answer = engine.ask(text, today=D(2026, 11, 23))
    assert 0 < len(answer.text) <= MAX_REPLY


def test_engine_is_deterministic(engine: Engine) -> None:
    args = {"today": D(2022, 4, 20), "role": "vendor"}
    first = engine.ask("dossier de ref le 15 juin à 13h ?", **args)
    assert engine.ask("dossier de ref le 15 juin à 13h ?", **args) == first
    assert first.verdict is not None and first.verdict.eligible is True


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("bonjour", "Bonjour !"),
        ("Merci !", "Avec plaisir"),
        ("thank you", "You are welcome"),
        ("Salut", "Bonjour !"),
    ],
)
def test_small_talk_gets_a_polite_reply_not_a_fallback(
    engine: Engine, text: str, start: str
) -> None:
    answer = engine.ask(text, today=D(2026, 11, 23))
    assert answer.text.startswith(start)
    assert not answer.fallback and answer.topic is None


def test_a_greeting_with_a_question_answers_the_question(engine: Engine) -> None:
    answer = engine.ask("bonjour, c'est quoi le budget du ségur ?", today=D(2026, 11, 23))
    assert answer.topic == "segur_budget"
