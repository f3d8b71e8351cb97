"""The words written into the exported files (.ics events, the timeline picture), fr and en.

The dates themselves are rendered by bot.core.render, as in every answer.
"""

from __future__ import annotations

import datetime as dt

from bot.core import render

TEXT: dict[str, dict[str, str]] = {
    "opens": {"fr": "Ouverture : {label}", "en": "Opens: {label}"},
    "closes_window": {"fr": "Clôture : {label}", "en": "Closes: {label}"},
    "closes_deadline": {"fr": "Date limite : {label}", "en": "Deadline: {label}"},
    "when": {"fr": "Quand : {when}", "en": "When: {when}"},
    "exclusive": {
        "fr": "Un dépôt à {time} pile est hors délai.",
        "en": "A filing at {time} sharp is too late.",
    },
    "unconfirmed": {
        "fr": "Date rapportée, non confirmée par une source officielle.",
        "en": "Reported date, not confirmed by an official source.",
    },
    "sources": {"fr": "Sources :", "en": "Sources:"},
    "in_french": {"fr": "", "en": " (in French)"},
    "footer": {
        "fr": "Établi par segur-bot le {today} d'après ses sources publiques ; en cas de doute, "
        "les canaux officiels (ANS, ASP, ARS) font foi.",
        "en": "Made by segur-bot on {today} from its public sources; when in doubt, the official "
        "channels (ANS, ASP, ARS) prevail.",
    },
    "alarm": {
        "fr": "{label} : dans {days} jours, le {when}",
        "en": "{label}: in {days} days, on {when}",
    },
    "alarm_tomorrow": {
        "fr": "{label} : demain, le {when}",
        "en": "{label}: tomorrow, {when}",
    },
    "calendar_name": {"fr": "Ségur du numérique — {who}", "en": "Ségur du numérique — {who}"},
    # The timeline picture.
    "title": {"fr": "Ségur du numérique : {who}", "en": "Ségur du numérique: {who}"},
    "subtitle": {
        "fr": "Au {today} — heure de Paris — segur-bot, d'après ses sources publiques",
        "en": "As of {today} — Paris time — segur-bot, from its public sources",
    },
    "today": {"fr": "aujourd'hui", "en": "today"},
    "moved": {"fr": "initialement le {date}", "en": "first set for {date}"},
    "legend_window": {"fr": "fenêtre", "en": "window"},
    "legend_deadline": {"fr": "date limite", "en": "deadline"},
    "legend_opening": {"fr": "ouverture", "en": "opening"},
    "legend_moved": {"fr": "date d'origine (décalée)", "en": "original date (moved)"},
    "legend_past": {"fr": "passé", "en": "past"},
    "nothing": {
        "fr": "Aucune date connue pour ce profil.",
        "en": "No date known for this profile.",
    },
}

WHO: dict[str, dict[str, str]] = {
    "vendor": {"fr": "éditeurs", "en": "software vendors"},
    "hospital": {"fr": "établissements de santé", "en": "health establishments"},
    "doctor": {"fr": "médecins", "en": "doctors"},
    "pharmacy": {"fr": "officines", "en": "pharmacies"},
    "": {"fr": "tous les profils", "en": "every profile"},
}

SHORT_MONTHS_FR = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
)  # fmt: skip
SHORT_MONTHS_EN = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


def t(key: str, lang: str, **values: object) -> str:
    text = TEXT[key]["en" if lang == "en" else "fr"]
    return text.format(**values) if values else text


def who(role: str | None, software: str | None, lang: str) -> str:
    """'éditeurs DRIMbox', 'every profile'."""
    text = WHO[role or ""]["en" if lang == "en" else "fr"]
    return f"{text} {software}" if software else text


def short_day(day: dt.date, lang: str) -> str:
    """'15 sept. 2027', '15 Sep 2027': dates that fit beside a marker."""
    months = SHORT_MONTHS_EN if lang == "en" else SHORT_MONTHS_FR
    first = "1er" if day.day == 1 and lang != "en" else str(day.day)
    return f"{first} {months[day.month - 1]} {day.year}"


def long_day(day: dt.date, lang: str) -> str:
    return render.day_text(day, lang)
