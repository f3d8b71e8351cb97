"""The answer engine end to end, without an event loop: question, role, language and today in."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core import render
from bot.core.answer import Answer
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
        "j'ai un entretien d'embauche chez un editeur DPI lundi, des conseils ?",
        "job interview at a PFI vendor on Monday, any tips?",
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


# No profile: when a health establishment and a vendor get the same verdict on the day named, it
# is given for both, each with its own step; when they differ, the bot asks who is asking.
ANY_ROLE = [
    # 30 April 2022 is F2's last day and within the vendors' référencement: yes for both.
    ("si on dépose le 30/04 à 23h ça passe ?", D(2022, 4, 29), "fr", True),
    ("if we file on 30 April at 11pm, are we ok?", D(2022, 4, 29), "en", True),
    # 31 October 2022: F3's last day, and within the vague 1 orders and advances.
    ("on dépose lundi : c'est le dernier jour ou déjà trop tard ?", D(2022, 10, 27), "fr", True),
    # 10 May 2022: F2 closed on 30 April, the référencement still open: they differ.
    ("suis-je encore éligible si j'envoie tout le 10 mai ?", D(2022, 4, 20), "fr", None),
    # 20 December 2022: no SUN-ES window is open, a vendor's installation step is: they differ.
    ("on peut encore déposer le dossier le 20 décembre ?", D(2022, 12, 10), "fr", None),
]


@pytest.mark.parametrize(("question", "today", "lang", "eligible"), ANY_ROLE)
def test_with_no_profile_a_verdict_both_sides_share_is_given_for_each(
    engine: Engine, question: str, today: dt.date, lang: str, eligible: bool | None
) -> None:
    answer = engine.ask(question, today=today, lang=lang)
    if eligible is None:
        assert answer.verdict is None and answer.needs_role
        return
    assert answer.verdict is not None and answer.verdict.eligible is eligible
    assert answer.text.startswith(("Oui" if lang == "fr" else "Yes") if eligible else "N")
    hospital = "établissement de santé" if lang == "fr" else "health establishment"
    vendor = "éditeur" if lang == "fr" else "software vendor"
    assert hospital in answer.text and vendor in answer.text
    assert answer.text.index(hospital) < answer.text.index(vendor)


# A step of a software that is not the asker's own, named by its words: a hospital asking about
# its vendor's DRIMbox steps is judged on that step, not told that no date is known.
OTHER_SIDE_STEP = [
    (
        "DRIMbox : demande de financement et d'avance, il est 11h59 le 10/11, ça passe ?",
        D(2026, 11, 10),
        True,
        "sons-v2-drimbox-avance",
    ),
    (
        "DRIMbox : dossier administratif à l'ANS, il est 12h05, l'éditeur l'envoie, c'est bon ?",
        D(2025, 9, 10),
        False,
        "sons-v2-drimbox-dossier-administratif",
    ),
    (
        "our DRIMbox vendor sends its conformity proofs on 12 May, is that in time?",
        D(2026, 5, 1),
        True,
        "sons-v2-drimbox-preuves",
    ),
    # No software named: a hospital's vendors are those of its own software (DPI, PFI...).
    (
        "notre editeur veut deposer sa demande de solde cet aprem vers 15h, c bon ?",
        D(2023, 12, 14),
        False,
        "sons-v1-solde",
    ),
    ("notre éditeur peut encore demander l'avance ?", D(2022, 11, 20), True, "sons-v1-commandes"),
    # A step not asked for by its day is a missed step, judged now.
    (
        "Our DRIMbox vendor hasn't requested the balance. Is there any way left?",
        D(2027, 12, 16),
        False,
        "sons-v2-drimbox-solde",
    ),
]


@pytest.mark.parametrize(("question", "today", "eligible", "item"), OTHER_SIDE_STEP)
def test_a_hospital_asking_about_its_vendor_s_step_gets_that_step_s_verdict(
    engine: Engine, question: str, today: dt.date, eligible: bool, item: str
) -> None:
    _assert_verdict(engine.ask(question, today=today, role="hospital"), eligible, item)


@pytest.mark.parametrize(
    ("question", "role", "lang"),
    [
        (
            "éditeur LGC sages-femmes, est-ce qu'on est encore dans les temps pour la v2 ?",
            None,
            "fr",
        ),
        ("SGL vendor: is wave 2 referencing for lab software still open?", "vendor", "en"),
        # A day named is a day judged, with or without a yes/no word.
        ("solde v2 PFI possible en mars 2025 ?", "vendor", "fr"),
    ],
)
def test_a_yes_no_question_with_no_date_in_the_sources_is_neither_yes_nor_no(
    engine: Engine, question: str, role: str | None, lang: str
) -> None:
    answer = engine.ask(question, today=D(2025, 2, 1), role=role, lang=lang)
    assert answer.verdict is not None and answer.verdict.eligible is None
    assert answer.verdict.reason == "no_date" and answer.links  # the channels, to ask them
    # A "when?" question that finds no date is no verdict at all.
    when = engine.ask("date limite vague 2 SGL ?", today=D(2025, 2, 1), role="vendor")
    assert when.verdict is None


@pytest.mark.parametrize(
    "question",
    [
        "CaRE domaine 2 : quelles exigences, et pour quand ?",
        "appel à projets France 2030 IA en santé, on candidate comment ?",
        "FMIS pour rénover notre bâtiment, date de dépôt ?",
        # Named, though no redirect ranks among the question's best topics.
        "peut on financer notre nouveau PACS avec le FIR de l'ARS ?",
        "Can CaRE pay for our clinic's offline backup system, and how much?",
    ],
)
def test_another_programme_named_gets_its_redirect_not_a_menu(
    engine: Engine, question: str
) -> None:
    answer = engine.ask(question, today=D(2025, 3, 1), role="hospital")
    assert not answer.fallback and answer.topic == "other_programmes", answer.text
    # never a yes or no from our calendar: at most "neither", when asked whether
    assert answer.verdict is None or answer.verdict.eligible is None, answer.text


@pytest.mark.parametrize(
    ("question", "today"),
    [
        ("cibles sunes F1 pour quand ?", D(2026, 11, 23)),
        ("on a été retenus en F1, les cibles DMP c pour le 30 juin c bien ca ?", D(2022, 6, 20)),
        ("We were selected in F1 and haven't hit the DMP targets yet. Too late?", D(2022, 7, 5)),
    ],
)
def test_the_f1_targets_date_is_the_topic_s_not_the_f1_window_s_verdict(
    engine: Engine, question: str, today: dt.date
) -> None:
    # Judging the F1 window would answer another question ("can we still apply in F1?"): the
    # targets are their own item, with the two dates the sources give.
    answer = engine.ask(question, today=today, role="hospital")
    assert answer.topic == "sunes_f1_targets", answer.text
    assert answer.verdict is None or answer.verdict.item == "sunes-f1-cibles", answer.text
    assert (
        "2022-06-30" in answer.text
        or "30 June 2022" in answer.text
        or "30 juin 2022" in answer.text
    )


def test_a_window_closed_yesterday_asked_about_now_is_a_no(engine: Engine) -> None:
    # "plus rien faire ?" asks about now: the day named ("hier") is the close, not the filing.
    answer = engine.ask(
        "bonjour, F4 SUN-ES close hier ? on peut plus rien faire ?",
        today=D(2023, 5, 1),
        role="hospital",
    )
    assert answer.verdict is not None and answer.verdict.eligible is False, answer.text


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


# A verdict around a closing: (question, today, eligible, item). The question's words, not only
# its date, say which moment is judged.
VERDICT_WORDING = [
    # a vendor's clients name its software: "des pharmacies" is LGO's step, not the DPI's
    (
        "il est 11h, on dépose les bons de commande signés des pharmacies à l'ASP, ça passe ?",
        D(2023, 3, 15),
        True,
        "sons-v1-lgo-commande",
    ),
    # "on est début juin" said on 2 June is this June: the référencement is still open
    (
        "référencement vague 1 de notre DPI, encore possible ? on est début juin",
        D(2022, 6, 2),
        True,
        "sons-v1-referencement",
    ),
    # a part of the day is judged at both of its ends
    ("solde DRIMbox mercredi matin, on est bons ?", D(2027, 12, 10), True, "sons-v2-drimbox-solde"),
    (
        "on finit l'install DRIMbox mercredi 15 dans l'après-midi, ça rentre ?",
        D(2027, 9, 10),
        False,
        "sons-v2-drimbox-installation",
    ),
    ("demande de solde V1 demain après-midi, c'est ok ?", D(2023, 12, 13), None, "sons-v1-solde"),
    ("solde V1 demain matin c'est ok ?", D(2023, 12, 13), True, "sons-v1-solde"),
    # "yesterday" is the deadline missed; the question is about now
    (
        "referencement DPI v1, on a loupé hier, c mort ?",
        D(2022, 6, 16),
        False,
        "sons-v1-referencement",
    ),
    (
        "we missed the DRIMbox balance yesterday, can we still claim?",
        D(2027, 12, 16),
        False,
        "sons-v2-drimbox-solde",
    ),
    ("on a loupé le référencement hier ?", D(2022, 6, 15), None, "sons-v1-referencement"),
    # the time now, and a software word that makes the question ours
    (
        "il est 10h, je peux déposer la demande d'avance DPI v2 maintenant ?",
        D(2024, 9, 12),
        False,
        "sons-v2-dpi-avance",
    ),
    (
        "la maj DRIMbox sera finie mercredi matin, ça tient ?",
        D(2027, 9, 10),
        True,
        "sons-v2-drimbox-installation",
    ),
    # the next week's weekday
    (
        "avance vague 1 : si le client signe la semaine prochaine mercredi, on est bons ?",
        D(2022, 11, 25),
        True,
        "sons-v1-commandes",
    ),
    (
        "avance vague 1 : mercredi de la semaine prochaine, c'est bon ?",
        D(2022, 11, 28),
        False,
        "sons-v1-commandes",
    ),
    # the end of the day, before lunch: parts of the day judged at both ends
    (
        "DRIMbox, demande de financement et avance : si on envoie mardi prochain en fin de journée ?",
        D(2026, 11, 6),
        False,
        "sons-v2-drimbox-avance",
    ),
    (
        "solde vague 1 avant le déjeuner aujourd'hui, ça passe ?",
        D(2023, 12, 14),
        True,
        "sons-v1-solde",
    ),
    # "jusqu'à quand ?" with a day named: judged on that day, not today
    (
        "compléments demandés par l'ANS, jusqu'à quand ? on peut répondre jeudi ?",
        D(2022, 8, 30),
        False,
        "sons-v1-complements",
    ),
    # two days named: the one after the filing word
    (
        "l'avance PFI v2 ouvre demain ? on peut pas déposer dès aujourd'hui ?",
        D(2024, 9, 11),
        False,
        "sons-v2-pfi-avance",
    ),
    # only an opening is known: open on its opening day once open, unsure on any later day
    (
        "le portail d'enrôlement vague 2 ouvre demain, on peut s'enrôler à 15h ?",
        D(2024, 6, 19),
        True,
        "sons-v2-hopital-enrolement",
    ),
    ("on peut encore s'enrôler vague 2 DPI ?", D(2025, 1, 10), None, "sons-v2-hopital-enrolement"),
    # the step the question names by its own words, not the one open that day
    (
        "DRIMbox: our conformity proof pack only went to the ANS this morning at 9. Too late?",
        D(2026, 5, 14),
        False,
        "sons-v2-drimbox-preuves",
    ),
    (
        "DRIMbox: can we still go back and forth with the ANS on our referencing file this month?",
        D(2026, 9, 1),
        True,
        "sons-v2-drimbox-validation",
    ),
    # an unconfirmed date is judged by the step's certain end
    (
        "ma pharmacie peut encore déposer le solde LGO vague 1 ?",
        D(2024, 2, 1),
        False,
        "sons-v1-lgo-solde",
    ),
    # Chat shorthand ("compl.", "cdes", "today", "ajd") and a step named by what was done in it
    # ("répondu aux demandes de l'ANS", "a signé") are read as their plain words.
    (
        "pieces compl. renvoyees 1er sept au matin, c mort ?",
        D(2022, 9, 1),
        False,
        "sons-v1-complements",
    ),
    ("l'avance PFI v2, encore possible today ?", D(2025, 9, 16), True, "sons-v2-pfi-avance"),
    ("les cdes LGC c encore bon ajd ?", D(2022, 11, 30), True, "sons-v1-lgc-commandes"),
    # A step named by what was done in it: answering the ANS's requests, signing.
    (
        "on a repondu aux demandes de l'ANS le 31 aout a 16h, c foutu ?",
        D(2022, 9, 1),
        False,
        "sons-v1-complements",
    ),
    # Vague 2's dentists' software: no date in our sources, neither yes nor no.
    (
        "editeur logiciel dentaire: on peut encore demander un financement vague 2 ?",
        D(2025, 11, 3),
        None,
        "",
    ),
    # The day a step is reported done is judged, even with "still"; a step not done is not.
    (
        "our RIS upgrade was finished on Sept 20 2023 around 10pm, does it still count?",
        D(2023, 9, 21),
        True,
        "sons-v1-installation",
    ),
    (
        "complements ANS envoyés ce matin 11h, c'est bon ? dernier jour non ?",
        D(2022, 8, 31),
        True,
        "sons-v1-complements",
    ),
    (
        "GP here: I ordered my LGC update on Nov 30 2022 around 11pm, is it still covered?",
        D(2022, 12, 1),
        True,
        "sons-v1-lgc-commandes",
    ),
    (
        "dossier admin drimbox pas envoyé, hier c'était la limite, on peut encore ?",
        D(2025, 9, 11),
        False,
        "sons-v2-drimbox-dossier-administratif",
    ),
    (
        "client generaliste a signé le 2 dec, on peut encore le passer en Ségur ?",
        D(2022, 12, 5),
        False,
        "sons-v1-lgc-commandes",
    ),
]


@pytest.mark.parametrize(("question", "today", "eligible", "item"), VERDICT_WORDING)
def test_the_moment_judged_follows_the_question_s_words(
    engine: Engine, question: str, today: dt.date, eligible: bool | None, item: str
) -> None:
    _assert_verdict(engine.ask(question, today=today, role="vendor"), eligible, item)


def _assert_verdict(answer: Answer, eligible: bool | None, item: str) -> None:
    assert answer.verdict is not None, answer.text
    assert (answer.verdict.eligible, answer.verdict.item) == (eligible, item), answer.text


@pytest.mark.parametrize(
    ("question", "today", "role", "eligible", "item"),
    [
        # A vendor's "officine" is its LGO clients' step, not the hospital couloir's.
        (
            "bdc officine 16 mars trop tard ?",
            D(2023, 3, 16),
            "vendor",
            False,
            "sons-v1-lgo-commande",
        ),
        (
            "Can we still submit for the first SUN-ES window?",
            D(2021, 11, 2),
            "hospital",
            False,
            "sunes-f1",
        ),
        ("avance dpi 30/11 18h ok?", D(2022, 11, 30), "vendor", True, "sons-v1-commandes"),
        (
            "éditeur de logiciel pour médecins libéraux : une commande fin juin, ça passe ?",
            D(2022, 5, 10),
            "vendor",
            True,
            "sons-v1-lgc-commandes",
        ),
        # "first wave 2" is wave 2; a PFI advance the day its portal opens, after 14:00.
        (
            "Tomorrow at 2:30pm, can we file our first wave 2 PFI advance request?",
            D(2024, 9, 11),
            "vendor",
            True,
            "sons-v2-pfi-avance",
        ),
        # "after lunch" is past a noon close; "sera finie vendredi" is Friday's work.
        (
            "DPI vendor, wave 2 advance. If we file after lunch tomorrow, are we still on time?",
            D(2025, 12, 16),
            "vendor",
            False,
            "sons-v2-dpi-avance",
        ),
        (
            "lundi: la dernière install DPI v1 sera finie vendredi matin au plus tôt, c'est encore financé ?",
            D(2023, 9, 18),
            "vendor",
            False,
            "sons-v1-installation",
        ),
        (
            "Can we submit our SUN-ES application on the 1st?",
            D(2022, 8, 20),
            "hospital",
            True,
            "sunes-f3",
        ),
        (
            "mon logiciel de cabinet toujours pas en version segur vague 1, l'etat paye encore la maj ?",
            D(2023, 10, 5),
            "doctor",
            False,
            "sons-v1-lgc-installation",
        ),
        # the work at the client's site is the installation, not the balance filed later
        (
            "We will finish the DPI update at our client site on 21 September 2023. Does it "
            "still count for wave 1 SONS funding?",
            D(2023, 9, 21),
            "vendor",
            False,
            "sons-v1-installation",
        ),
        # "exchanges" with the ANS on the référencement file are that step, not the proofs
        (
            "It's 10:30 this morning. Still time to finish the exchanges with ANS to validate "
            "our DRIMbox referencing file today?",
            D(2026, 9, 16),
            "vendor",
            True,
            "sons-v2-drimbox-validation",
        ),
        # a day said once bare and once with its time: judged at that time
        (
            "avance drimbox: on dépose demain mardi vers 14h, c jouable ?",
            D(2026, 11, 9),
            "vendor",
            False,
            "sons-v2-drimbox-avance",
        ),
        (
            "avance dpi v2 déposée ce midi à 12h15, on est hors délai ?",
            D(2025, 12, 17),
            "vendor",
            False,
            "sons-v2-dpi-avance",
        ),
        # a day passed ("on a dépassé le 28 avril") and "c foutu ?": judged now, on the new date
        (
            "on a dépassé le 28 avril pour installer chez nos médecins, c foutu pour le financement ?",
            D(2023, 5, 5),
            "vendor",
            True,
            "sons-v1-lgc-installation",
        ),
    ],
)
def test_the_step_and_the_day_are_read_as_users_say_them(
    engine: Engine, question: str, today: dt.date, role: str, eligible: bool, item: str
) -> None:
    _assert_verdict(engine.ask(question, today=today, role=role), eligible, item)


@pytest.mark.parametrize(
    ("question", "today", "item"),
    [
        (
            "Bonjour, éditeur RIS. Solde vague 1 pas déposé, y a-t-il une tolérance après le 14 ?",
            D(2023, 12, 15),
            "sons-v1-solde",
        ),
        (
            "we forgot to file the DRIMbox balance request yesterday. any grace period?",
            D(2027, 12, 16),
            "sons-v2-drimbox-solde",
        ),
        (
            "We missed the référencement deadline yesterday by about an hour. Is there any tolerance?",
            D(2022, 6, 16),
            "sons-v1-referencement",
        ),
    ],
)
def test_a_tolerance_asked_after_a_missed_step_is_the_rule_told_as_its_verdict(
    engine: Engine, question: str, today: dt.date, item: str
) -> None:
    answer = engine.ask(question, today=today, role="vendor")
    _assert_verdict(answer, False, item)
    assert answer.topic == "vendor_strict_deadline"


def test_it_depends_on_the_time_names_the_day_not_the_period_s_last_minute(engine: Engine) -> None:
    answer = engine.ask(
        "avance DPI v2 demain aprem, ça passe ?", today=D(2025, 12, 16), role="vendor"
    )
    assert answer.verdict is not None and answer.verdict.eligible is None, answer.text
    assert "17h59" not in answer.text and "mercredi 17 décembre 2025" in answer.text


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("qu'est ce qui arrive prochainement dans le segur numerique ?", None),
        # A horizon ("d'ici fin 2024") after what is coming is no filing day to judge.
        ("DSI d'un CH avec un DPI : qu'est-ce qui arrive côté Ségur pour nous d'ici fin 2024 ?",
         "hospital"),
        ("what's coming for our DPI vendor by the end of 2024?", "hospital"),
    ],
)  # fmt: skip
def test_what_comes_soon_is_the_calendar_s_outlook(
    engine: Engine, question: str, role: str | None
) -> None:
    answer = engine.ask(question, today=D(2024, 1, 15), role=role)
    assert answer.topic == "upcoming_deadlines", answer.text
    assert "20 juin 2024" in answer.text or "20 June 2024" in answer.text, answer.text
    assert answer.verdict is None, answer.text


@pytest.mark.parametrize(
    "question",
    [
        "support ici, un client me demande toutes les dates a venir, tu peux me lister ?",
        "helpdesk here: a customer wants every upcoming date, can you list them?",
        "what's next on the Ségur calendar? quick list pls",
    ],
)
def test_every_date_ahead_asked_among_other_words_is_the_calendar_s_list(
    engine: Engine, question: str
) -> None:
    answer = engine.ask(question, today=D(2026, 3, 1))
    assert answer.topic == "upcoming_deadlines" and "13 " in answer.text, answer.text


def test_a_window_named_with_only_a_date_word_gets_its_dates(engine: Engine) -> None:
    answer = engine.ask("sunes fenetre 3 dernier jour ?", today=D(2022, 10, 20), role="hospital")
    assert "31 octobre 2022" in answer.text and answer.topic != "vendor_strict_deadline", (
        answer.text
    )


def test_a_what_if_day_in_the_past_is_judged_on_that_day_and_says_it_is_past(
    engine: Engine,
) -> None:
    answer = engine.ask(
        "et si je l'avais déposée le 2 décembre, l'avance vague 1 ?",
        today=D(2023, 1, 10),
        role="vendor",
    )
    assert answer.verdict is not None and answer.verdict.eligible is False
    assert "2 décembre 2022" in answer.text and "déjà passée" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "MaPrimeRénov copro, c'est l'ARS qui gère ?",
        "will it rain in Montpellier on tuesday? we have a DRIMbox install outdoors lol",
        "Parcoursup ferme quand cette année ?",
        "le self du personnel du CH est ouvert le dimanche ? notre technicien y intervient",
        "crédit d'impôt recherche pour notre DPI : date limite du 2069-A ?",
        # a trade fair, an operating system's support, public procurement, the ministry's street
        "le salon Santexpo c'est quand ? on veut un stand pour présenter notre DPI",
        "our PFI still runs on Windows Server 2016 at a client, when is the end of support?",
        "notre SGL est au catalogue de l'UGAP, les délais de commande c'est combien ?",
        "le ministère, avenue de Ségur, c'est quel métro ?",
        # travel to a meeting, a hospital's or a host's certification, the books
        "prochain TGV pour Lyon demain matin ? réunion à l'ARS sur le SONS",
        "la visite de certification HAS de notre CH c'est quand, ça compte pour SUN-ES ?",
        "our DPI hosting needs HDS: how long does that take before the ANS referencing?",
        "l'avance SONS, on la comptabilise en chiffre d'affaires ou en produit constaté d'avance ?",
        # the books, a vendor's prices, a job at an agency
        "la prestation Ségur, on la passe en immobilisation dans nos comptes ?",
        "quel éditeur DPI est le moins cher pour la maj Ségur ?",
        "is the ANS hiring Ségur project managers? any open job?",
        "l'offre commerciale de notre concurrent pour la maj Ségur DPI, c'est combien par lit ?",
        "which of our competitors' PFI are referenced? for our sales pitch",
        "when is the income tax return due, same as the Ségur deadline?",
    ],
)
def test_a_subject_that_is_no_health_programme_falls_back(engine: Engine, question: str) -> None:
    answer = engine.ask(question, today=D(2024, 1, 10), role="vendor")
    assert answer.fallback and answer.verdict is None, answer.text


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # two dates side by side ask which one holds: the topic that tells, not a verdict
        (
            "l'install des LGC c'est 28 avril ou 20 septembre 2023 ?",
            "installation_extension",
        ),
        (
            "arrêté rectificatif du 8 avril 2022, ça change quoi pour le référencement ?",
            "referencing_postponed",
        ),
        # a knowledge topic far ahead of every other answers, whatever date words it uses
        (
            "le formulaire démarches simplifiées du SUN-ES, il est publié quand et où ?",
            "sunes_overview",
        ),
        (
            "à qui écrire quand le portail ASP plante pendant l'enrôlement ?",
            "official_contacts",
        ),
        # a topic whose calendar items are only its examples, when no step is named
        (
            "l'équipe du programme fera un bilan avant les prochaines dates butoirs ?",
            "deadline_reviews",
        ),
        ("will the team review the market before the next deadlines?", "deadline_reviews"),
        # a filing while a CNDA homologation is under way asks the référencement's rule
        (
            "peut-on déposer le dossier de référencement si l'homologation CNDA est en cours ?",
            "referencing_what",
        ),
    ],
)
def test_a_question_about_a_fact_that_names_dates_gets_the_fact(
    engine: Engine, question: str, topic: str
) -> None:
    answer = engine.ask(question, today=D(2024, 1, 10))
    assert answer.verdict is None and answer.topic == topic, (answer.topic, answer.text[:200])


@pytest.mark.parametrize("question", ["segur ?", "what about segur", "tell me about segur please"])
def test_a_one_word_question_gets_suggestions_not_a_guess(engine: Engine, question: str) -> None:
    # Close topics answer a question that says enough to tell them apart; one word never does.
    answer = engine.ask(question, today=D(2026, 12, 1))
    assert answer.fallback and len(answer.suggestions) >= 2, (answer.topic, answer.text[:120])


@pytest.mark.parametrize("role", [None, "doctor"])
def test_a_software_that_is_none_of_the_role_s_own_is_judged_by_its_own_dates(
    engine: Engine, role: str | None
) -> None:
    answer = engine.ask(
        "avant midi le 15 septembre 2027 on aura fini les prestations drimbox chez nos "
        "cabinets de radio, c ok ?",
        today=D(2027, 9, 10),
        role=role,
    )
    assert answer.verdict is not None, answer.text
    assert (answer.verdict.eligible, answer.verdict.item) == (True, "sons-v2-drimbox-installation")


# The questions the understanding issue was filed with, and their twins: each gets the calendar's
# dated answer, never a refusal. (question, today, role, a phrase the answer must hold)
FILED_WITH = [
    ("la fenêtre actuelle se termine quand ?", D(2022, 4, 5), "hospital", "30 avril 2022"),
    ("when does the current window close?", D(2022, 4, 5), "hospital", "30 April 2022"),
    ("on a raté la fenêtre, on fait quoi ?", D(2022, 3, 15), "hospital", "F2"),
    ("dates limites vague 1 dpi", D(2022, 4, 20), None, "dans 56 jours"),
    ("et le solde, c quand la date limite ?", D(2023, 1, 10), "vendor", "14 décembre 2023"),
]


@pytest.mark.parametrize(("question", "today", "role", "phrase"), FILED_WITH)
def test_the_questions_the_issue_was_filed_with_get_dated_answers(
    engine: Engine, question: str, today: dt.date, role: str | None, phrase: str
) -> None:
    answer = engine.ask(question, today=today, role=role)
    assert not answer.fallback and phrase in answer.text, answer.text[:300]


def test_a_hospital_that_missed_its_vendor_s_step_gets_that_step_s_verdict(engine: Engine) -> None:
    answer = engine.ask(
        "on a raté la date d'avance PFI hier avec notre fournisseur, on fait comment ?",
        today=D(2025, 9, 18),
        role="hospital",
    )
    assert answer.verdict is not None, answer.text
    assert (answer.verdict.eligible, answer.verdict.item) == (False, "sons-v2-pfi-avance")
    assert "17 septembre 2025" in answer.text and "F4" not in answer.text


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (D(2022, 5, 2), "ouvre le mercredi 1er mars 2023"),
        (D(2023, 4, 30), "ouvert jusqu'au dimanche 30 avril 2023 inclus"),
        (D(2023, 5, 2), "clos depuis le dimanche 30 avril 2023"),
    ],
)
def test_a_window_that_does_not_exist_gets_the_last_one_as_of_the_day(
    engine: Engine, today: dt.date, status: str
) -> None:
    answer = engine.ask("on a loupé la F4, y aura une F5 ?", today=today, role="hospital")
    assert "aucune autre fenêtre" in answer.text and status in answer.text, answer.text


@pytest.mark.parametrize(
    ("today", "said", "not_said"),
    [
        # the day before: the old date is the one in force, and no move is told
        (D(2022, 6, 20), "date limite : vendredi 15 juillet 2022", "report annoncé"),
        # from that day: the new date, with what it replaced
        (
            D(2022, 6, 21),
            "remplace le vendredi 15 juillet 2022",
            "date limite : vendredi 15 juillet",
        ),
    ],
)
def test_a_move_is_told_only_from_the_day_it_was_announced(
    engine: Engine, today: dt.date, said: str, not_said: str
) -> None:
    answer = engine.ask("date limite de commande LGC ?", today=today, role="doctor")
    assert said in answer.text and not_said not in answer.text, answer.text


def test_a_hospital_with_no_window_ahead_hears_of_the_drimbox_dates_but_not_as_a_window(
    engine: Engine,
) -> None:
    today = D(2026, 12, 5)
    ahead = engine.ask(
        "quelles échéances restent à venir pour nous ?", today=today, role="hospital"
    )
    assert "15 septembre 2027" in ahead.text and "clients d'imagerie" in ahead.text, ahead.text
    window = engine.ask("prochaine fenêtre SUN-ES ?", today=today, role="hospital")
    assert "2027" not in window.text and "F4" in window.text, window.text


@pytest.mark.parametrize(
    ("question", "today", "said"),
    [
        # a closed window points to the next one
        (
            "F3 fermée j'imagine ? la prochaine c'est quand ?",
            D(2022, 11, 1),
            ("31 octobre 2022", "1er mars 2023"),
        ),
        # "missed" on the window's last day: it is still open
        (
            "on a toujours pas déposé pour la F1, c'est mort ?",
            D(2021, 10, 31),
            ("encore possible", "aujourd'hui"),
        ),
        # no window named: the one that closed last, then the next one
        (
            "we missed the SUN-ES cut-off yesterday, what now?",
            D(2021, 11, 1),
            ("31 October 2021", "1 March 2022"),
        ),
        # the window missed is said closed, then the next one
        (
            "on a loupé la F1 hier, on fait quoi ?",
            D(2021, 11, 1),
            ("31 octobre 2021", "1er mars 2022"),
        ),
        # a software named by a hospital's project lead does not turn windows into vendor steps
        (
            "cheffe de projet DPI dans un GHT : un établissement n'a pas candidaté en F2, la prochaine fenêtre ?",
            D(2022, 5, 2),
            ("1er septembre 2022",),
        ),
    ],
)
def test_window_questions_say_the_window_and_the_next_one(
    engine: Engine, question: str, today: dt.date, said: tuple[str, ...]
) -> None:
    answer = engine.ask(question, today=today, role="hospital")
    assert all(s in answer.text for s in said), answer.text


@pytest.mark.parametrize(
    ("question", "today", "eligible"),
    [
        # The rule, then the named step judged now: the day after, it is too late ...
        (
            "éditeur SGL, raté le référencement hier, un jour de retard c'est rédhibitoire ?",
            "2022-06-16",
            False,
        ),
        # ... and "a day late" asked before the close is the day after the close: out.
        (
            "éditeur SGL, un jour de retard sur le référencement c'est rédhibitoire ?",
            "2022-06-15",
            False,
        ),
    ],
)
def test_a_strictness_question_about_a_named_step_gets_its_verdict_now(
    engine: Engine, question: str, today: str, eligible: bool | None
) -> None:
    answer = engine.ask(question, today=dt.date.fromisoformat(today))
    assert answer.topic == "vendor_strict_deadline"
    assert answer.verdict is not None and answer.verdict.eligible is eligible, answer.text
    assert "un jour" in answer.text  # the rule's own words stay


@pytest.mark.parametrize(
    ("question", "today", "eligible", "says"),
    [
        # "open yet, or do we wait until tomorrow?" is judged today
        (
            "Is the first SUN-ES window open yet or do we have to wait until tomorrow?",
            D(2021, 8, 31),
            False,
            "not open yet: SUN-ES window F1, opening on Wednesday 1 September 2021",
        ),
        # before the first window nobody has missed one
        (
            "peut-on déjà candidater au SUN-ES ?",
            D(2021, 6, 14),
            False,
            "La première : fenêtre SUN-ES F1",
        ),
        # in time for a window: and the one after it, for those who will not be ready
        (
            "la F2 est-elle ouverte ?",
            D(2022, 3, 15),
            True,
            "Fenêtre suivante :\n• fenêtre SUN-ES F3",
        ),
        # after the last window
        ("y a t il une fenetre SUN-ES ouverte en 2024 ?", D(2024, 3, 12), False, "F4"),
    ],
)
def test_a_hospital_s_yes_or_no_about_the_windows(
    engine: Engine, question: str, today: dt.date, eligible: bool, says: str
) -> None:
    answer = engine.ask(question, today=today, role="hospital")
    assert answer.verdict is not None and answer.verdict.eligible is eligible, answer.text
    assert says in answer.text


def test_a_window_open_since_today_says_so(engine: Engine) -> None:
    answer = engine.ask("Is SUN-ES window 2 open today? Until when?", today=D(2022, 3, 1))
    assert answer.text.startswith("It is possible from today:")  # not "still"
    assert "since today, Tuesday 1 March 2022" in answer.text
    later = engine.ask("Is SUN-ES window 2 open today? Until when?", today=D(2022, 3, 2))
    assert "since today" not in later.text and "30 April 2022" in later.text


def test_an_unconfirmed_date_is_never_stated_as_the_close(engine: Engine) -> None:
    answer = engine.ask(
        "can my pharmacy still file the wave 1 LGO balance?", today=D(2024, 2, 1), role="pharmacy"
    )
    assert answer.verdict is not None and answer.verdict.eligible is False
    first = answer.text.splitlines()[0]
    assert "certain end" in first and "14 December 2023" in first
    assert "(close: Wednesday 20 September 2023)" not in first


def test_a_window_not_open_yet_is_not_pointed_to_as_the_next_one_too(engine: Engine) -> None:
    answer = engine.ask("F3 ouverte ?", today=D(2022, 8, 30), role="hospital")
    assert answer.verdict is not None and answer.verdict.eligible is False
    assert "ouverture le jeudi 1er septembre 2022, jusqu'au lundi 31 octobre 2022" in answer.text
    assert "Prochaine fenêtre" not in answer.text  # F3 is what comes next: said once
    missed = engine.ask("la F2 est encore ouverte ?", today=D(2022, 5, 3), role="hospital")
    assert "Prochaine fenêtre : fenêtre SUN-ES F3" in missed.text


@pytest.mark.parametrize(
    ("question", "today", "role", "eligible", "item", "said"),
    [
        (
            "demande d'avance DPI V2 en janvier 2026, possible ?",
            D(2026, 1, 8),
            "vendor",
            False,
            "sons-v2-dpi-avance",
            "entre aujourd'hui et le samedi 31 janvier 2026",
        ),
        (
            "avance DPI v2 en décembre, c'est bon ?",
            D(2025, 11, 20),
            "vendor",
            None,
            "sons-v2-dpi-avance",
            "Cela dépend du jour : en décembre 2025, un dépôt compte jusqu'au mercredi 17 décembre 2025 à 12h00",
        ),
        (
            "PFI advance in September 2024, ok?",
            D(2024, 8, 1),
            "vendor",
            None,
            "sons-v2-pfi-avance",
            "in September 2024, a filing counts from Thursday 12 September 2024 at 14:00",
        ),
        (
            "We plan to file our wave 1 referencing file in February next year, still open then?",
            D(2021, 12, 6),
            "vendor",
            True,
            "sons-v1-referencement",
            "a filing in February 2022 is in time",
        ),
        (
            "on peut candidater au sunes en mai ?",
            D(2022, 4, 2),
            "hospital",
            False,
            "sunes-f3",
            "en mai 2022, aucune fenêtre SUN-ES n'est ouverte",
        ),
    ],
)
def test_a_month_named_is_judged_on_every_day_of_it(
    engine: Engine, question: str, today: dt.date, role: str, eligible, item: str, said: str
) -> None:
    answer = engine.ask(question, today=today, role=role)
    _assert_verdict(answer, eligible, item)
    assert said in answer.text


@pytest.mark.parametrize(
    ("question", "role", "topic", "lead"),
    [
        (
            "tolerance 1 ou 2 jours sur les dates editeurs ?",
            None,
            "vendor_strict_deadline",
            "Aucune tolérance",
        ),
        (
            "customer asks whether missing a vendor deadline by one day is tolerated",
            None,
            "vendor_strict_deadline",
            "There is no grace period",
        ),
        (
            "Si notre editeur depasse la date butoir d'un jour ou deux, y a une tolerance ?",
            "hospital",
            "vendor_strict_deadline",
            "un éditeur n'est plus éligible",
        ),
        # the rule of the programme named, not the other one's
        (
            "on a raté la F2 d'un jour, une tolérance ?",
            "hospital",
            "sunes_missed_window",
            "on se reporte sur la suivante",
        ),
        # unsure between the two rules, the window named says whose
        (
            "we missed F4 by 2 days, is there any appeal or grace period?",
            "hospital",
            "sunes_missed_window",
            "no grace period",
        ),
    ],
)
def test_a_tolerance_asked_of_no_step_is_the_rule_s_no(
    engine: Engine, question: str, role: str | None, topic: str, lead: str
) -> None:
    answer = engine.ask(question, today=D(2026, 11, 23), role=role)
    assert answer.topic == topic, answer.text
    assert answer.verdict is not None and answer.verdict.eligible is False, answer.text
    assert answer.text.splitlines()[0].find(lead) >= 0, answer.text


def test_asking_whether_deadlines_are_strict_gets_the_same_rule_and_its_source_s_words(
    engine: Engine,
) -> None:
    # "strict?" and "a tolerance?" ask the same: the lead reads right for both
    answer = engine.ask("c'est strict les dates pour les editeurs ?", today=D(2026, 11, 23))
    assert answer.topic == "vendor_strict_deadline"
    lead, rest = answer.text.split("\n", 1)
    assert lead.startswith("Aucune tolérance")
    assert rest.startswith("Pour les éditeurs, les échéances sont strictes")


@pytest.mark.parametrize(
    ("question", "today", "role", "item", "later"),
    [
        (
            "encore eligible segur ? editeur pfi",
            D(2026, 4, 10),
            "vendor",
            "sons-v2-pfi-avance",
            "l'installation (Prestation Ségur) et le solde de la vague 2",
        ),
        (
            "I'm a GP. Any Segur funding I can still get for my software?",
            D(2025, 5, 1),
            "doctor",
            "sons-v1-lgc-installation",
            "the wave 2 steps",
        ),
        # an unconfirmed step is named by the moment it certainly ended, never its reported date
        (
            "est-ce qu'on est encore éligible ?",
            D(2026, 11, 23),
            "pharmacy",
            "sons-v1-lgo-solde",
            "les étapes de la vague 2",
        ),
    ],
)
def test_still_eligible_with_every_dated_step_past_and_undated_ones_ahead_is_neither(
    engine: Engine, question: str, today: dt.date, role: str, item: str, later: str
) -> None:
    answer = engine.ask(question, today=today, role=role)
    _assert_verdict(answer, None, item)
    assert answer.text.startswith(("Ni oui ni non", "Neither yes nor no")), answer.text
    assert later in answer.text
    assert "28 avril 2023 à 14h00 (heure de Paris))" not in answer.text.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "today", "role", "eligible", "item"),
    [
        # the step named is judged: its close is a no, whatever comes later
        ("avance pfi v2 encore possible ?", D(2026, 4, 10), "vendor", False, "sons-v2-pfi-avance"),
        # DRIMbox's wave 2 is dated to its last step: after it, no
        (
            "encore éligible au ségur pour notre drimbox ?",
            D(2027, 12, 20),
            "vendor",
            False,
            "sons-v2-drimbox-solde",
        ),
        # wave 1 named: wave 2's undated steps are not asked about
        (
            "encore éligible à la vague 1 ? éditeur DPI",
            D(2024, 2, 1),
            "vendor",
            False,
            "sons-v1-solde",
        ),
    ],
)
def test_a_step_or_wave_named_or_fully_dated_keeps_its_no(
    engine: Engine, question: str, today: dt.date, role: str, eligible: bool, item: str
) -> None:
    _assert_verdict(engine.ask(question, today=today, role=role), eligible, item)


@pytest.mark.parametrize(
    ("question", "today", "role", "eligible", "reason"),
    [
        # an opening with no known close: "already open?" asks whether it has opened
        ("imaging enrolment open already?", D(2025, 5, 16), "vendor", True, "has been open since"),
        (
            "le portail des demandes d'avance vague 2 RIS est-il deja ouvert ?",
            D(2025, 8, 1),
            "vendor",
            True,
            "est ouvert depuis le jeudi 10 juillet 2025",
        ),
        # before it opens, no; "still open?" is never a yes without a known close
        ("imaging enrolment open already?", D(2025, 5, 10), "vendor", False, "not open yet"),
        (
            "le portail des avances RIS est encore ouvert ?",
            D(2025, 8, 1),
            "vendor",
            None,
            "ouverture le",
        ),
        (
            "is the imaging enrolment desk already open, or still open?",
            D(2025, 8, 1),
            "vendor",
            None,
            "opening on",
        ),
    ],
)
def test_already_open_is_a_yes_once_opened_and_still_open_stays_unsure(
    engine: Engine, question: str, today: dt.date, role: str, eligible, reason: str
) -> None:
    answer = engine.ask(question, today=today, role=role)
    assert answer.verdict is not None and answer.verdict.eligible is eligible, answer.text
    assert reason in answer.text.splitlines()[0], answer.text


@pytest.mark.parametrize(
    ("question", "today", "role", "eligible", "said"),
    [
        (
            "est-ce qu'il reste une fenetre SUN-ES a venir pour notre clinique ?",
            D(2026, 6, 1),
            "hospital",
            False,
            "Non : nos sources n'annoncent aucune fenêtre SUN-ES après",
        ),
        # A window after the last one: none, and who takes over.
        ("Y a-t-il une fenetre apres la F4 ?", D(2023, 5, 10), "hospital", False, "HOP'EN 2"),
        (
            "Is there still a SUN-ES window after F4? Our board plans for next year.",
            D(2023, 5, 10),
            "hospital",
            False,
            "HOP'EN 2 takes over",
        ),
        (
            "il reste une echeance segur pour les drimbox ?",
            D(2027, 12, 20),
            "vendor",
            False,
            "Non :",
        ),
        (
            "are there any deadlines left for DRIMbox?",
            D(2027, 12, 20),
            "vendor",
            False,
            "No: our sources",
        ),
        # later steps the sources leave undated: neither yes nor no, and which
        ("il reste une échéance pour notre PFI ?", D(2026, 4, 10), "vendor", None, "Pour la suite"),
        # "what is left?" asks what, not whether
        (
            "il reste quoi comme fenêtres ?",
            D(2026, 6, 1),
            "hospital",
            "absent",
            "Aucune date à venir",
        ),
    ],
)
def test_whether_anything_is_left_with_nothing_ahead(
    engine: Engine, question: str, today: dt.date, role: str, eligible, said: str
) -> None:
    answer = engine.ask(question, today=today, role=role)
    if eligible == "absent":
        assert answer.verdict is None, answer.text
    else:
        assert answer.verdict is not None and answer.verdict.eligible is eligible, answer.text
    assert said in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        (
            "c'est quoi exactement SUN-ES ? on me parle de financement a l'usage en comite de direction",
            "sunes_overview",
        ),
        (
            "Bonjour, je suis chargee de mission a l'ARS, je relis les dossiers. Apres la cloture "
            "d'une fenetre, les ES ont combien de temps pour atteindre leurs cibles ?",
            "sunes_windows",
        ),
    ],
)
def test_the_asking_sentence_answers_when_the_context_drowns_it(
    engine: Engine, question: str, topic: str
) -> None:
    answer = engine.ask(question, today=D(2026, 11, 23))
    assert (answer.topic, answer.fallback) == (topic, False), answer.text


@pytest.mark.parametrize(
    ("question", "not_topic"),
    [
        # a tax question whose second sentence names a programme word is still no programme fact
        (
            "Is the Ségur funding taxable income for our company? And is there VAT on the Prestation?",
            "vague2_prestation",
        ),
        # a sentence of two words is too short to stand for the question
        ("le dossier SUN-ES on l'envoie ou ? par mail a l'ARS ?", "official_contacts"),
    ],
)
def test_a_short_or_off_topic_sentence_does_not_stand_for_the_question(
    engine: Engine, question: str, not_topic: str
) -> None:
    answer = engine.ask(question, today=D(2026, 11, 23))
    assert answer.topic != not_topic, answer.text


@pytest.mark.parametrize(
    ("question", "today", "eligible", "said"),
    [
        (
            "We were selected in SUN-ES window 1. Still time to hit the usage targets?",
            D(2022, 6, 29),
            True,
            "30 June 2022 or Friday 30 September 2022, depending on the source",
        ),
        (
            "on est en F1, on n'a pas atteint les cibles au 30 juin. c foutu ?",
            D(2022, 7, 5),
            None,
            "nos sources divergent",
        ),
        ("cibles f1 c fini la ?", D(2022, 10, 3), False, "passée selon toutes nos sources"),
    ],
)
def test_the_f1_targets_are_judged_on_both_dates_the_sources_give(
    engine: Engine, question: str, today: dt.date, eligible, said: str
) -> None:
    answer = engine.ask(question, today=today, role="hospital")
    _assert_verdict(answer, eligible, "sunes-f1-cibles")
    assert answer.topic == "sunes_f1_targets" and said in answer.text, answer.text


def test_another_window_s_targets_get_no_date(engine: Engine) -> None:
    answer = engine.ask("cibles F3 c'est pour quand ?", today=D(2022, 10, 10), role="hospital")
    assert answer.verdict is None and "sunes-f1-cibles" not in str(answer.to_json()), answer.text
    assert "30 septembre 2022" not in answer.text.split("Sources")[0].replace(
        "le 30 septembre 2022 dans un article", ""
    )


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Can you list all the SUN-ES windows with their dates?", "en"),
        ("toutes les fenetres sunes avec leurs dates svp", "fr"),
    ],
)
def test_a_closed_window_is_told_with_both_its_ends(
    engine: Engine, question: str, lang: str
) -> None:
    today = D(2026, 11, 23)
    answer = engine.ask(question, today=today, role="hospital")
    windows = [i for i in engine.calendar.items if i.kind == "window" and i.programme == "sun-es"]
    assert windows
    for window in windows:
        assert window.opens is not None and window.closes is not None
        for moment in (window.opens, window.closes):
            assert render.day_text(moment.day, lang, weekday=True) in answer.text, answer.text


def test_when_a_step_opened_is_said_once_it_is_closed(engine: Engine) -> None:
    answer = engine.ask(
        "quand l'ANS a ouvert le guichet de référencement la première fois ?",
        today=D(2026, 11, 23),
        role="vendor",
    )
    assert "(ouvert le mardi 31 août 2021)" in answer.text, answer.text


def test_a_step_and_a_software_named_with_only_a_date_word_get_that_step_s_date(
    engine: Engine,
) -> None:
    # "limite ?" alone names a date without asking which; the step and software say whose.
    answer = engine.ask(
        "échanges avec l'ANS pour valider le dossier de référencement drimbox, limite ?",
        today=D(2026, 7, 1),
        role="vendor",
    )
    assert answer.frame is not None and answer.frame.focus == ("sons-v2-drimbox-validation",)
    assert "mercredi 16 septembre 2026" in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "eligible_asked"),
    [
        ("hopen2 on est éligible si on a déjà touché le SUN-ES ?", True),
        ("Programme CaRE cybersécurité : on peut encore candidater pour le domaine 2 ?", True),
        ("can we still apply to CaRE?", True),
        # a fact asked of another programme gets its redirect, with no yes or no
        ("HOP'EN 2 c'est quoi ?", False),
        ("what is the CaRE programme?", False),
        # and so does a when-question, even in words that could ask whether
        ("c quoi HOPEN 2 et on peut y aller quand", False),
        ("what is HOP'EN 2 and when can we go for it?", False),
    ],
)
def test_whether_another_programme_allows_it_is_neither_yes_nor_no(
    engine: Engine, question: str, eligible_asked: bool
) -> None:
    answer = engine.ask(question, today=D(2025, 4, 10))
    topic = engine.kb.topics[answer.topic] if answer.topic else None
    assert topic is not None and topic.redirect, answer.text
    if eligible_asked:
        assert answer.verdict is not None and answer.verdict.eligible is None, answer.text
        assert answer.text.startswith(("Ni oui ni non", "Neither yes nor no")), answer.text
    else:
        assert answer.verdict is None, answer.text


@pytest.mark.parametrize(
    ("question", "today", "eligible", "item"),
    [
        # the day said to be today, with its hour and place between, is not the filing's
        (
            "It's 9pm in Paris on Nov 30. Our client signs maybe tomorrow. Advance still OK then?",
            D(2022, 11, 30),
            False,
            "sons-v1-commandes",
        ),
        # "ou c'est trop tôt ?" asks whether it has opened
        (
            "on peut déjà déposer notre dossier de référencement DPI ou c'est trop tôt ?",
            D(2021, 10, 15),
            True,
            "sons-v1-referencement",
        ),
        # the ANS's feedback on the file, exchanged about, is the validation step's ("avant 12h")
        (
            "l'ANS nous a fait des retours sur le dossier DRIMbox, on pourra encore échanger avec "
            "eux mercredi prochain à 10h ?",
            D(2026, 9, 11),
            True,
            "sons-v2-drimbox-validation",
        ),
        # "any wave 1 deadline left?" once all are past is a no: wave 2's undated steps are
        # another wave's
        (
            "LGC vendor. Is there any vague 1 deadline left for us at all?",
            D(2024, 2, 10),
            False,
            "sons-v1-lgc-installation",
        ),
        # the Ségur update finished is the installation, judged on its own date
        (
            "Vendor finished our RIS Segur update this morning. Does it still count for wave 1?",
            D(2023, 9, 21),
            False,
            "sons-v1-installation",
        ),
        # A step said done without a day is context: the other step is judged.
        (
            "on a terminé toutes nos installations DRIMbox, on peut demander le solde le 1er "
            "décembre à 9h ?",
            D(2027, 11, 20),
            True,
            "sons-v2-drimbox-solde",
        ),
        (
            "we finished the installs last summer, can we still send the balance requests?",
            D(2023, 12, 20),
            False,
            "sons-v1-solde",
        ),
    ],
)
def test_the_day_and_step_judged_follow_the_words(
    engine: Engine, question: str, today: dt.date, eligible: bool, item: str
) -> None:
    answer = engine.ask(question, today=today, role="vendor")
    assert answer.verdict is not None, answer.text
    assert (answer.verdict.eligible, answer.verdict.item) == (eligible, item), answer.text


def test_how_much_time_is_left_asks_the_deadline(engine: Engine) -> None:
    answer = engine.ask(
        "il nous reste combien de temps pour faire signer les bons de commande, vague 1 DPI ?",
        today=D(2022, 10, 5),
        role="vendor",
    )
    assert answer.verdict is not None and answer.verdict.eligible is True, answer.text
    assert "30 novembre 2022" in answer.text and "dans 56 jours" in answer.text


@pytest.mark.parametrize(
    ("question", "today", "eligible", "item"),
    [
        # "refusé ?" asks whether it counts
        (
            "avance déposée ce matin 8h, la date c'était hier, refusé ?",
            D(2022, 12, 1),
            False,
            "sons-v1-commandes",
        ),
        # "presta" is the Prestation Ségur: the update work
        (
            "dans 3 semaines on termine la dernière presta DRIMbox, on est bons ?",
            D(2027, 8, 30),
            False,
            "sons-v2-drimbox-installation",
        ),
    ],
)
def test_short_words_for_the_verdict_and_the_step(
    engine: Engine, question: str, today: dt.date, eligible: bool, item: str
) -> None:
    answer = engine.ask(question, today=today, role="vendor")
    assert answer.verdict is not None, answer.text
    assert (answer.verdict.eligible, answer.verdict.item) == (eligible, item), answer.text


def test_two_days_side_by_side_with_no_topic_get_the_item_s_own_dates(engine: Engine) -> None:
    answer = engine.ask(
        "Is the SUN-ES F1 deadline the end of October or the end of November?",
        today=D(2021, 10, 20),
    )
    assert answer.verdict is None, answer.text
    assert "31 October 2021" in answer.text and "in 11 days" in answer.text


def test_a_pharmacy_s_segur_version_installed_by_is_the_lgo_item_s_date(engine: Engine) -> None:
    answer = engine.ask(
        "jusqu'à quand je dois avoir la version ségur de mon logiciel d'officine installée ?",
        today=D(2023, 5, 20),
        role="pharmacy",
    )
    assert "sons-v1-lgo-solde" in answer.frame.focus, answer.text
    assert "20 septembre 2023" in answer.text and "28 avril 2023" in answer.text


# "Can we still apply?" with no day named, as of the question's day: between two windows it is
# not too late (the next one is ahead); after the last one it is. (question, today, role,
# verdict, the item judged)
STILL_APPLY = [
    ("un CH peut encore candidater au SUN-ES ou c'est fini ?", D(2023, 2, 15), True, "sunes-f4"),
    ("can a clinic still apply to SUN-ES?", D(2022, 7, 1), True, "sunes-f3"),
    ("can a clinic still apply to SUN-ES?", D(2022, 10, 31), True, "sunes-f3"),  # F3's last day
    ("can a clinic still apply to SUN-ES?", D(2022, 11, 1), True, "sunes-f4"),
    ("peut-on encore candidater au sunes ?", D(2023, 4, 30), True, "sunes-f4"),  # F4's last day
    ("peut-on encore candidater au sunes ?", D(2023, 5, 1), False, "sunes-f4"),
    # A day named is judged on that day: nothing open then.
    ("peut-on candidater au sunes aujourd'hui ?", D(2023, 2, 15), False, "sunes-f4"),
    # "is … open right now?" is a yes or no, whatever says "now" and whatever day is said today.
    (
        "a client asks if a SUN-ES window is open right now, it's 20 March 2022",
        D(2022, 3, 20),
        True,
        "sunes-f2",
    ),
    ("is a SUN-ES window open right now?", D(2022, 8, 15), False, "sunes-f3"),
]
# "date limite ?" after one step named: that step's date, led by whether it is still time today.
ONE_STEP_DEADLINE = [
    ("avance pfi v2, date limite ?", D(2025, 9, 1), True, "sons-v2-pfi-avance"),
    ("avance pfi v2, date limite ?", D(2025, 9, 18), False, "sons-v2-pfi-avance"),
    ("DRIMbox balance deadline?", D(2027, 12, 1), True, "sons-v2-drimbox-solde"),
]
# A step not done by a day behind us, asked "tjrs dans les temps ?": judged now.
NOT_DONE_YET = [
    ("presta SGL pas finie au 20/09, on est tjrs dans les temps ?", D(2023, 9, 22), False,
     "sons-v1-installation"),
    ("presta SGL pas finie au 20/09, on est tjrs dans les temps ?", D(2023, 9, 20), True,
     "sons-v1-installation"),
]  # fmt: skip
AS_OF_THE_DAY = [(q, t, "hospital", e, i) for q, t, e, i in STILL_APPLY] + [
    (q, t, "vendor", e, i) for q, t, e, i in ONE_STEP_DEADLINE + NOT_DONE_YET
]


@pytest.mark.parametrize(("question", "today", "role", "eligible", "item"), AS_OF_THE_DAY)
def test_a_step_s_verdict_as_of_the_day(
    engine: Engine, question: str, today: dt.date, role: str, eligible: bool, item: str
) -> None:
    answer = engine.ask(question, today=today, role=role)
    assert answer.verdict is not None, answer.text
    assert (answer.verdict.eligible, answer.verdict.item) == (eligible, item), answer.text


def test_a_window_missed_then_a_later_one_named_points_to_the_later_one(engine: Engine) -> None:
    answer = engine.ask(
        "on a raté la F1, on pourra candidater à la F2 ?", today=D(2021, 11, 15), role="hospital"
    )
    assert "F2 : ouvre le mardi 1er mars 2022" in answer.text, answer.text
    assert "F3" not in answer.text
    assert answer.verdict is not None
    assert (answer.verdict.eligible, answer.verdict.item) == (True, "sunes-f2")
    assert answer.text.startswith("Oui : vous pouvez candidater à la fenêtre SUN-ES F2")


@pytest.mark.parametrize(
    ("question", "today", "item", "lead"),
    [
        ("on a raté la F3, on peut candidater à la suivante ?", D(2022, 11, 20), "sunes-f4", "Oui"),
        ("missed F1 last month, can we just apply in the next window?", D(2021, 11, 20),
         "sunes-f2", "Yes"),
        ("on a loupé la fenêtre de mars, la prochaine c'est possible ?", D(2022, 5, 10),
         "sunes-f3", "Oui"),
        ("we missed F2. can we still apply to SUN-ES later this year?", D(2022, 5, 12),
         "sunes-f3", "Yes"),
        # A window named that is still ahead is asked about, not missed.
        ("fenêtre SUN-ES ratée en octobre, on peut rattraper en F4 ?", D(2022, 11, 14),
         "sunes-f4", "Oui"),
    ],
)  # fmt: skip
def test_a_window_missed_then_the_next_one_asked_is_a_yes_for_that_one(
    engine: Engine, question: str, today: dt.date, item: str, lead: str
) -> None:
    answer = engine.ask(question, today=today, role="hospital")
    _assert_verdict(answer, True, item)
    assert answer.text.startswith(lead), answer.text


def test_a_window_missed_with_none_after_it_is_no_yes(engine: Engine) -> None:
    answer = engine.ask(
        "on a raté la F4, on peut candidater à la suivante ?", today=D(2023, 5, 10), role="hospital"
    )
    assert not answer.text.startswith("Oui"), answer.text
    assert "F4" in answer.text and "HOP'EN 2" in answer.text


@pytest.mark.parametrize(
    ("question", "today", "lang", "phrase"),
    [
        # An open step says since when, for "ça a ouvert quand ?".
        ("le référencement vague 1 a ouvert quand ?", D(2022, 4, 25), "fr",
         "(dans 51 jours), depuis le mardi 31 août 2021"),
        ("when did the current SUN-ES window open?", D(2022, 4, 5), "en",
         "(in 25 days), since Tuesday 1 March 2022"),
    ],
)  # fmt: skip
def test_an_open_step_says_since_when(
    engine: Engine, question: str, today: dt.date, lang: str, phrase: str
) -> None:
    answer = engine.ask(question, today=today, role="vendor" if lang == "fr" else "hospital")
    assert phrase in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "today", "role", "head"),
    [
        ("avance PFI vague 2, encore possible ?", D(2025, 9, 18), "vendor",
         (False, "sons-v2-pfi-avance")),
        # "radiologie" (RIS, vague 1) and "DRIMbox" (vague 2): one practice, not two software.
        ("We're a radiology practice. Our DRIMbox vendor will file the balance request on 15 "
         "December 2027 at 11:30. Is that OK?", D(2027, 12, 10), "hospital",
         (True, "sons-v2-drimbox-solde")),
    ],
)  # fmt: skip
def test_one_software_or_one_per_wave_gets_no_per_software_line(
    engine: Engine, question: str, today: dt.date, role: str, head: tuple[bool, str]
) -> None:
    answer = engine.ask(question, today=today, role=role)
    _assert_verdict(answer, *head)
    assert " — " not in answer.text.split("\n")[0], answer.text


@pytest.mark.parametrize(
    ("question", "today", "role", "head", "said"),
    [
        # Two software named: the first one's verdict, then a line for each other.
        ("notre editeur PFI n'a pas depose sa demande d'avance vague 2. trop tard ? et pour le "
         "DPI c'est la meme date ?", D(2025, 9, 18), "hospital",
         (False, "sons-v2-pfi-avance"), "DPI — Oui"),
        ("avance DPI et PFI vague 2, encore possible ?", D(2025, 9, 18), "vendor",
         (True, "sons-v2-dpi-avance"), "PFI — Non"),
        ("PFI and DPI wave 2 advance, can we still file?", D(2025, 9, 17), "vendor",
         (None, "sons-v2-pfi-avance"), "DPI — Yes"),
        ("PFI and DPI wave 2 advance, can we still file?", D(2025, 12, 18), "vendor",
         (False, "sons-v2-pfi-avance"), "DPI — No"),
        # A filing "a day late", its day unnamed, is judged on the day after the close.
        ("Est-ce qu'il y a une tolérance si notre éditeur dépose son dossier de référencement "
         "avec un jour de retard ?", D(2022, 6, 10), "hospital",
         (False, "sons-v1-referencement"), "jeudi 16 juin 2022"),
        ("si on depose le solde avec 2 jours de retard ca passe ?", D(2023, 12, 10), "vendor",
         (False, "sons-v1-solde"), "vendredi 15 décembre 2023"),
        # "in a day" is not tomorrow here.
        ("what if our DRIMbox funding request goes in a day late?", D(2026, 10, 1), "vendor",
         (False, "sons-v2-drimbox-avance"), "Wednesday 11 November 2026"),
        # Hours or minutes late: the first minute after a close that has a time.
        ("si on rate la date du solde V1 de quelques heures, ça passe ?", D(2023, 12, 1), "vendor",
         (False, "sons-v1-solde"), "jeudi 14 décembre 2023 à 14h01"),
        ("DRIMbox advance request a few minutes late, is there any tolerance?", D(2026, 10, 1),
         "vendor", (False, "sons-v2-drimbox-avance"), "Tuesday 10 November 2026 at 12:01"),
        # Without those words, the day is today's.
        ("dossier ref vague 1, on peut encore deposer ?", D(2022, 6, 10), "vendor",
         (True, "sons-v1-referencement"), "vendredi 10 juin 2022"),
    ],
)  # fmt: skip
def test_the_verdict_and_the_line_that_says_why(
    engine: Engine, question: str, today: dt.date, role: str, head: tuple[bool, str], said: str
) -> None:
    answer = engine.ask(question, today=today, role=role)
    _assert_verdict(answer, *head)
    assert said in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "today", "said", "not_said"),
    [
        # A what-if day between two windows is a no; the window open today is said too.
        ("si on dépose le 2 mai notre candidature sunes ça passe encore ?", D(2022, 4, 28),
         "samedi 30 avril 2022 inclus (dans 2 jours)", None),
        ("if we apply for SUN-ES on 3 May, is that ok?", D(2022, 4, 28),
         "Saturday 30 April 2022 inclusive (in 2 days)", None),
        # No window open today: nothing more than the next one.
        ("si on dépose le 2 mai ça passe ?", D(2022, 5, 1), "F3", "Ouverte aujourd'hui"),
    ],
)  # fmt: skip
def test_a_what_if_day_between_windows_says_the_window_open_today(
    engine: Engine, question: str, today: dt.date, said: str, not_said: str | None
) -> None:
    answer = engine.ask(question, today=today, role="hospital")
    assert answer.verdict is not None and answer.verdict.eligible is False, answer.text
    assert said in answer.text, answer.text
    assert not_said is None or not_said not in answer.text, answer.text


def test_a_deadline_asked_in_chat_shorthand_is_dated(engine: Engine) -> None:
    answer = engine.ask("pr les officines c quoi la date limite de solde ?", today=D(2023, 5, 2))
    assert not answer.fallback
    assert "20 septembre 2023" in answer.text


def test_a_hospital_asking_for_all_its_dates_ahead_gets_its_targets_too(engine: Engine) -> None:
    every = engine.ask(
        "Quelles sont les prochaines échéances Ségur qui nous concernent ?",
        today=D(2022, 5, 20),
        role="hospital",
    )
    assert "F3" in every.text and "cibles d'usage" in every.text and "30 juin 2022" in every.text
    # The next one is the next window, one line.
    first = engine.ask("la prochaine échéance ?", today=D(2022, 5, 20), role="hospital")
    assert "F3" in first.text and "cibles" not in first.text


@pytest.mark.parametrize(
    ("question", "today", "due"),
    [
        # A hospital naming its vendor's software gets the vendor's steps ahead.
        (
            "il reste quelles échéances vague 1 pour notre éditeur DPI ?",
            D(2023, 6, 1),
            ["20 septembre 2023", "14 décembre 2023"],
        ),
        ("what is left for our PFI vendor in wave 1?", D(2023, 10, 1), ["14 December 2023"]),
    ],
)
def test_a_hospital_naming_its_vendor_s_software_gets_the_vendor_s_dates(
    engine: Engine, question: str, today: dt.date, due: list[str]
) -> None:
    text = engine.ask(question, today=today, role="hospital").text
    assert all(d in text for d in due), text


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # Wave 2 named only: not the topic of vague 1's pharmacy and doctor table.
        ("pharmacy software vendor here. is there a wave 2 deadline for officine yet?", "vague2"),
        # Vague 1 named: its own table.
        ("pharmacy software vendor here. what are the wave 1 deadlines for officine?",
         "vague1_ville_officine"),
    ],
)  # fmt: skip
def test_a_topic_of_the_other_wave_does_not_answer(
    engine: Engine, question: str, topic: str
) -> None:
    answer = engine.ask(question, today=D(2025, 3, 1), role="vendor")
    assert answer.topic == topic, answer.text


@pytest.mark.parametrize(
    ("today", "told"),
    [
        (D(2024, 7, 24), []),
        (D(2024, 7, 25), ["ont ouvert le 25 juillet 2024"]),
        (D(2026, 2, 13), ["ont ouvert le 25 juillet 2024"]),
        (D(2026, 2, 14), ["ont ouvert le 25 juillet 2024", "jusqu'au 13 février 2026"]),
    ],
)
def test_hopen2_dates_are_told_only_once_past(
    engine: Engine, today: dt.date, told: list[str]
) -> None:
    text = engine.ask("hopen 2 phase 2 c'est jusqu'à quand ?", today=today, role="hospital").text
    assert [
        s for s in ("ont ouvert le 25 juillet 2024", "jusqu'au 13 février 2026") if s in text
    ] == told, text


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # Asking what a term is, among other words: the topic that defines it.
        ("What exactly is SUN-ES? A French partner mentioned it during our last meeting.",
         "sunes_overview"),
        ("c quoi SUN-ES en 2 mots ? un client pense que c nous qui touchons l'argent",
         "sunes_overview"),
        ("Hello, could you explain in simple terms what SUN-ES is? I'm a Belgian doctor who "
         "just took over the medical information department of a French clinic.", "sunes_overview"),
        ("ok et la DRIMbox c'est quoi au juste ?", "drimbox"),
        # The term is part of a longer subject, or the question is about a date: not a definition.
        ("les prérequis sunes c'est quoi déjà ? y'en a 6 non ?", "sunes_prerequisites"),
        ("what are the SUN-ES prerequisites? is identity vigilance one of them?",
         "sunes_prerequisites"),
        ("Bonjour, CH avec un service de radiologie. On nous parle de DRIMbox dans la vague 2. "
         "C'est quoi exactement et est-ce que ça nous concerne ?", "drimbox"),
        ("c'est quoi la date limite du référencement ?", "referencing_postponed"),
    ],
)  # fmt: skip
def test_asking_what_a_term_is_gets_the_topic_that_defines_it(
    engine: Engine, question: str, topic: str
) -> None:
    answer = engine.ask(question, today=D(2024, 1, 10))
    assert answer.topic == topic, answer.text


@pytest.mark.parametrize(
    "question",
    [
        "Is there any grace period if our file reaches the ANS a few hours late?",
        "question d'un collegue commercial : si on depasse une date butoir d'un seul jour on perd "
        "tout le financement ??",
    ],
)
def test_how_strict_a_deadline_is_gets_the_rule_even_unsure(engine: Engine, question: str) -> None:
    answer = engine.ask(question, today=D(2022, 5, 10), role="vendor")
    assert answer.topic == "vendor_strict_deadline" and not answer.fallback, answer.text


@pytest.mark.parametrize(
    ("question", "role", "due"),
    [
        # All the dates ahead: of every software of the role, not only its main couloirs'.
        ("kelles sont les prochaines dates butoir ségur", "vendor",
         ["17 décembre 2025", "13 mai 2026"]),
        # One date: the next of the role's own software.
        ("c quoi la prochaine date butoir ?", "vendor", ["17 décembre 2025"]),
    ],
)  # fmt: skip
def test_every_date_ahead_is_of_every_software_of_the_role(
    engine: Engine, question: str, role: str, due: list[str]
) -> None:
    text = engine.ask(question, today=D(2025, 10, 15), role=role).text
    assert all(d in text for d in due), text


def test_the_day_a_step_was_done_is_context_for_another_step_s_date(engine: Engine) -> None:
    answer = engine.ask(
        "For a client hospital whose RIS vendor installed in August, what's the last day the "
        "vendor can ask for the balance payment?",
        today=D(2023, 8, 25),
        role="hospital",
    )
    assert "14 December 2023" in answer.text and "August 2023" not in answer.text, answer.text


def test_a_clause_asking_by_when_a_step_must_be_done_asks_about_it(engine: Engine) -> None:
    parsed = engine.parser.parse(
        "DRIMbox : avant quelle date l'installation doit-elle être terminée ? Et le solde, "
        "c'est jusqu'à quand ?",
        D(2027, 1, 15),
        "vendor",
    )
    assert {"installation", "solde"} <= parsed.milestones


@pytest.mark.parametrize(
    "question",
    [
        "What's left for us? Our imaging department is getting a DRIMbox upgrade.",
        "qu'est-ce qui nous reste à faire pour la DRIMbox de notre service d'imagerie ?",
    ],
)
def test_a_hospital_naming_its_drimbox_gets_its_steps_ahead(engine: Engine, question: str) -> None:
    answer = engine.ask(question, today=D(2027, 1, 15), role="hospital")
    assert "15 September 2027" in answer.text or "15 septembre 2027" in answer.text, answer.text
    assert "15 December 2027" in answer.text or "15 décembre 2027" in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # "address" is the contacts' "adresse"; words that say a thing was mentioned say nothing.
        ("what is the web address of the ASP portal our vendor keeps mentioning?",
         "official_contacts"),
        ("Our PFI vendor keeps mentioning the ANS portal. What's the official address?",
         "official_contacts"),
        # The extension's own name is no other postponement; users name psychiatric hospitals.
        ("le délai supplémentaire de la V1, c'est quoi les nouvelles dates ?",
         "installation_extension"),
        ("notre EPSM peut-il candidater au SUN-ES ou c'est que le MCO ?", "sunes_overview"),
    ],
)  # fmt: skip
def test_everyday_words_around_a_topic_do_not_make_it_unsure(
    engine: Engine, question: str, topic: str
) -> None:
    answer = engine.ask(question, today=D(2026, 11, 23))
    assert answer.topic == topic and not answer.fallback, (answer.topic, answer.confidence)


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # A day said only as context (a sentence that neither asks nor names a step, a filing or
        # a software) is no day to judge.
        ("le budget SUN-ES c'est combien au total ? je présente ça au directoire jeudi",
         "sunes_budget"),
        ("what is SONS exactly? my boss asked me this morning", "sons_overview"),
        ("c'est quoi SONS ? mon chef m'a posé la question ce matin", "sons_overview"),
    ],
)  # fmt: skip
def test_a_day_said_as_context_is_no_filing(engine: Engine, question: str, topic: str) -> None:
    answer = engine.ask(question, today=D(2023, 3, 1), role="hospital")
    assert answer.verdict is None and answer.topic == topic, (answer.topic, answer.text[:200])


def test_unsure_between_topics_the_one_holding_the_day_named_answers(engine: Engine) -> None:
    answer = engine.ask(
        "Hi, our DPI vendor hasn't installed the Ségur version yet. What happens on 28 April? "
        "Do we lose the funding?",
        today=D(2023, 4, 27),
        role="hospital",
    )
    assert answer.topic == "installation_extension" and not answer.fallback, answer.text


@pytest.mark.parametrize(
    ("question", "today", "role", "item", "lead"),
    [
        # A when-question on one step: that step's line, led by its state today, never by a
        # "oui"/"non" nobody asked for.
        ("la F4 elle ferme le combien ?", D(2023, 3, 2), "hospital", "sunes-f4", "C'est encore"),
        ("F2 ferme quand ?", D(2022, 4, 30), "hospital", "sunes-f2", "C'est encore"),
        ("F2 ferme quand ?", D(2022, 5, 1), "hospital", "sunes-f2", "C'est clos"),
        ("when does F3 close?", D(2022, 9, 1), "hospital", "sunes-f3", "It is possible from"),
        ("when does F3 close?", D(2022, 11, 1), "hospital", "sunes-f3", "It is closed"),
        # The time left to a step asks its deadline.
        (
            "cb de temps il nous reste pr l'avance PFI v2 ?",
            D(2025, 1, 15),
            "vendor",
            "sons-v2-pfi-avance",
            "C'est encore",
        ),
        (
            "how much time do we have left for the PFI wave 2 advance?",
            D(2025, 9, 18),
            "vendor",
            "sons-v2-pfi-avance",
            "It is closed",
        ),
    ],
)
def test_a_when_question_on_one_step_is_led_by_its_state_not_by_yes_or_no(
    engine: Engine, question: str, today: dt.date, role: str, item: str, lead: str
) -> None:
    answer = engine.ask(question, today=today, role=role)
    assert answer.verdict is not None and answer.verdict.item == item, answer.text
    assert answer.body.startswith(lead), answer.body
    assert not answer.body.lower().startswith(("oui", "non", "yes", "no")), answer.body


@pytest.mark.parametrize(
    ("question", "first", "second"),
    [
        ("SONS vs SUN-ES c koi la diff", "sons_overview", "sunes_overview"),
        (
            "un CH client demande la difference entre sun es et sons",
            "sunes_overview",
            "sons_overview",
        ),
        (
            "What's the difference between the DRIMbox and référencement?",
            "drimbox",
            "referencing_what",
        ),
        ("hopen 2 et sunes c'est la meme chose ?", "hopen2", "sunes_overview"),
    ],
)
def test_the_difference_of_two_terms_is_both_definitions_the_first_named_first(
    engine: Engine, question: str, first: str, second: str
) -> None:
    answer = engine.ask(question, today=D(2022, 4, 20))
    assert answer.topic == first and not answer.fallback, answer.text
    texts = [engine.kb.topics[t].answer.get(answer.lang).strip()[:60] for t in (first, second)]
    at = [answer.body.find(t) for t in texts]
    assert -1 not in at and at[0] < at[1], answer.body


@pytest.mark.parametrize(
    "question",
    [
        # Two terms without a word asking how they differ, one term only, or a date asked.
        "how much money for SONS vs SUN-ES? rough numbers fine",
        "c koi la diff entre sons et une subvention ?",
        "quelle difference entre les dates limites SONS et SUN-ES ?",
    ],
)
def test_no_difference_asked_of_two_terms_is_one_answer(engine: Engine, question: str) -> None:
    answer = engine.ask(question, today=D(2022, 4, 20))
    bodies = [engine.kb.topics[t].answer.get(answer.lang).strip()[:60] for t in engine.kb.topics]
    assert sum(b in answer.body for b in bodies) <= 1, answer.body
