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
        # A day past after a filing word tells what was done; the day ahead is asked.
        (
            "on a déposé le 14 février, on peut répondre aux compléments le 2 mars ?",
            "2023-03-02",
            None,
        ),
        (
            "we filed on 14 February; the ANS asked for more on 20 February. Can we answer on 3 March?",
            "2023-03-03",
            None,
        ),
        # No filing word: the first day named, or the first not yet past.
        ("le 30 avril ou le 2 mai", "2023-04-30", None),
        ("commande signée hier, l'avance ce matin c'est bon ?", "2023-02-28", "11:59"),
        ("signée hier, je peux la faire demain ?", "2023-03-01", None),
        # One day said twice: the phrase that says the most (a clock time).
        ("ça ouvre aujourd'hui ? je voulais le faire ce matin à 9h", "2023-02-28", "09:00"),
        # One day only.
        ("si je dépose demain ?", "2023-03-01", None),
        # The day said to be today is not the filing's.
        (
            "On est le mardi 28 février. Le directeur ne signe que jeudi 2 mars, ça passe ?",
            "2023-03-02",
            None,
        ),
        # ...and only in its own sentence ("Nous sommes le 28 février. S'il envoie demain").
        (
            "Nous sommes le 28 février. Et demain en fin d'après-midi, ça passe encore ?",
            "2023-03-01",
            "19:59",
        ),
        # ...but the time said with it is now's, when the question is about today.
        (
            "today is 28 February 2023, it's 12:30. Can we still send it today?",
            "2023-02-28",
            "12:30",
        ),
        (
            "on est le 28 février, il est 14h05, on peut déposer aujourd'hui ?",
            "2023-02-28",
            "14:05",
        ),
        # A closing time said with the day, the time now apart: now's is judged.
        ("ça ferme aujourd'hui à midi. Il est 11h55, c'est encore bon ?", "2023-02-28", "11:55"),
        ("it closes today at noon. It's 11:55 here, can they still file?", "2023-02-28", "11:55"),
        # ...unless another time follows a filing word: that one is judged, on the day named.
        (
            "ça ferme aujourd'hui à midi. Il est 11h50, si je dépose à 12h10 ça passe ?",
            "2023-02-28",
            "12:10",
        ),
        ("ça ferme le 2 mars à 14h. Si on l'envoie à 13h ?", "2023-03-02", "13:00"),
        # The day a step is reported done, when the other day's clause names no step.
        (
            "on a signé le bon de commande hier soir à 23h, l'éditeur l'a reçu ce matin, c'est bon ?",
            "2023-02-27",
            "23:00",
        ),
    ],
)
def test_the_filing_is_the_day_after_the_filing_word(
    engine: Engine, text: str, day: str, at: str | None
) -> None:
    parsed = engine.parser.parse(text, TODAY)
    assert parsed.filing is not None
    assert parsed.filing.day.isoformat() == day
    assert (parsed.filing.time.strftime("%H:%M") if parsed.filing.time else None) == at


@pytest.mark.parametrize(
    "text",
    [
        "PFI v2 advance closes today at 12:00, it's 12:20 now, too late?",
        "l'avance ferme aujourd'hui à 12h, il est 11h58, je peux encore ?",
    ],
)
def test_a_closing_time_with_the_time_now_is_no_claim_to_confirm(engine: Engine, text: str) -> None:
    parsed = engine.parser.parse(text, TODAY, "vendor")
    assert parsed.intent == "verdict" and parsed.claim is None
    assert parsed.filing is not None and parsed.filing.now


@pytest.mark.parametrize(
    ("text", "as_of_now"),
    [
        # "still" with a past day: whether it can be done now...
        ("on a loupé l'avance hier, c'est encore possible ?", True),
        ("the July 15 deadline is gone, can he still order?", True),
        # ...unless the day is when it was done: that day is judged.
        ("Our RIS upgrade was finished on Feb 20 around 10pm. Does it still count?", False),
        ("dossier déposé hier soir à 23h, c'est encore bon ?", False),
        ("we submitted it yesterday at 9am, still ok?", False),
        ("We submitted our window 2 application on 20 February at 23:40, still in time?", False),
        # A step not done is no report of it.
        ("dossier pas envoyé, hier c'était la limite, on peut encore ?", True),
        ("we haven't submitted yet, yesterday was the deadline, can we still?", True),
    ],
)
def test_still_with_a_past_day_is_judged_now_unless_it_was_done_then(
    engine: Engine, text: str, as_of_now: bool
) -> None:
    assert engine.parser.parse(text, TODAY, "vendor").as_of_now is as_of_now


def test_no_day_named_means_no_filing_day(engine: Engine) -> None:
    assert engine.parser.parse("je peux encore déposer ?", TODAY).filing is None


@pytest.mark.parametrize(
    ("text", "intent", "milestones"),
    [
        # "encore à temps" asks whether; "le premier appel" is a window.
        ("on est encore à temps pour le premier appel SUN-ES ?", "verdict", set()),
        # Whether anything is ahead, not whether a filing is in time.
        ("Y a-t-il une fenetre apres la F4 ?", "next", {"candidature"}),
        ("on est le 28 février, qqch a venir pr les editeurs DPI ou c fini ?", "next", set()),
        ("Is there still a SUN-ES window after F4? We plan for next year.", "next", {"candidature"}),
        # Every date asked, and a step named only in the context.
        (
            "Quelles sont les échéances vague 1 pour notre SGL ? Notre éditeur n'est pas encore "
            "référencé.",
            "deadline",
            set(),
        ),
        # What is open, or whether to wait.
        ("is anything open for SUN-ES this summer, or do we wait until autumn?", "next", set()),
        ("qqch d'ouvert en ce moment pour les hôpitaux ?", "next", set()),
        ("anything due this month for Ségur vendors?", "next", set()),
        ("What was the last date to get the Ségur version installed?", "deadline", {"installation"}),
        # ...unless a day follows a filing word, or a vendor's step is said missed.
        ("une fenêtre après la F4, si on dépose le 2 mai ?", "verdict", {"candidature"}),
        ("on a raté l'avance drimbox, il reste une option ?", "missed", {"avance"}),
        # What follows a step is answered by its verdict.
        (
            "notre éditeur a manqué l'avance hier. Peut-il encore la déposer ? Que se passe-t-il ?",
            "verdict",
            {"avance"},
        ),
        ("Can my vendor still install it now and get paid for it?", "verdict", {"installation"}),
        ("on a raté la F2, que se passe-t-il ?", "missed", set()),
        ("que se passe-t-il après la F4 pour les hôpitaux ?", None, set()),
        # How much money, and whom to ask, are facts, whatever else the words say.
        ("combien d'argent pour la fenêtre 3 ? s'il en reste ?", None, {"candidature"}),
        ("A qui dois-je m'adresser pour notre candidature en cours ?", None, {"candidature"}),
        ("Where can I ask a question about our référencement file?", None, {"referencement"}),
        # Not managing to file is missing it.
        (
            "We did not manage to submit our SUN-ES application yesterday. Still accepted today?",
            "missed",
            {"candidature"},
        ),
        # A questionnaire not finished is no installation step.
        (
            "on a pas fini le questionnaire RNIV, si on dépose pour la fenetre 1 ça passe ?",
            "verdict",
            {"candidature"},
        ),
        ("la maj pas finie chez le client, c'est grave ?", None, {"installation"}),
        # The CNDA's results are part of the référencement file.
        (
            "il manque des résultats CNDA, on peut déposer quand même ?",
            "verdict",
            {"referencement"},
        ),
        # "il reste" asks what is still ahead.
        ("il reste quelles fenêtres SUN-ES pour un CH ?", "next", {"candidature"}),
        ("any SUN-ES windows left?", "next", {"candidature"}),
        # "ouverte ?" asks yes or no, unless other words ask what is ahead
        ("F3 ouverte ?", "verdict", set()),
        (
            "our LGO vendor hasn't filed my signed order yet, is there still time?",
            "verdict",
            {"commande"},
        ),
        ("y a encore du temps pour le solde ?", "verdict", {"solde"}),
        ("on depose le dossier demain 16h sa passe ?", "verdict", set()),
        ("avance DPI vague 2 ratée hier par notre éditeur, y a un recours ?", "missed", {"avance"}),
        # How strict the deadlines are is a fact, unless a day is named to judge.
        ("un jour de retard et c'est mort ?", None, set()),
        # A step missed and a tolerance asked: that step, judged now; "why" stays a fact.
        ("Solde vague 1 pas déposé, y a-t-il une tolérance après le 14 ?", "missed", {"solde"}),
        (
            "pourquoi c'est plus strict pour nous ? les CH peuvent rater une fenêtre",
            None,
            {"candidature"},
        ),
        ("If we send the file on 14 May, is there any tolerance of one day?", "verdict", set()),
        ("Ils peuvent encore déposer cette semaine ?", "verdict", set()),
        ("bdc officine 16 mars trop tard ?", "verdict", {"commande"}),
        # Someone's emails are context, not a question about the support's address.
        (
            "I only now saw my vendor's emails about the order. I missed the deadline, anything left?",
            "missed",
            {"commande"},
        ),
        # A day named and no asking word: judged on that day (dated.py reads None so).
        (
            "notre editeur RIS a jusqu'a mercredi pour finir l'install c ca ?",
            None,
            {"installation"},
        ),
        # Whether it is over asks whether it is still open; "bien ouvert en ce moment" too.
        ("avance v2 dpi c clos ?", "verdict", {"avance"}),
        ("Is the Ségur wave 1 for GP practice software fully closed?", "verdict", set()),
        ("Le dépôt du référencement est bien ouvert en ce moment ?", "verdict", {"referencement"}),
        ("is there still any Ségur money we can claim for the wave 1 updates?", "verdict", set()),
        ("Can we already ask the ASP for the advance?", "verdict", {"avance"}),
        # "il reste" asks what is ahead, unless it is time that remains.
        ("il reste du temps pour demander l'avance vague 1 ?", "verdict", {"avance"}),
        ("is there any time left to request the advance?", "verdict", {"avance"}),
        ("il reste quoi comme fenêtres ?", "next", {"candidature"}),
        (
            "il est 12h05, l'éditeur envoie maintenant son dossier de réf ?",
            "verdict",
            {"referencement"},
        ),
        ("la F2 est toujours ouverte ?", "verdict", set()),
        ("il y a une fenêtre SUN-ES ouverte en ce moment ou bientôt ?", "next", {"candidature"}),
        ("un client médecin veut commander son LGC, c'est mort ou pas ?", "verdict", {"commande"}),
        # A step that is part of another (lexicon finer_steps): the finer one is asked about.
        (
            "échanges avec l'ANS pour valider le dossier de référencement drimbox, limite ?",
            "deadline",
            {"complements"},
        ),
        ("exchanges with ANS on our referencing file, deadline?", "deadline", {"complements"}),
        ("dossier de référencement drimbox, limite ?", "deadline", {"referencement"}),
        # Work at the client's site is the installation step.
        (
            "we finish the DPI update at our client site tomorrow, does it still count?",
            "verdict",
            {"installation"},
        ),
        ("la mise a jour chez le client est finie le 3, ça compte ?", "verdict", {"installation"}),
        # A fact word outside the sentences that ask is context; inside one, it is asked.
        ("Mon éditeur doit déposer le bon de commande. C'est encore bon ? Il ne répond pas au "
         "téléphone.", "verdict", {"commande"}),
        ("C'est encore bon pour la commande ? Quel numéro de téléphone appeler ?", None,
         {"commande"}),
        # Asking whether one may still, in the words hospitals and clients use.
        ("pouvons-nous encore signer le bon de commande ?", "verdict", {"commande"}),
        ("Can they still request the advance?", "verdict", {"avance"}),
        ("la commande est-elle encore prise en charge ?", "verdict", {"commande"}),
    ],
)  # fmt: skip
def test_what_is_asked_and_about_which_step(
    engine: Engine, text: str, intent: str | None, milestones: set[str]
) -> None:
    parsed = engine.parser.parse(text, TODAY)
    assert parsed.intent == intent
    assert parsed.milestones == milestones


@pytest.mark.parametrize(
    ("text", "programme"),
    [
        # A window named and no vendor's step: the hospitals' programme, whoever asks.
        (
            "éditeur de DPI : nos clients CH demandent quand ouvre la première fenêtre SUN-ES",
            "sun-es",
        ),
        ("chef de projet DPI dans un CH : peut-on déjà déposer un dossier SUN-ES ?", "sun-es"),
        ("éditeur de DPI : la demande d'avance, c'est quand ?", "sons"),
        # "hotline" and "PACS" are words of our users, not of another subject.
        ("a GP asked our hotline whether he can still order the LGC update", "sons"),
        ("notre PACS est concerné par la DRIMbox ?", "sons"),
        ("my brother-in-law is a farmer: when does the ASP pay the CAP subsidies?", "unrelated"),
        ("augmentation ségur pour les manips radio, on bosse sur la DRIMbox", "other"),
        # "acute care" is no CaRE; "CaRE" alone still is.
        ("I worked in acute care before. Does SUN-ES cover psychiatric hospitals?", "sun-es"),
        ("Can CaRE pay for our clinic's offline backup system?", "other"),
        # The 2020 agreements' pay is another programme; another country's health service, none.
        ("ségur de la santé : les heures sup des IDE sont majorées de combien ?", "other"),
        ("does the NHS fund its hospitals' software the same way?", "unrelated"),
        # A job at a vendor, whatever software and day it names.
        ("j'ai un entretien d'embauche chez un editeur DPI lundi, des conseils ?", "unrelated"),
    ],
)
def test_which_programme_a_question_is_about(engine: Engine, text: str, programme: str) -> None:
    assert engine.parser.parse(text, TODAY).programme == programme


@pytest.mark.parametrize(
    ("text", "role", "programme", "milestones"),
    [
        # Applying, from a hospital or from someone unknown: the hospitals' windows.
        ("is there anything left to apply for?", None, "sun-es", {"candidature"}),
        ("is there anything left to apply for?", "hospital", "sun-es", {"candidature"}),
        # From a vendor: its own funding's steps, none of the hospitals' windows...
        ("is there anything left to apply for?", "vendor", None, set()),
        ("reste-t-il quelque chose a quoi candidater ?", "vendor", None, set()),
        # ...unless a window is named.
        (
            "nos clients demandent quand on peut candidater a la F3",
            "vendor",
            "sun-es",
            {"candidature"},
        ),
    ],
)
def test_applying_is_the_hospitals_windows_unless_a_vendor_asks(
    engine: Engine, text: str, role: str | None, programme: str | None, milestones: set[str]
) -> None:
    parsed = engine.parser.parse(text, TODAY, role)
    assert (parsed.programme, set(parsed.milestones)) == (programme, milestones)


@pytest.mark.parametrize(
    ("text", "software"),
    [
        # A vendor's client names the software: a pharmacy's is an LGO, a GP's an LGC.
        ("une pharmacie cliente demande si on peut encore déposer le solde pour elle", {"LGO"}),
        ("un généraliste peut encore commander sa maj ségur ?", {"LGC"}),
        ("can a client pharmacy still get its balance paid?", {"LGO"}),
        ("éditeur de DPI : la demande d'avance, c'est quand ?", {"DPI"}),
    ],
)
def test_the_software_a_question_names(engine: Engine, text: str, software: set[str]) -> None:
    assert engine.parser.parse(text, TODAY, "vendor").software == software


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # a day said to be behind us is the latest one, not next year's
        ("the July 15 deadline is gone, can he still order?", "2022-07-15"),
        ("la date du 15 juillet est passée, on peut encore commander ?", "2022-07-15"),
        ("si je commande le 15 juillet, ça passe ?", "2023-07-15"),
        # a step said done on a day is behind us; one that will be done is ahead
        ("install finie le 15 juillet, le solde ?", "2022-07-15"),
        ("our file went in on 15 July at 9am, are we out?", "2022-07-15"),
        ("l'install sera finie le 15 juillet, le solde ?", "2023-07-15"),
    ],
)
def test_a_day_said_to_be_past_is_the_last_one(engine: Engine, text: str, day: str) -> None:
    parsed = engine.parser.parse(text, D(2022, 7, 18))
    assert [d.day.isoformat() for d in parsed.dates] == [day]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # The programme's own French terms, accents and all, do not make a question French.
        ("Our group practice has a midwife and a dentist. Does Ségur wave 2 cover it?", "en"),
        ("Which legal text made the référencement postponement official?", "en"),
        ("anything left on the Ségur calendar?", "en"),
        ("PFI advance request at 12:30 today, too late?", "en"),
        # English words that French shares ("a", "date") do not outvote it.
        ("helpdesk here: a customer wants every upcoming date, can you list them?", "en"),
        ("a hospital client asks when HOP'EN 2 phase 1 applications started", "en"),
        # ...while French words still do.
        ("clinique jamais passee en v1, eligible presta v1+v2 ?", "fr"),
        ("la fenêtre est-elle ouverte ?", "fr"),
        ("Ségur : la prochaine échéance ?", "fr"),
    ],
)
def test_the_language_of_a_question(engine: Engine, text: str, lang: str) -> None:
    assert engine.parser.parse(text, TODAY).lang == lang


@pytest.mark.parametrize(
    ("question", "steps"),
    [
        # both steps asked side by side
        ("référencement DPI et réponse aux compléments de l'ANS : jusqu'à quand ?",
         {"referencement", "complements"}),
        ("the referencing, and the ANS's requests for more documents: deadlines?",
         {"referencement", "complements"}),
        # a list with nothing between its steps ("ref, complements, cmd"): each asked
        ("V1 recap de toutes les dates (ref, complements, cmd, solde)",
         {"referencement", "complements", "commande", "solde"}),
        # one named as part of the other: the finer one
        ("les échanges avec l'ANS sur le dossier de référencement, limite ?", {"complements"}),
    ],
)  # fmt: skip
def test_a_finer_step_named_with_its_whole_is_asked_alone_unless_joined(
    engine, question: str, steps: set[str]
) -> None:
    parsed = engine.parser.parse(question, dt.date(2022, 6, 1), "vendor")
    assert parsed.milestones == steps


@pytest.mark.parametrize(
    ("text", "phantom"),
    [
        ("Notre DSI a entendu parler d'un 'SUN-ES 2' pour 2025, vous avez les dates ?", True),
        ("la F5 sunes c'est quand ?", True),
        # A number that starts the next sentence names no window.
        ("Comment marche une fenêtre SUN-ES ? 2 mois de candidature et après ?", False),
        ("la F4 est ouverte ?", False),
    ],
)
def test_a_window_that_does_not_exist(engine: Engine, text: str, phantom: bool) -> None:
    assert engine.parser.parse(text, TODAY).phantom is phantom


def test_a_window_that_does_not_exist_is_the_calendar_s_to_say(engine: Engine) -> None:
    answer = engine.ask(
        "Notre DSI a entendu parler d'un 'SUN-ES 2' pour 2025, vous avez les dates ?",
        today=dt.date(2024, 6, 1),
        role="hospital",
    )
    assert answer.topic is None and "aucune autre fenêtre SUN-ES" in answer.text, answer.text
