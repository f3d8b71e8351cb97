"""Around every handler: the flood guard that runs first, and the error handler that tells the user
politely (never the details) and the admins (bot.telegram_app.admin_notices).
"""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.store.files import StoreLostError
from bot.telegram_app import admin_notices
from bot.telegram_app.context import Context
from bot.telegram_app.flood import Decision
from bot.telegram_app.profile import ui_lang
from bot.telegram_app.sending import _chat_id, _say
from bot.telegram_app.texts import t

logger = logging.getLogger(__name__)


async def guard_flood(update: Update, context: Context) -> None:
    """Before every handler: let a flooding chat through slowly, with one polite notice."""
    chat_id = _chat_id(update)
    guard = context.bot_data.flood
    if chat_id is None:
        return
    decision = guard.check(chat_id)
    if decision is Decision.ALLOW:
        return
    if decision is Decision.NOTIFY:
        # Best effort: a failed notice must not let the flooded update through.
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(chat_id, t("slow_down", ui_lang(update, None)))
    raise ApplicationHandlerStop


async def report_error(update: object, context: Context) -> None:
    """Log a failure with its update id, and tell the user politely (never the details)."""
    update_id = update.update_id if isinstance(update, Update) else None
    error = context.error
    if isinstance(error, StoreLostError):
        # The store logged the lost file once, when found: no traceback per update, and the
        # user learns that what they asked was not saved.
        logger.warning("update %s not stored: %s", update_id, error)
        if isinstance(update, Update) and _chat_id(update) is not None:
            with contextlib.suppress(TelegramError):
                await _say(update, context, t("not_saved", ui_lang(update, None)))
        return
    logger.error(
        "update %s failed: %s",
        update_id,
        type(error).__name__,
        exc_info=(type(error), error, error.__traceback__) if error else None,
    )
    if isinstance(update, Update) and _chat_id(update) is not None:
        # The network that failed the handler may fail this too: the log already has the error.
        with contextlib.suppress(TelegramError):
            await _say(update, context, t("error", ui_lang(update, None)))
    await admin_notices.tell_admins(context, update_id, error)
