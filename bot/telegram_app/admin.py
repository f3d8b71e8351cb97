"""The admins' commands (ADMIN_IDS): /stats, the support report, and /reload, which re-reads the
knowledge base and the calendar, rebuilds the reminder jobs and tells the subscribers of a moved
or new date. Anyone else gets the help.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Update

from bot.core.engine import Engine
from bot.report import build_report, render_report
from bot.telegram_app import alerts, reminders
from bot.telegram_app.commands import show_help
from bot.telegram_app.context import Context, _now, _store
from bot.telegram_app.profile import _prefs, ui_lang
from bot.telegram_app.sending import _say
from bot.telegram_app.texts import t
from knowledge.validation import DataError

logger = logging.getLogger(__name__)


def _is_admin(update: Update, context: Context) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.bot_data.admin_ids


async def show_stats(update: Update, context: Context) -> None:
    """/stats: the support report, for admins; everyone else gets the help."""
    if not _is_admin(update, context):
        await show_help(update, context)
        return
    lang = ui_lang(update, _prefs(update, context))
    await _say(update, context, render_report(build_report(_store(context)), lang))


async def reload_data(update: Update, context: Context) -> None:
    """/reload: re-read the knowledge base and the calendar, for admins; a broken file keeps the old."""
    if not _is_admin(update, context):
        await show_help(update, context)
        return
    lang = ui_lang(update, _prefs(update, context))
    knowledge_dir, calendar_path = context.bot_data.reload_sources
    try:
        # In a thread: loading takes a tenth of a second that other chats should not wait for.
        engine = await asyncio.to_thread(Engine.load, knowledge_dir, calendar_path)
    except DataError as exc:
        logger.warning("reload refused: %s", exc)
        await _say(update, context, t("reload_failed", lang, error=str(exc).splitlines()[0]))
        return
    found = alerts.changes(context.bot_data.engine.calendar, engine.calendar)
    context.bot_data.engine = engine
    if context.job_queue is not None:
        # Dates may have moved: rebuild the reminder jobs; the ledger still prevents repeats.
        reminders.unschedule_all(context.job_queue)
        reminders.schedule_all(context.job_queue, _store(context), engine, _now(context))
    logger.info("knowledge base and calendar reloaded (%d dates changed)", len(found))
    lines = [t("reload_ok", lang, topics=len(engine.kb.topics), items=len(engine.calendar.items))]
    if found:
        told = await alerts.send_alerts(context.bot, _store(context), engine, found, _now(context))
        ids = ", ".join(c.item.id for c in found)
        lines.append(t("reload_changes", lang, count=str(len(found)), items=ids, sent=str(told)))
    await _say(update, context, "\n".join(lines))
