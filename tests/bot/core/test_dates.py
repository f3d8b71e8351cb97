"""Tests for bot.core.dates: the French/English date layer in front of dateparser.

Every expectation is an exact date, so a wrong year, an off-by-one "avant le"
or a weekday read from "je" fails the table.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import random
import subprocess
import sys
import time as clock
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import dates as package
from bot.core.dates import FoundDate, find_dates
from bot.core.dates.cue import has_date_cue, has_duration, has_time_cue

REPO = Path(__file__).resolve().parents[3]

# The DSIH article's date: a Wednesday.
WED = date(2022, 4, 6)
MON = date(2022, 4, 4)

Expected = tuple[tuple[str, str | None], ...]


def found(text: str, today: date = WED, lang: str = "fr") -> Expected:
    """(ISO day, HH:MM or None) for each date, in order."""
    return tuple(
        (f.day.isoformat(), f.time.strftime("%H:%M") if f.time else None)
        for f in find_dates(text, today, lang)
    )


def one(day: str, at: str | None = None) -> Expected:
    return ((day, at),)


def case(text: str, today: date, expected: Expected, id: str, lang: str = "fr") -> object:
    return pytest.param(text, today, lang, expected, id=id)


# --- Rules -----------------------------------------------------------------

NUMERIC = [
    case("05/04/2022", WED, one("2022-04-05"), "dmy-slash"),
    case("02/05/2022", WED, one("2022-05-02"), "dmy-ordinary"),
    case("5/4/22", WED, one("2022-04-05"), "dmy-short"),
    case("05-04-2022", WED, one("2022-04-05"), "dmy-dash"),
    case("05.04.2022", WED, one("2022-04-05"), "dmy-dot"),
    case("2022-04-05", WED, one("2022-04-05"), "iso"),
    case("le 05/04/2022 à 14h", WED, one("2022-04-05", "14:00"), "dmy-with-time"),
    case("05/04/2022", WED, one("2022-04-05"), "dmy-even-in-english", lang="en"),
    case("jusqu'au 15/06 ?", WED, one("2022-06-15"), "dm-after-preposition"),
    case("avance dpi 30/11 ?", WED, one("2022-11-30"), "dm-two-digits-bare"),
    case("complements ANS 31/08 15h trop tard?", WED, one("2022-08-31", "15:00"), "dm-bare-time"),
    case("dépôt 3/5 à 11h", WED, one("2022-05-03", "11:00"), "dm-one-digit-before-a-time"),
    case("31/02/2022", WED, (), "impossible-feb-31"),
    case("29/02/2023", WED, (), "impossible-feb-29-non-leap"),
    case("29/02/2024", WED, one("2024-02-29"), "leap-day-numeric"),
    case("2022-13-01", WED, (), "impossible-iso-month"),
]

MONTH_NAMES = [
    case("le 2 mai", WED, one("2022-05-02"), "fr-le-2-mai"),
    case("2 mai 2022", WED, one("2022-05-02"), "fr-with-year"),
    case("1er mars", WED, one("2023-03-01"), "fr-1er-next-year"),
    case("le premier mai", WED, one("2022-05-01"), "fr-premier"),
    case("le 15 juin à 14h", WED, one("2022-06-15", "14:00"), "fr-with-time"),
    case("15 juin 14h30", WED, one("2022-06-15", "14:30"), "fr-time-no-a"),
    case("May 2", WED, one("2022-05-02"), "en-may-2"),
    case("May 2nd 2022", WED, one("2022-05-02"), "en-ordinal-year"),
    case("March 15, 2023", WED, one("2023-03-15"), "en-comma-year"),
    case("2 May", WED, one("2022-05-02"), "en-day-first"),
    case("on the 3rd of March", WED, one("2023-03-03"), "en-3rd-of-march"),
    case("Friday, May 6 at 9am", WED, one("2022-05-06", "09:00"), "en-weekday-month-day"),
    case("le mardi 3 mai 2022 à 9h", WED, one("2022-05-03", "09:00"), "fr-weekday-day-month"),
    case("le 3 fevrier", WED, one("2023-02-03"), "fevrier-no-accent"),
    case("le 3 février", WED, one("2023-02-03"), "fevrier-accent"),
    case("le 15 aout", WED, one("2022-08-15"), "aout-no-accent"),
    case("le 15 août", WED, one("2022-08-15"), "aout-accent"),
    case("le 4 decembre", WED, one("2022-12-04"), "decembre-no-accent"),
    case("LE 4 DÉCEMBRE", WED, one("2022-12-04"), "upper-case"),
    case("3 janv.", WED, one("2023-01-03"), "abbr-janv"),
    case("le 5 fév.", WED, one("2023-02-05"), "abbr-fev"),
    case("10 sept.", WED, one("2022-09-10"), "abbr-sept"),
    case("le 1er déc.", WED, one("2022-12-01"), "abbr-dec"),
    case("Jan 5", WED, one("2023-01-05"), "abbr-jan"),
    case("Feb 3rd", WED, one("2023-02-03"), "abbr-feb"),
    case("Sept 9", WED, one("2022-09-09"), "abbr-sept-en"),
    case("le 29 février", WED, one("2024-02-29"), "feb-29-next-leap-year"),
    case("le 31 avril", WED, (), "impossible-april-31"),
    case("le 32 mai", WED, (), "impossible-day-32"),
    case("le 6 avril", WED, one("2022-04-06"), "same-day-is-on-or-after-today"),
    case("le 5 avril", WED, one("2023-04-05"), "yesterday-date-rolls-to-next-year"),
    case("du 2 mai au 15 juin", WED, (("2022-05-02", None), ("2022-06-15", None)), "range"),
    case("le cinq mai", WED, one("2022-05-05"), "fallback-spelled-day"),
]

PAST_TENSE = [
    case("j'ai envoyé le 2 avril", WED, one("2022-04-02"), "fr-j-ai-envoye"),
    case("ai envoye mon dossier le 15 mars", WED, one("2022-03-15"), "fr-ai-envoye"),
    case("nous avons déposé fin mars", WED, one("2022-03-31"), "fr-avons-edge"),
    case("le dossier était complet le 10 avril", WED, one("2021-04-10"), "fr-etait"),
    case("c'est fini depuis fin mars ?", date(2022, 8, 10), one("2022-03-31"), "fr-depuis"),
    case(
        "on devait déposer le 15 avril, on peut ?", WED, one("2022-04-15"), "fr-devait-may-be-ahead"
    ),
    case("ça devait être fait avant le 28 mars", WED, one("2022-03-27"), "fr-devait-etre-fait"),
    case("on a dépassé le 28 mars, c'est foutu ?", WED, one("2022-03-28"), "fr-a-depasse"),
    case("we exceeded the March 28 deadline", WED, one("2022-03-28"), "en-exceeded", "en"),
    case(
        "la version devait etre installee pour le 28 mars",
        WED,
        one("2022-03-28"),
        "devait-etre-part",
    ),
    case("is it too late since the end of March?", WED, one("2022-03-31"), "en-since", "en"),
    case("parti hier ou le 2 mai ?", WED, (("2022-04-05", None), ("2021-05-02", None)), "fr-hier"),
    case("Le 2 avril, j'ai envoyé mon dossier", WED, one("2022-04-02"), "fronted-date-clause"),
    case("j'ai envoyé mon dossier, le 2 avril", WED, one("2022-04-02"), "trailing-date-clause"),
    case(
        "j'ai envoyé le 2 avril, puis-je compléter fin juin ?",
        WED,
        (("2022-04-02", None), ("2022-06-30", None)),
        "past-clause-then-future-question",
    ),
    case("I did it on April 10", WED, one("2021-04-10"), "en-did"),
    case("our vendor didn't finish by April 20", WED, one("2021-04-20"), "en-didn-t"),
    case("the file was complete on May 2", WED, one("2021-05-02"), "en-was"),
    case("I sent it on May 2", WED, one("2021-05-02"), "en-sent"),
    case(
        "last week, on April 2",
        WED,
        (("2022-03-30", None), ("2022-04-02", None)),
        "en-last",
    ),
    case("last year: May 2", WED, (("2021-04-06", None), ("2021-05-02", None)), "en-last-year"),
    case("j'ai envoyé vendredi", WED, one("2022-04-01"), "fr-past-weekday"),
    case("j'ai envoyé le 2 mai 2022", WED, one("2022-05-02"), "explicit-year-wins"),
    # Not past: "j'ai" without a participle, present tense, other sentence.
    case("j'ai une question sur le 2 avril", WED, one("2023-04-02"), "fr-j-ai-une-question"),
    case("j'ai jusqu'au 15 mars ?", WED, one("2023-03-15"), "fr-j-ai-jusqu-au"),
    case("nous avons jusqu'à fin mars ?", WED, one("2023-03-31"), "fr-avons-jusqu-a"),
    case("j'ai envoyé ma demande. Et le 2 avril ?", WED, one("2023-04-02"), "other-sentence"),
]

MONTH_EDGES = [
    case("début mai", WED, one("2022-05-01"), "debut-mai"),
    case("debut mai", WED, one("2022-05-01"), "debut-no-accent"),
    case("mi-juillet", WED, one("2022-07-15"), "mi-juillet"),
    case("mi juillet", WED, one("2022-07-15"), "mi-space-juillet"),
    case("mid-July", WED, one("2022-07-15"), "mid-july-hyphen"),
    case("mid July", WED, one("2022-07-15"), "mid-july"),
    case("fin juin", WED, one("2022-06-30"), "fin-juin"),
    case("fin-juin", WED, one("2022-06-30"), "fin-hyphen-juin"),
    case("fin du mois de juin", WED, one("2022-06-30"), "fin-du-mois-de-juin"),
    case("end of June", WED, one("2022-06-30"), "end-of-june"),
    case("by the end of June", WED, one("2022-06-30"), "by-the-end-of-june"),
    case("early May", WED, one("2022-05-01"), "early-may"),
    case("late June", WED, one("2022-06-30"), "late-june"),
    case("fin avril", WED, one("2022-04-30"), "fin-31-vs-30"),
    case("fin février", WED, one("2023-02-28"), "fin-fevrier-common-year"),
    case("fin février", date(2024, 1, 10), one("2024-02-29"), "fin-fevrier-leap-year"),
    case("fin février 2024", WED, one("2024-02-29"), "fin-fevrier-2024-explicit"),
    case("fin juin 2022", date(2022, 7, 10), one("2022-06-30"), "explicit-year-in-past"),
    case("début janvier", date(2022, 12, 20), one("2023-01-01"), "year-rollover"),
    case("fin décembre", date(2022, 12, 31), one("2022-12-31"), "edge-is-today"),
    # Said within the month it names, the month part is this month's, past or not ("on est
    # début juin", "on est mi-octobre"), never next year's.
    case("début avril", WED, one("2022-04-01"), "edge-just-passed-same-month"),
    case("on est début juin", date(2022, 6, 2), one("2022-06-01"), "on-est-debut-juin"),
    case("on est mi-octobre", date(2023, 10, 16), one("2023-10-15"), "on-est-mi-octobre"),
    case("early March", date(2023, 3, 20), one("2023-03-01"), "early-march-in-march"),
    case("début mars", date(2023, 2, 27), one("2023-03-01"), "next-month-still-ahead"),
    case("d'ici la fin du mois", WED, one("2022-04-30"), "fin-du-mois"),
    case("end of next month", WED, one("2022-05-31"), "end-of-next-month"),
    case("fin de l'année", WED, one("2022-12-31"), "fin-de-l-annee"),
    case("le 15 du mois prochain", WED, one("2022-05-15"), "day-of-next-month"),
    case("d'ici fin 2022", WED, one("2022-12-31"), "fin-2022"),
    case("début 2023", WED, one("2023-01-01"), "debut-2023"),
    case("by the end of 2023", WED, one("2023-12-31"), "end-of-2023"),
]

BEFORE = [
    case("avant le 15 mars", WED, one("2023-03-14"), "avant-le-15-mars"),
    case("avant le 15 juin", WED, one("2022-06-14"), "avant-le-15-juin"),
    case("before March 15", WED, one("2023-03-14"), "before-march-15"),
    case("before the 15th of June", WED, one("2022-06-14"), "before-the-15th-of"),
    case("avant le 1er mars 2024", WED, one("2024-02-29"), "avant-crosses-leap-day"),
    case("avant le 01/01/2023", WED, one("2022-12-31"), "avant-crosses-year"),
    case("pas avant le 15 juin", WED, one("2022-06-15"), "pas-avant-is-not-before"),
    case("au plus tard le 15 juin", WED, one("2022-06-15"), "au-plus-tard-inclusive"),
]

RELATIVE = [
    case("demain", WED, one("2022-04-07"), "demain"),
    case("tomorrow", WED, one("2022-04-07"), "tomorrow"),
    case("après-demain", WED, one("2022-04-08"), "apres-demain"),
    case("apres demain", WED, one("2022-04-08"), "apres-demain-no-accent"),
    case("the day after tomorrow", WED, one("2022-04-08"), "day-after-tomorrow"),
    case("aujourd'hui", WED, one("2022-04-06"), "aujourd-hui"),
    case("aujourd’hui", WED, one("2022-04-06"), "aujourd-hui-curly"),
    case("fenetre 3 ouverte ajd ?", WED, one("2022-04-06"), "ajd-sms"),
    case("can we submit on the 1st?", WED, one("2022-05-01"), "en-bare-ordinal-next"),
    case("il a jusqu'à vendredi ?", WED, one("2022-04-08"), "jusqu-a-weekday"),
    case("on dépose le 1er à 14h", WED, one("2022-05-01", "14:00"), "fr-bare-ordinal-with-time"),
    case("we sent it on the 3rd.", WED, one("2022-04-03"), "en-bare-ordinal-past"),
    case("on the 31st?", date(2022, 6, 2), one("2022-07-31"), "bare-ordinal-skips-a-short-month"),
    # "14h pile": an hour said that precisely is a clock time, "à" or not.
    case("on dépose 14h pile ?", WED, one("2022-04-06", "14:00"), "hour-sharp"),
    case("12h précises", WED, one("2022-04-06", "12:00"), "hour-precises"),
    # "15.06" after a preposition or before a time is a day; chat spellings of tomorrow.
    case("15.06 à 13h", WED, one("2022-06-15", "13:00"), "dm-dot-with-time"),
    case("jusqu'au 15.06 ?", WED, one("2022-06-15"), "dm-dot-after-preposition"),
    case("dmain 14h ça passe ?", WED, one("2022-04-07", "14:00"), "dmain"),
    case("2mrw at 1pm ok?", WED, one("2022-04-07", "13:00"), "2mrw", lang="en"),
    case("tmr 9am", WED, one("2022-04-07", "09:00"), "tmr", lang="en"),
    # French says the day bare ("le 14"), with a time or a part of the day, or as the question's
    # last words; after a full date, a bare day is in that date's month (or the next).
    case("si on dépose le 14 ?", WED, one("2022-04-14"), "fr-bare-day-next"),
    case("on peut déposer le 14 à 23h ?", WED, one("2022-04-14", "23:00"), "fr-bare-day-with-time"),
    case("dépôt le 14 au soir", WED, one("2022-04-14", "23:59"), "fr-bare-day-evening"),
    case("si on dépose à 13h30 le 15 ?", WED, one("2022-04-15", "13:30"), "fr-time-then-bare-day"),
    case("on a déposé le 2, c'est bon ?", WED, one("2022-04-02"), "fr-bare-day-past"),
    case("fenêtre ratée en mars, et après ?", WED, one("2022-03-01"), "missed-in-a-month-is-past"),
    # A day and month said with the relative day that falls on them are that day, in its year,
    # whatever past-tense word is near; a year said is kept.
    case(
        "file her signed order tomorrow, April 7th, around 4pm?",
        WED,
        one("2022-04-07", "16:00"),
        "relative-day-and-its-date",
        lang="en",
    ),
    case(
        "le 7 avril 2021 et le 7 avril 2022 ?",
        WED,
        (("2021-04-07", None), ("2022-04-07", None)),
        "years-said-are-kept",
    ),
    case(
        "if we file on the 15th before lunch?",
        WED,
        one("2022-04-15", "11:59"),
        "en-bare-ordinal-before-lunch",
    ),
    case(
        "on vise le 3/06, et si on dépose le 10 ?",
        WED,
        (("2022-06-03", None), ("2022-06-10", None)),
        "bare-day-in-the-month-said-before",
    ),
    case(
        "le 28 juin ou le 2 ?",
        WED,
        (("2022-06-28", None), ("2022-07-02", None)),
        "bare-day-after-the-month-said-is-the-next-month",
    ),
    case("deposer cet aprem vers 15h", WED, one("2022-04-06", "15:00"), "cet-aprem-with-time"),
    # An hour under 12 said with a part of the day after noon is that part's hour; the morning's
    # stays.
    case("vers 3h cet après-midi", WED, one("2022-04-06", "15:00"), "3h-cet-apres-midi"),
    case("ce soir vers 8h", WED, one("2022-04-06", "20:00"), "ce-soir-vers-8h"),
    case("demain soir à 11h30", WED, one("2022-04-07", "23:30"), "demain-soir-11h30"),
    case("à 3h du matin", WED, one("2022-04-06", "03:00"), "3h-du-matin"),
    # An hour with its part of the day, before its day, is as sure as "à 8h".
    case("8h du mat le 8 avril", WED, one("2022-04-08", "08:00"), "8h-du-mat-before-day"),
    case("9h du soir le 8 avril", WED, one("2022-04-08", "21:00"), "9h-du-soir-before-day"),
    case("3h de l'aprem le 8 avril", WED, one("2022-04-08", "15:00"), "3h-de-l-aprem-before-day"),
    case("à 14h cet après-midi", WED, one("2022-04-06", "14:00"), "14h-cet-apres-midi"),
    case("today", WED, one("2022-04-06"), "today"),
    case("ce matin à 10h", WED, one("2022-04-06", "10:00"), "ce-matin-with-time"),
    # A part of the day is its last minute (FoundDate.earliest holds its first).
    case("cet après-midi", WED, one("2022-04-06", "17:59"), "cet-apres-midi"),
    case("cet aprem", WED, one("2022-04-06", "17:59"), "cet-aprem-alone"),
    case("after lunch tomorrow", WED, one("2022-04-07", "17:59"), "after-lunch", lang="en"),
    case("demain matin", WED, one("2022-04-07", "11:59"), "demain-matin"),
    case("mercredi matin", MON, one("2022-04-06", "11:59"), "weekday-matin"),
    case("jeudi dans l'après-midi", WED, one("2022-04-07", "17:59"), "weekday-dans-l-apres-midi"),
    case("ce soir", WED, one("2022-04-06", "23:59"), "ce-soir"),
    case("tomorrow morning", WED, one("2022-04-07", "11:59"), "tomorrow-morning"),
    case("tomorow morning", WED, one("2022-04-07", "11:59"), "tomorow-typo"),
    case("tommorrow at 9am", WED, one("2022-04-07", "09:00"), "tommorrow-typo"),
    case("demain matin à 9h", WED, one("2022-04-07", "09:00"), "clock-beats-part-of-day"),
    case("le 15 juin avant minuit", WED, one("2022-06-15", "23:59"), "avant-minuit"),
    # That weekday in the next calendar week (WED is Wednesday 6 April 2022).
    case("la semaine prochaine mercredi", WED, one("2022-04-13"), "next-week-then-weekday"),
    case("mercredi de la semaine prochaine", WED, one("2022-04-13"), "weekday-of-next-week"),
    case("lundi semaine prochaine", WED, one("2022-04-11"), "monday-next-week"),
    case("wednesday next week", WED, one("2022-04-13"), "wednesday-next-week"),
    # The time now: today at that time, as sure as "à 10h".
    case("le portail est ouvert là ? il est 10h", WED, one("2022-04-06", "10:00"), "il-est-10h"),
    case("it's 4pm here in Lyon", WED, one("2022-04-06", "16:00"), "its-4pm"),
    # "for 12:00" is a clock time, "for 2h" a duration.
    case("scheduled for 12:00 today", WED, one("2022-04-06", "12:00"), "for-clock-time"),
    case("this morning at 9am", WED, one("2022-04-06", "09:00"), "this-morning-with-time", "en"),
    case("hier", WED, one("2022-04-05"), "hier"),
    case("yesterday", WED, one("2022-04-05"), "yesterday"),
    case("avant-hier", WED, one("2022-04-04"), "avant-hier"),
    case("demain", date(2022, 12, 31), one("2023-01-01"), "demain-new-year"),
    case("demain", date(2024, 2, 28), one("2024-02-29"), "demain-leap-day"),
    case("dans deux semaines", WED, one("2022-04-20"), "dans-deux-semaines"),
    case("in two weeks", WED, one("2022-04-20"), "in-two-weeks"),
    case("dans 3 jours", WED, one("2022-04-09"), "dans-3-jours"),
    case("in 3 days", WED, one("2022-04-09"), "in-3-days"),
    case("dans cinq jours", WED, one("2022-04-11"), "number-word-cinq"),
    case("dans vingt jours", WED, one("2022-04-26"), "number-word-vingt"),
    case("in ten days", WED, one("2022-04-16"), "number-word-ten"),
    case("in fifteen days", WED, one("2022-04-21"), "number-word-fifteen"),
    case("dans un mois", WED, one("2022-05-06"), "dans-un-mois"),
    case("in a month", WED, one("2022-05-06"), "in-a-month"),
    case("d'ici un mois", WED, one("2022-05-06"), "d-ici-un-mois"),
    case("within a month", WED, one("2022-05-06"), "within-a-month"),
    case("dans un mois", date(2022, 1, 31), one("2022-02-28"), "month-clamped"),
    case("dans un mois", date(2024, 1, 31), one("2024-02-29"), "month-clamped-leap"),
    case("dans un mois", date(2022, 12, 15), one("2023-01-15"), "month-year-rollover"),
    case("dans un an", date(2024, 2, 29), one("2025-02-28"), "year-from-leap-day"),
    case("sous 15 jours", WED, one("2022-04-21"), "sous-15-jours"),
    case("within 15 days", WED, one("2022-04-21"), "within-15-days"),
    case("d'ici 15 jours", WED, one("2022-04-21"), "d-ici-15-jours"),
    case("d'ici quinze jours", WED, one("2022-04-21"), "d-ici-quinze-jours"),
    case("sous huitaine", WED, one("2022-04-14"), "sous-huitaine"),
    case("dans une semaine et deux jours", WED, one("2022-04-15"), "compound"),
    case("il y a 3 jours", WED, one("2022-04-03"), "il-y-a"),
    case("2 weeks ago", WED, one("2022-03-23"), "ago"),
    case("la semaine prochaine", WED, one("2022-04-13"), "semaine-prochaine"),
    case("next week", WED, one("2022-04-13"), "next-week"),
    case("le mois prochain", WED, one("2022-05-06"), "mois-prochain"),
    case("le mois dernier", WED, one("2022-03-06"), "mois-dernier"),
    case("last week", WED, one("2022-03-30"), "last-week"),
    case("l'année prochaine", WED, one("2023-04-06"), "annee-prochaine"),
    case("next month", date(2022, 1, 31), one("2022-02-28"), "next-month-from-the-31st"),
]

WEEKDAYS = [
    case("lundi prochain", WED, one("2022-04-11"), "lundi-prochain"),
    case("lundi prochain", MON, one("2022-04-11"), "lundi-prochain-said-on-monday"),
    case("next Monday", WED, one("2022-04-11"), "next-monday"),
    case("next Monday", MON, one("2022-04-11"), "next-monday-said-on-monday"),
    case("lundi", MON, one("2022-04-04"), "lundi-said-on-monday"),
    case("ce vendredi", WED, one("2022-04-08"), "ce-vendredi"),
    case("vendredi", WED, one("2022-04-08"), "vendredi"),
    case("this Friday", WED, one("2022-04-08"), "this-friday"),
    case("mercredi", WED, one("2022-04-06"), "weekday-is-today"),
    case("mardi", WED, one("2022-04-12"), "weekday-wraps-week"),
    case("dimanche", date(2022, 12, 28), one("2023-01-01"), "weekday-new-year"),
    case("lundi dernier", WED, one("2022-04-04"), "lundi-dernier"),
    case("last Monday", MON, one("2022-03-28"), "last-monday-said-on-monday"),
    case("jeudi", WED, one("2022-04-07"), "jeudi"),
    case("je dépose jeudi", WED, one("2022-04-07"), "je-is-not-jeudi"),
    case("vendredi 15h", WED, one("2022-04-08", "15:00"), "weekday-with-time"),
    case("mardi 3", WED, one("2022-05-03"), "weekday-and-day-number"),
]

TIMES = [
    case("demain à 14h", WED, one("2022-04-07", "14:00"), "a-14h-after"),
    case("à 14h demain", WED, one("2022-04-07", "14:00"), "a-14h-before"),
    case("demain 14h30", WED, one("2022-04-07", "14:30"), "14h30"),
    case("le 15 juin 14 h", WED, one("2022-06-15", "14:00"), "14-space-h"),
    case("le 15 juin à 14 heures", WED, one("2022-06-15", "14:00"), "14-heures"),
    case("13:59 le 15 juin", WED, one("2022-06-15", "13:59"), "colon-before"),
    case("le 15 juin à 13:59", WED, one("2022-06-15", "13:59"), "colon-after"),
    case("tomorrow at 2pm", WED, one("2022-04-07", "14:00"), "at-2pm"),
    case("at 2pm on May 3", WED, one("2022-05-03", "14:00"), "at-2pm-before-date"),
    case("May 3 at 2:30 pm", WED, one("2022-05-03", "14:30"), "2-30-pm"),
    case("today at 12am", WED, one("2022-04-06", "00:00"), "12am"),
    case("today at 12pm", WED, one("2022-04-06", "12:00"), "12pm"),
    case("demain à midi", WED, one("2022-04-07", "12:00"), "a-midi"),
    case("tomorrow at noon", WED, one("2022-04-07", "12:00"), "noon"),
    case(
        "le 2 mai, est-ce que je peux déposer à 13h59 ?",
        WED,
        one("2022-05-02", "13:59"),
        "same-clause-after-comma",
    ),
    case(
        "le 15 juin à 14h ou le 14 juin à 18h ?",
        WED,
        (("2022-06-15", "14:00"), ("2022-06-14", "18:00")),
        "two-dates-two-times",
    ),
    case(
        "entre le 1er mai et le 15 juin à 14h",
        WED,
        (("2022-05-01", None), ("2022-06-15", "14:00")),
        "time-goes-to-nearest",
    ),
    # A time in another sentence is its own mention, on the day named before it.
    case(
        "le 15 juin. À 14h ?",
        WED,
        (("2022-06-15", None), ("2022-06-15", "14:00")),
        "other-sentence-time-apart",
    ),
    case(
        "ça ferme le 30 avril. Il est 15h",
        WED,
        (("2022-04-30", None), ("2022-04-06", "15:00")),
        "time-now-apart-is-today",
    ),
    case(
        "ça ouvre aujourd'hui ? À 15h ?",
        WED,
        one("2022-04-06", "15:00"),
        "today-time-next-sentence",
    ),
    case("ouvert today? at 3pm?", WED, one("2022-04-06", "15:00"), "today-time-next-sentence-en"),
    case("la clôture tombe un samedi", WED, (), "a-kind-of-day-not-a-date"),
    case("on signe chaque lundi", WED, (), "every-weekday-not-a-date"),
    case("demain, il faut 2 h", WED, one("2022-04-07"), "loose-hours-not-adjacent"),
    case("le 15 juin en 2h", WED, one("2022-06-15"), "duration-en-2h"),
    case("demain à 24h", WED, one("2022-04-07"), "hour-24-invalid"),
    case("demain à 14h75", WED, one("2022-04-07"), "minutes-75-invalid"),
    case("cet après-midi à 14h", WED, one("2022-04-06", "14:00"), "apres-midi-is-not-noon"),
    # A time and no day: the question is about today ("on l'envoie à 14h, ok ?").
    case("à 14h", WED, one("2022-04-06", "14:00"), "time-without-date-is-today"),
    case("il faut compter 48h", WED, (), "duration-is-no-time"),
    case(
        "avant midi le 7 avril", WED, one("2022-04-07", "11:59"), "before-noon-is-the-minute-before"
    ),
    # One day said twice, once with its time: the time is the filing's.
    case("on dépose demain jeudi vers 14h", WED, one("2022-04-07", "14:00"), "day-twice-one-time"),
    case(
        "Tomorrow is April 7, we upload around 3pm.",
        WED,
        one("2022-04-07", "15:00"),
        "day-twice-time-later-en",
    ),
    case("demain ou jeudi à 14h ?", WED, one("2022-04-07", "14:00"), "same-day-two-names"),
    case(
        "demain ou vendredi à 14h ?",
        WED,
        (("2022-04-07", None), ("2022-04-08", "14:00")),
        "two-days-keep-both",
    ),
    # "ce midi à 12h15": the minutes say more than the word for noon.
    case("déposé ce midi à 12h15", WED, one("2022-04-06", "12:15"), "noon-then-minutes"),
    case("à midi, ou à 14h ?", WED, one("2022-04-06", "12:00"), "noon-or-later-is-noon"),
]

# Phrases dateparser 1.5 alone gets wrong or misses (measured).
DATEPARSER_QUIRKS = [
    case("fin juin", WED, one("2022-06-30"), "quirk-fin-juin"),
    case("début mai", WED, one("2022-05-01"), "quirk-debut-mai"),
    case("mi-juillet", WED, one("2022-07-15"), "quirk-mi-juillet"),
    case("avant le 15 mars", WED, one("2023-03-14"), "quirk-avant-le-15-mars"),
    case("d'ici un mois", WED, one("2022-05-06"), "quirk-d-ici-un-mois"),
    case("sous 15 jours", WED, one("2022-04-21"), "quirk-sous-15-jours"),
    case("lundi prochain", WED, one("2022-04-11"), "quirk-lundi-prochain"),
    case("je suis éditeur", WED, (), "quirk-je-is-not-jeudi"),
    case("05/04/2022", WED, one("2022-04-05"), "quirk-day-first"),
]

# Holidays with a fixed day; the next one, or the last one when the clause speaks of the past.
HOLIDAYS = [
    case("we have till Christmas, right?", WED, one("2022-12-25"), "christmas", "en"),
    case("avant Noël 2023 ?", WED, one("2023-12-24"), "avant-noel-year"),
    case("la veille de Noël à 14h", WED, one("2022-12-24", "14:00"), "veille-de-noel-time"),
    case("christmas eve", WED, one("2022-12-24"), "christmas-eve", "en"),
    case("on a envoyé à la Toussaint", WED, one("2021-11-01"), "toussaint-past"),
    case("à la Toussaint", WED, one("2022-11-01"), "toussaint-ahead"),
    case("le jour de l'an", WED, one("2023-01-01"), "jour-de-l-an"),
    case("new year's eve ok?", WED, one("2022-12-31"), "new-years-eve", "en"),
    case("Noelle a dit oui", WED, (), "a-name-is-no-holiday"),
]

NEGATIVES = [
    case(text, WED, (), f"no-date-{i}")
    for i, text in enumerate(
        [
            "quel est le budget du segur ?",
            "je suis editeur",
            "SUN-ES F2",
            "vague 2",
            "2 milliards",
            "1,4 Md€",
            "7,5 milliards",
            "DPI",
            "210 M€",
            "F4",
            "PIA4",
            "2030",
            "Plan innovation santé 2030",
            "en 2022",
            "F3",
            "15 %",
            "30 % des hôpitaux",
            "01 23 45 67 89",
            "01.23.45.67.89",
            "+33 6 12 34 56 78",
            "3/4 des établissements",
            "le 1er trimestre 2027",
            "le 14 lits de réa",
            "le 3-4 ?",
            "on bosse 14h par jour",
            "python 3.10",
            "CH de 300 lits, le 12 on a le comité",
            "on fait les mises en production un mercredi",
            "we always deploy on a Friday",
            "the 1st window",
            "7/10 établissements retenus",
            "une hotline 24/7",
            "noté 12/20",
            "version 1.2.30",
            "2022-2023",
            "mai 2022",
            "May I apply?",
            "vague 2 may open",
            "je te dis ça",
            "ma demande me di",
            "qui pilote le programme ?",
            "what is the Ségur numérique?",
            "combien de jours pour déposer ?",
            "",
        ]
    )
]


@pytest.mark.parametrize(
    ("text", "today", "lang", "expected"),
    NUMERIC
    + MONTH_NAMES
    + PAST_TENSE
    + MONTH_EDGES
    + BEFORE
    + RELATIVE
    + WEEKDAYS
    + TIMES
    + DATEPARSER_QUIRKS
    + HOLIDAYS
    + NEGATIVES,
)
def test_find_dates(text: str, today: date, lang: str, expected: Expected) -> None:
    assert found(text, today, lang) == expected


# A month with no day is every day of it ("en février 2024"): first and last day, from today
# when it is this month, the last one when spoken of in the past.
WHOLE_MONTHS = [
    case("en mai", WED, (("2022-05-01", "2022-05-31"),), "en-mai"),
    case("c'est encore faisable en février 2024 ?", WED, (("2024-02-01", "2024-02-29"),), "leap"),
    case("en avril", WED, (("2022-04-06", "2022-04-30"),), "this-month-from-today"),
    case("en mars", WED, (("2023-03-01", "2023-03-31"),), "past-month-is-next-year"),
    case("on l'a envoyé en mars", WED, (("2022-03-01", "2022-03-31"),), "spoken-of-in-past"),
    case("on a candidaté en mars", WED, (("2022-03-01", "2022-03-31"),), "candidate-is-past"),
    case(
        "file in February next year",
        date(2021, 12, 6),
        (("2022-02-01", "2022-02-28"),),
        "next-year",
    ),
    case(
        "in February next year", date(2022, 1, 10), (("2023-02-01", "2023-02-28"),), "next-year-jan"
    ),
    case("courant mars prochain", WED, (("2023-03-01", "2023-03-31"),), "courant-prochain"),
    case("au mois d'août", WED, (("2022-08-01", "2022-08-31"),), "au-mois-de"),
    case("in the month of June", WED, (("2022-06-01", "2022-06-30"),), "in-the-month-of"),
    case("in May 2024", WED, (("2024-05-01", "2024-05-31"),), "in-may-is-a-month"),
    case("en janvier 2026 à 14h", WED, (("2026-01-01", "2026-01-31"),), "time-not-of-a-month"),
    # A day in the month is that day, not the month.
    case("le 3 mai", WED, (("2022-05-03", None),), "a-day-wins"),
    case("en mai 2022-2023", WED, (), "a-range-of-years-is-not-a-month"),
    case("prolongée jusqu'en septembre 2023", WED, (), "jusqu-en-is-an-end"),
]


def spans(text: str, today: date) -> tuple[tuple[str, str | None], ...]:
    return tuple(
        (f.day.isoformat(), f.through.isoformat() if f.through else None)
        for f in find_dates(text, today)
    )


@pytest.mark.parametrize(("text", "today", "lang", "expected"), WHOLE_MONTHS)
def test_a_month_is_its_days(text: str, today: date, lang: str, expected: Expected) -> None:
    assert spans(text, today) == expected


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        pytest.param("Je dépose le 15 Juin à 14h !", ("le 15 Juin à 14h",), id="keeps-case"),
        pytest.param("Avant le 15 mars ?", ("Avant le 15 mars",), id="includes-avant"),
        pytest.param("le 3 fe\u0301vrier", ("le 3 fe\u0301vrier",), id="decomposed-accent"),
        pytest.param("ﬁn juin", ("ﬁn juin",), id="ligature"),
        pytest.param("demain ou le 2 mai", ("demain", "le 2 mai"), id="in-order"),
        pytest.param("le 2 mai, et à 14h", ("le 2 mai",), id="distant-time-not-in-text"),
    ],
)
def test_text_is_the_original_phrase(text: str, phrases: tuple[str, ...]) -> None:
    assert tuple(f.text for f in find_dates(text, WED)) == phrases


def test_found_date_shape() -> None:
    assert find_dates("le 15 juin à 14h", WED) == (
        FoundDate(date(2022, 6, 15), time(14, 0), "le 15 juin à 14h"),
    )
    with pytest.raises(AttributeError):
        find_dates("demain", WED)[0].day = WED  # type: ignore[misc]


@pytest.mark.parametrize("lang", ["fr", "en", "de", ""])
def test_lang_hint_does_not_change_regex_results(lang: str) -> None:
    text = "j'ai envoyé le 2 avril. I can file on May 3 at 2pm, fin juin, lundi prochain"
    assert found(text, WED, lang) == (
        ("2022-04-02", None),
        ("2022-05-03", "14:00"),
        ("2022-06-30", None),
        ("2022-04-11", None),
    )


# --- Cue check, robustness, caching ------------------------------------------

NO_CUE_QUESTIONS = [
    "quel est le budget du segur ?",
    "c quoi le segur numerique",
    "je suis editeur de logiciel DPI",
    "qui pilote le programme ?",
    "SUN-ES F2 vague 2",
    "combien pour le PIA4 ? 2 milliards ? 1,4 Md€ ?",
    "Plan innovation santé 2030",
    "What is the Ségur numérique budget?",
    "how much money for hospitals",
    "May I apply as a vendor?",
    "mais je ne comprends pas",
    "bonjour",
]


@pytest.mark.parametrize("text", NO_CUE_QUESTIONS)
def test_has_date_cue_false_for_plain_questions(text: str) -> None:
    assert has_date_cue(text) is False
    assert find_dates(text, WED) == ()


@pytest.mark.parametrize(
    "text",
    ["le 2 mai", "05/04/2022", "demain", "dans deux semaines", "next Monday", "fin juin", "hier"],
)
def test_has_date_cue_true_for_dates(text: str) -> None:
    assert has_date_cue(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "\x00" * 100,
        "\ud800 le 2 mai \udfff",
        "le 2 mai\x00\x1b[31m à 14h",
        "🙂 le 2 mai 🙂 à 14h 🙂",
        "le ٣ mai",  # Arabic-Indic digit: not read as a day
        "İstanbul le 2 mai",
        "dans 99999999 jours",
        "dans 9999 ans",
        "il y a 9999 ans",
        "mai " * 2500,
        "1/1/1 " * 1700,
        "le 15 juin à 14h, demain, fin juin, 05/04/2022 " * 220,
        "".join(chr(c) for c in range(0x20, 0x3000)),
    ],
)
def test_never_raises_and_stays_fast(text: str) -> None:
    start = clock.perf_counter()
    result = find_dates(text, WED)
    assert isinstance(result, tuple)
    assert clock.perf_counter() - start < 2.0


def test_extreme_today_does_not_raise() -> None:
    assert found("dans un mois", date(9999, 12, 20)) == ()
    assert found("hier", date(1, 1, 1)) == ()
    assert found("le 2 mai", date(9999, 12, 31)) == ()


def test_digits_from_other_scripts_are_not_days() -> None:
    assert found("le ٣ mai") == ()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.dates(date(1990, 1, 1), date(2100, 12, 31)))
def test_arbitrary_text_never_raises_and_is_deterministic(text: str, today: date) -> None:
    first = find_dates(text, today)
    assert isinstance(first, tuple)
    assert all(isinstance(f, FoundDate) for f in first)
    assert first == find_dates(text + "", today)
    if not has_date_cue(text) and not has_time_cue(text):
        assert first == ()
    if not has_date_cue(text):
        # A clock time alone ("0:00", "à 14h") is a time of the day asked, never another day.
        assert all(f.day == today for f in first)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "le",
                "2",
                "15",
                "mai",
                "juin",
                "fin",
                "mi",
                "-",
                "avant",
                "à",
                "14h",
                "13:59",
                "demain",
                "dans",
                "deux",
                "semaines",
                "lundi",
                "prochain",
                "/",
                ".",
                "2022",
                "j'ai",
                "envoyé",
                "May",
                "at",
                "2pm",
                "of",
                "the",
                "end",
                ",",
                "?",
                "je",
            ]
        ),
        max_size=20,
    ),
    st.dates(date(2000, 1, 1), date(2050, 12, 31)),
)
def test_date_like_word_salad_never_raises(words: list[str], today: date) -> None:
    result = find_dates(" ".join(words), today)
    assert all(isinstance(f.day, date) for f in result)


def test_repeated_calls_are_cached() -> None:
    text = "je dépose le 14 juin à 13h59, c'est bon ?"
    assert find_dates(text, WED) is find_dates(text, WED)
    assert find_dates(text, WED) != find_dates(text, date(2022, 7, 1))


def test_no_cue_questions_skip_the_date_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    # Most questions name no date: they must not pay for the extractors (the benchmark times it).
    import bot.core.dates as dates_module

    parsed: list[str] = []
    real = dates_module._find_dates
    monkeypatch.setattr(dates_module, "_find_dates", lambda t, *a: parsed.append(t) or real(t, *a))
    rng = random.Random(7)
    for text in [f"quel est le budget du segur {rng.random()} ?" for _ in range(50)]:
        assert find_dates(text, WED) == ()
    assert find_dates("et le 3 mai ?", WED) != ()
    assert parsed == ["et le 3 mai ?"]


def _modules_after(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, check=True
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("texts", "imported"),
    [
        pytest.param(NO_CUE_QUESTIONS, "False", id="no-cue"),
        pytest.param(
            [
                "le 2 mai à 14h",
                "fin juin",
                "lundi prochain",
                "05/04/2022",
                "dans un mois",
                "la semaine prochaine",
                "next month",
            ],
            "False",
            id="regex-layer",
        ),
        pytest.param(["le cinq mai"], "True", id="fallback-does-import"),
    ],
)
def test_dateparser_is_imported_only_for_the_fallback(texts: list[str], imported: str) -> None:
    code = (
        "import sys, datetime\n"
        "from bot.core.dates import find_dates\n"
        f"for t in {texts!r}:\n"
        "    find_dates(t, datetime.date(2022, 4, 6))\n"
        "print('dateparser' in sys.modules)\n"
    )
    assert _modules_after(code) == imported


def test_clear_caches_empties_every_cache_of_the_date_layer() -> None:
    find_dates("le 3 mars 2023 à 14h", date(2022, 1, 1))
    caches = [
        value
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}.")
        for value in vars(importlib.import_module(info.name)).values()
        if hasattr(value, "cache_clear")
    ] + [v for v in vars(package).values() if hasattr(v, "cache_clear")]
    assert caches and any(cache.cache_info().currsize for cache in caches)
    package.clear_caches()
    assert [cache for cache in caches if cache.cache_info().currsize] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("décalé de deux mois ?", True),
        ("pushed back a month?", True),
        ("reporté de 3 semaines", True),
        ("la date limite a été décalée ?", False),
        ("report du 15 juin", False),
    ],
)
def test_a_length_of_time_is_told_apart_from_a_day(text: str, expected: bool) -> None:
    assert has_duration(text) is expected
