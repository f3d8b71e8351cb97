"""The buttons a fallback adds: "Aucune de ces réponses" (or the "Non" of "Vouliez-vous dire … ?")
and the ✓ a pressed keyboard keeps. The suggestion, role and language buttons are in
bot.telegram_app.handlers; bot.telegram_app.keyboards builds them all."""

from __future__ import annotations

from telegram import Update

from bot.commands import engine_role
from bot.telegram_app import handlers as h
from bot.telegram_app.context import Context
from bot.telegram_app.keyboards import channel_rows, chosen_label, mark_pressed, markup
from bot.telegram_app.texts import t


async def answer_none(update: Update, context: Context) -> None:
    """None of the suggestions: say how to ask better, with the official channels as buttons."""
    query = update.callback_query
    assert query is not None
    prefs = h._prefs(update, context)
    lang = h.ui_lang(update, prefs)
    await mark_pressed(query, t("toast_none", lang))
    links = h._engine(context).channels(lang, engine_role(h._role(prefs)))
    await h._say(update, context, t("none_next", lang), markup(channel_rows(links)))


async def answer_done(update: Update, context: Context) -> None:
    """The ✓ of a choice already made: a toast that says which, nothing sent."""
    query = update.callback_query
    assert query is not None
    lang = h.ui_lang(update, h._prefs(update, context))
    message = query.message
    current = (
        message.reply_markup if message is not None and hasattr(message, "reply_markup") else None
    )
    choice = chosen_label(current) or "✓"
    await h._ack(query, t("toast_done", lang, choice=choice))
