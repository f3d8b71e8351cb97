"""/ics and /calendrier (/timeline): the asker's calendar as an .ics file for Outlook or Google
Calendar, or as a picture (bot.exports; matplotlib is loaded at the first picture, in a worker
thread, not at start). A command that names a software ("/ics drimbox") is for that software.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import importlib

from telegram import InputFile, Update
from telegram.constants import ChatAction

from bot.commands import engine_role
from bot.core import render
from bot.exports.ics import build_ics
from bot.exports.scope import Scope, ScopeError, software_ahead, software_named
from bot.exports.wording import who
from bot.telegram_app import profile
from bot.telegram_app.context import Context, _engine, _now
from bot.telegram_app.profile import _prefs, _role, ui_lang
from bot.telegram_app.sending import _chat_id, _say
from bot.telegram_app.texts import t
from rules.calendar import SOFTWARE, Calendar


async def _export_scope(update: Update, context: Context, command: str) -> Scope | None:
    """My stored role and the software named after the command ("/ics drimbox"); None, having
    said why, when the software is unknown."""
    prefs = _prefs(update, context)
    text = " ".join(context.args or ()).strip()
    try:
        software = software_named(text or None)
    except ScopeError:
        lang = ui_lang(update, prefs)
        names = ", ".join(SOFTWARE)
        await _say(
            update, context, t("bad_software", lang, text=text, names=names, command=command)
        )
        return None
    return Scope(engine_role(_role(prefs)), software or profile.export_software(prefs))


async def _say_nothing_ahead(
    update: Update, context: Context, scope: Scope, lang: str, command: str
) -> None:
    engine = _engine(context)
    lines = [t("ics_nothing", lang, who=who(scope.role, scope.software, lang))]
    others = software_ahead(engine.calendar, scope.role, _now(context).date())
    if others and scope.software is None:
        lines.append(
            t(
                "ics_try_software",
                lang,
                names=", ".join(others),
                command=command,
                example=others[0].lower(),
            )
        )
    await _say(update, context, "\n".join(lines))


async def send_calendar_file(update: Update, context: Context) -> None:
    """/ics [logiciel]: my role's dates as an .ics file, for Outlook or Google Calendar."""
    chat_id = _chat_id(update)
    scope = await _export_scope(update, context, "ics")
    if scope is None or chat_id is None:
        return
    lang = ui_lang(update, _prefs(update, context))
    engine = _engine(context)
    data, count = build_ics(engine.calendar, engine.kb, scope, _now(context).date(), lang=lang)
    if count == 0:
        await _say_nothing_ahead(update, context, scope, lang, "ics")
        return
    caption = t("ics_caption", lang, who=who(scope.role, scope.software, lang), count=count)
    await context.bot.send_document(
        chat_id,
        InputFile(data, filename=f"{scope.slug()}.ics"),  # sent as text/calendar
        caption=html.escape(caption, quote=False),  # under Defaults' parse_mode=HTML
    )


# matplotlib costs about a second and 40 MB: loaded at the first picture, not at start.
TIMELINE_MODULE = "bot.exports.timeline"


def _draw_timeline(calendar: Calendar, scope: Scope, today: dt.date, lang: str) -> bytes:
    """In a worker thread: load the plotting module (once) and draw the PNG."""
    timeline = importlib.import_module(TIMELINE_MODULE)
    png: bytes = timeline.render_timeline(calendar, scope, today, lang=lang)
    return png


async def send_timeline(update: Update, context: Context) -> None:
    """/calendrier [logiciel] (/timeline): my role's windows and deadlines as a picture."""
    chat_id = _chat_id(update)
    scope = await _export_scope(update, context, "calendrier")
    if scope is None or chat_id is None:
        return
    lang = ui_lang(update, _prefs(update, context))
    engine, today = _engine(context), _now(context).date()
    names = who(scope.role, scope.software, lang)
    if not scope.items(engine.calendar):
        await _say(update, context, t("calendrier_nothing", lang, who=names))
        return
    await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
    png = await asyncio.to_thread(_draw_timeline, engine.calendar, scope, today, lang)
    caption = t("calendrier_caption", lang, who=names, today=render.day_text(today, lang))
    await context.bot.send_photo(
        chat_id,
        InputFile(png, filename=f"{scope.slug()}.png"),
        caption=html.escape(caption, quote=False),
    )
