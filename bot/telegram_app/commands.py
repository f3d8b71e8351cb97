"""The Telegram side of the shared commands (bot.commands): /start, /aide, /prochaine, /echeances,
/eligible, /role and /langue, each a thin call of the command layer for the asker's stored role
and language. /rappel and /stop are in bot.telegram_app.subscriptions, /ics and /calendrier in
bot.telegram_app.exports, /stats and /reload in bot.telegram_app.admin.
"""

from __future__ import annotations

from telegram import Update

from bot import commands
from bot.commands import engine_role
from bot.telegram_app import profile
from bot.telegram_app.context import Context, _engine, _now
from bot.telegram_app.keyboards import _role_rows, lang_keyboard, role_keyboard
from bot.telegram_app.profile import _prefs, _role, ui_lang
from bot.telegram_app.questions import _with_votes
from bot.telegram_app.replies import text_reply
from bot.telegram_app.sending import _say
from bot.telegram_app.texts import help_text, t


async def start_chat(update: Update, context: Context) -> None:
    """/start: a welcome in the user's language, and the role question."""
    lang = ui_lang(update, _prefs(update, context))
    await _say(update, context, t("welcome", lang), role_keyboard(lang, profile.user_id(update)))


async def show_help(update: Update, context: Context) -> None:
    """/aide, /help and unknown commands: what the bot can do."""
    await _say(update, context, help_text(ui_lang(update, _prefs(update, context))))


async def show_next(update: Update, context: Context) -> None:
    """/prochaine: the current or next window for my role."""
    await _outlook(update, context, commands.next_window)


async def show_deadlines(update: Update, context: Context) -> None:
    """/echeances: the upcoming deadlines for my role."""
    await _outlook(update, context, commands.deadlines)


async def _outlook(update: Update, context: Context, command: commands.OutlookCommand) -> None:
    prefs = _prefs(update, context)
    lang = ui_lang(update, prefs)
    text = command(
        _engine(context), today=_now(context).date(), role=engine_role(_role(prefs)), lang=lang
    )
    # Not knowing the role, the bot lists every audience's dates: offer to narrow them.
    rows = _role_rows(lang, profile.user_id(update)) if _role(prefs) is None else []
    await _say(update, context, text, reply=text_reply(text, lang, rows))


async def check_eligibility(update: Update, context: Context) -> None:
    """/eligible [date]: the verdict for my role, today or on the given date."""
    prefs = _prefs(update, context)
    lang = ui_lang(update, prefs)
    on = " ".join(context.args or ()) or None
    answer = commands.eligibility(
        _engine(context),
        today=_now(context).date(),
        role=engine_role(_role(prefs)),
        lang=lang,
        on=on,
        software=prefs.software if prefs else frozenset(),
    )
    answer = profile.for_other(answer, prefs, _engine(context), _now(context).date(), lang)
    await _say(update, context, answer.text, reply=_with_votes(update, _engine(context), answer))


async def choose_role(update: Update, context: Context) -> None:
    """/role: ask who I am, with buttons."""
    lang = ui_lang(update, _prefs(update, context))
    keyboard = role_keyboard(lang, profile.user_id(update))
    await _say(update, context, commands.MESSAGES.t("role_prompt", lang), keyboard)


async def choose_language(update: Update, context: Context) -> None:
    """/langue: ask the language, with buttons."""
    lang = ui_lang(update, _prefs(update, context))
    keyboard = lang_keyboard(profile.user_id(update))
    await _say(update, context, commands.MESSAGES.t("lang_prompt", lang), keyboard)
