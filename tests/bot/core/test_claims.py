"""A date the user states for us to confirm: the step's own date confirms or corrects it, as of
the question's day, and a filing to judge is never taken for one."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.engine import Engine

D = dt.date

# (question, today, role, the verdict, the calendar item, a phrase the answer must hold)
CLAIMS = [
    # The référencement deadline (15 June 2022 at 14:00), claimed right, wrong, before and after.
    ("on a jusqu'au 15 juin pour le référencement c'est ça ?", D(2022, 5, 20), "vendor",
     True, "sons-v1-referencement", "est bien le mercredi 15 juin 2022 à 14h00"),
    ("il a jusqu'au 30 juin pour deposer le referencement, c'est vrai ?", D(2022, 5, 20), "vendor",
     False, "sons-v1-referencement", "n'est pas le jeudi 30 juin 2022 mais le mercredi 15 juin"),
    ("la date limite du référencement c'était le 15 juin, c'est ça ?", D(2023, 1, 10), "vendor",
     True, "sons-v1-referencement", "clos depuis"),
    # "avant le 15 juin" claims the 15 June close (the date layer reads the 14th, the day before).
    ("il doit être référencé avant le 15 juin, c'est exact ?", D(2022, 5, 20), "hospital",
     True, "sons-v1-referencement", "est bien le mercredi 15 juin 2022"),
    # What a step had to be done by is a rule stated, not a filing on that day.
    ("la prestation de notre PFI devait être terminée le 28 avril 2023, c'est exact ?",
     D(2023, 5, 15), "hospital", False, "sons-v1-installation", "mais le mercredi 20 septembre 2023"),
    # A day without its year: the window of the year it is read in ("4th" is F4).
    ("Is the 4th SUN-ES window open yet? A colleague told me it opens on 15 March.",
     D(2023, 2, 20), "hospital", False, "sunes-f4", "but on Wednesday 1 March 2023"),
    ("la F4 ouvre le 1er mars c'est ça ?", D(2023, 2, 20), "hospital", True, "sunes-f4",
     "1er mars 2023"),
    # "dernier jour" right before its day, in one clause, states the close.
    ("avance drimbox, on peut encore? dernier jour demain nn?", D(2026, 11, 9), "vendor",
     True, "sons-v2-drimbox-avance", "est bien le mardi 10 novembre 2026"),
    # Another software named as a comparison: the claim is about the one asked.
    ("la date limite de l'avance vague 2 pour les DPI, c'est bien le 17 septembre comme pour les PFI ?",
     D(2025, 6, 10), "vendor", False, "sons-v2-dpi-avance", "mais le mercredi 17 décembre 2025"),
    ("the DPI wave 2 advance closes on 17 December, same as for PFI, right?", D(2025, 6, 10),
     "vendor", True, "sons-v2-dpi-avance", "is indeed Wednesday 17 December 2025"),
    # A claim earlier than the deadline is still wrong: a filing then would be in time, but the
    # claim is about the deadline.
    ("so the balance deadline for DPI wave 1 is 31 January, right?", D(2022, 5, 20), "vendor",
     False, "sons-v1-solde", "is not Tuesday 31 January 2023 but Thursday 14 December 2023"),
    ("the wave 1 balance deadline is 14 December 2023, is that right?", D(2023, 12, 14), "vendor",
     True, "sons-v1-solde", "is indeed Thursday 14 December 2023 at 14:00"),
    # A deadline word, then "c'était" / "c'est" / "is" right before the day: a claim too, and a
    # past one is judged as a claim, not as a filing yesterday.
    ("la date limite des commandes c'était hier non ?", D(2022, 12, 1), "vendor",
     True, "sons-v1-commandes", "était bien le mercredi 30 novembre 2022"),
    # "le dernier jour c'est demain ?" states the close; "si on dépose le dernier jour, demain à
    # 11h" is a filing (below).
    ("avance drimbox : le dernier jour c'est demain ?", D(2026, 11, 9), "vendor",
     True, "sons-v2-drimbox-avance", "est bien le mardi 10 novembre 2026"),
    # A day behind the question's day is said in the past.
    ("F2 opened on 1 March, right? and when does it close?", D(2022, 3, 3), "hospital",
     True, "sunes-f2", "did open on Tuesday 1 March 2022"),
    ("la F2 a fermé le 29 avril c'est ça ?", D(2022, 5, 3), "hospital",
     False, "sunes-f2", "n'était pas le vendredi 29 avril 2022 mais le samedi 30 avril 2022"),
    ("la date butoir des commandes c'est le 15 décembre ?", D(2022, 11, 29), "vendor",
     False, "sons-v1-commandes", "n'est pas le jeudi 15 décembre 2022 mais le mercredi 30"),
    ("deadline for the wave 1 orders is tomorrow?", D(2022, 11, 29), "vendor",
     True, "sons-v1-commandes", "is indeed Wednesday 30 November 2022"),
    # The right day at the wrong time.
    ("le solde c'est le 14 décembre à 18h, vous confirmez ?", D(2023, 6, 1), "vendor",
     False, "sons-v1-solde", "mais à une autre heure : jeudi 14 décembre 2023 à 14h00"),
    # A window's end and opening, said without a year: the window's own year, past or ahead.
    ("la F2 ferme le 30 avril c'est bien ça ?", D(2022, 5, 20), "hospital",
     True, "sunes-f2", "clos depuis le samedi 30 avril 2022"),
    ("F3 ouvre le 1er septembre ?", D(2022, 5, 20), "hospital",
     True, "sunes-f3", "dans 104 jours"),
    ("F3 ouvre le 1er octobre non ?", D(2022, 5, 20), "hospital",
     False, "sunes-f3", "n'ouvre pas le samedi 1er octobre 2022 mais le jeudi 1er septembre 2022"),
    ("F3 opens on 1 October, right?", D(2022, 8, 1), "hospital",
     False, "sunes-f3", "does not open on Saturday 1 October 2022 but on Thursday 1 September"),
    # A filing word inside the deadline's own phrase, or a confirming copula right before the
    # day whatever names the step, leaves it a claim.
    ("la date limite pour déposer le dossier de référencement c bien le 15 juin ?",
     D(2022, 5, 2), "vendor", True, "sons-v1-referencement", "est bien le mercredi 15 juin 2022"),
    ("les demandes de solde V1 c'est bien le 14 décembre 2023 à 14h ?", D(2023, 6, 1), "vendor",
     True, "sons-v1-solde", "est bien le jeudi 14 décembre 2023 à 14h00"),
    ("le dépôt du solde, c'est bien le 15 décembre ?", D(2023, 6, 1), "vendor",
     False, "sons-v1-solde", "mais le jeudi 14 décembre 2023"),
    # The claim said after the day.
    ("so yesterday was the last day for PFI wave 2 advance requests?", D(2025, 9, 18), "vendor",
     True, "sons-v2-pfi-avance", "was indeed Wednesday 17 September 2025"),
    ("le 30 novembre c'était la date limite des commandes V1 ?", D(2023, 1, 5), "vendor",
     True, "sons-v1-commandes", "était bien le mercredi 30 novembre 2022"),
    # What a step must be done by, and whether that is "still true": a claim, not about now.
    ("mon éditeur dit que l'installation LGC doit être faite avant le 28 avril 2023, c tjrs "
     "vrai ?", D(2023, 6, 5), "doctor", False, "sons-v1-lgc-installation",
     "mais le mercredi 20 septembre 2023"),
    # A time said in words with the day ("mercredi midi") is the claim's own.
    ("notre éditeur dit qu'il a jusqu'à mercredi midi pour l'avance DPI V2, c'est bien ça ?",
     D(2025, 12, 15), "hospital", True, "sons-v2-dpi-avance", "est bien le mercredi 17 décembre"),
    # A relative day someone is reported to have said is a claim, of the end the question asks.
    ("when does the wave 2 enrolment portal open? my boss says this thursday, is that correct?",
     D(2024, 6, 17), "vendor", True, "sons-v2-hopital-enrolement", "does open on Thursday 20 June"),
    ("l'avance DPI V2 ferme quand ? mon chef dit mercredi prochain, c'est ça ?", D(2025, 12, 10),
     "vendor", True, "sons-v2-dpi-avance", "est bien le mercredi 17 décembre 2025"),
    # A window's claim, then the window after it asked: both.
    ("F3 closes on 31 October, right? and what's the window after that one?", D(2022, 9, 5),
     "hospital", True, "sunes-f3", "F4, the programme's last: opens on Wednesday 1 March 2023"),
    # A date the sources dispute, stated as the deadline: neither confirmed nor denied.
    ("les cibles F1 doivent être atteintes le 30 septembre 2022, c'est bien ça ?", D(2022, 5, 1),
     "hospital", None, "sunes-f1-cibles", "ne s'accordent pas"),
    ("F1 usage targets are due by 30 June 2022, correct?", D(2022, 5, 1),
     "hospital", None, "sunes-f1-cibles", "do not agree"),
]  # fmt: skip


@pytest.mark.parametrize(("question", "today", "role", "eligible", "item", "says"), CLAIMS)
def test_a_claimed_date_is_confirmed_or_corrected(
    engine: Engine,
    question: str,
    today: dt.date,
    role: str,
    eligible: bool,
    item: str,
    says: str,
) -> None:
    answer = engine.ask(question, today=today, role=role)
    assert answer.verdict is not None, answer.text
    assert (answer.verdict.eligible, answer.verdict.item) == (eligible, item), answer.text
    assert says in answer.text


# Questions with a date that are not claims: a filing to judge, a wait, a firm date, a past day
# asked about now. (question, today, role, the verdict)
NOT_CLAIMS = [
    # 15 June 2022 with no time: the deadline is 14:00, so a filing then depends on the hour.
    ("si on dépose le 15 juin, c'est bon ?", D(2022, 5, 20), "vendor", None),
    ("demande de solde le 14 décembre, oui ou non ?", D(2023, 6, 1), "vendor", None),
    ("balance (solde) request on 13 December 2023, OK?", D(2023, 6, 1), "vendor", True),
    ("on attend jusqu'au 20 juin pour déposer le référencement, ça passe ?", D(2022, 5, 20),
     "vendor", False),
    ("les avances PFI vague 2 c fermé depuis hier ou on peut encore ?", D(2025, 9, 18), "vendor",
     False),
    ("avance drimbox : si on dépose le dernier jour, demain à 11h, ça passe ?", D(2026, 11, 9),
     "vendor", True),
    # A close stated, then a filing on that day at another time: the filing is what is asked.
    ("referncing deadline is tmrw 2pm right? can we still send at 1:55pm?", D(2022, 6, 14),
     "vendor", True),
    ("la date limite c'est demain 14h c bien ça ? si on envoie demain à 14h10 ?", D(2022, 6, 14),
     "vendor", False),
    # Going live is the installation's filing: the go-live, said apart, is what is judged.
    ("DRIMbox work deadline is Sept 15th 2027 at noon, right? a client goes live on Sept 15 in "
     "the afternoon, ok?", D(2027, 6, 1), "vendor", False),
    # A confirming word after the day asks about the filing.
    ("si je dépose le solde le 14 décembre 2023 à 13h, c'est bien dans les temps ?",
     D(2023, 6, 1), "vendor", True),
]  # fmt: skip


@pytest.mark.parametrize(("question", "today", "role", "eligible"), NOT_CLAIMS)
def test_a_filing_day_is_judged_not_confirmed(
    engine: Engine, question: str, today: dt.date, role: str, eligible: bool | None
) -> None:
    parsed = engine.parser.parse(question, today, role)
    assert parsed.claim is None
    answer = engine.ask(question, today=today, role=role)
    assert answer.verdict is not None and answer.verdict.eligible is eligible, answer.text
