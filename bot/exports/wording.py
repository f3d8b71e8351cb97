"""The words written into the exported files (.ics events, the timeline picture), fr and en:
bot/exports/messages.yaml, read once.

The dates themselves are rendered by bot.core.render, as in every answer.
"""

from __future__ import annotations

import datetime as dt

from bot.core import render
from bot.core.messages import load_messages

# The files' words, in bot/exports/messages.yaml; read once, at import.
MESSAGES = load_messages("bot.exports")

SHORT_MONTHS_FR = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
)  # fmt: skip
SHORT_MONTHS_EN = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


def t(key: str, lang: str, **values: object) -> str:
    return MESSAGES.t(key, lang, **values)


def who(role: str | None, software: str | None, lang: str) -> str:
    """'éditeurs DRIMbox', 'every profile'."""
    text = MESSAGES.t(f"who_{role or 'all'}", lang)
    return f"{text} {software}" if software else text


def short_day(day: dt.date, lang: str) -> str:
    """'15 sept. 2027', '15 Sep 2027': dates that fit beside a marker."""
    months = SHORT_MONTHS_EN if lang == "en" else SHORT_MONTHS_FR
    first = "1er" if day.day == 1 and lang != "en" else str(day.day)
    return f"{first} {months[day.month - 1]} {day.year}"


def long_day(day: dt.date, lang: str) -> str:
    return render.day_text(day, lang)
