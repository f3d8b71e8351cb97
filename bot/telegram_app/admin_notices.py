"""Errors told to the admins' chats (ADMIN_IDS), cleaned of the token and the webhook secret,
and rate-limited: one message per kind of error (its type and where it was raised) every
NOTICE_SECONDS, the next one saying how many were held back in between. A flood of one failure
costs the admins one message, not one per update."""

from __future__ import annotations

import contextlib
import logging
import traceback
from pathlib import Path

from telegram.error import TelegramError

from bot.telegram_app.context import Context
from bot.telegram_app.texts import html_chunks, t

logger = logging.getLogger(__name__)
NOTICE_SECONDS = 600.0
MAX_DETAIL = 300


def _where(error: BaseException) -> str:
    """'questions.py:80 in answer_question': the innermost frame, its file name only."""
    frames = traceback.extract_tb(error.__traceback__) if error.__traceback__ else []
    if not frames:
        return "?"
    last = frames[-1]
    return f"{Path(last.filename).name}:{last.lineno} in {last.name}"


def notice_text(error: BaseException, update_id: int | None, held: int, lang: str = "fr") -> str:
    detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
    name = type(error).__name__ + (f": {detail[:MAX_DETAIL]}" if detail else "")
    more = t("admin_error_more", lang, count=held) if held else ""
    return t(
        "admin_error", lang, error=name, update=update_id or "-", where=_where(error), more=more
    )


async def tell_admins(context: Context, update_id: int | None, error: BaseException | None) -> None:
    """Send the error to every admin's private chat, at most once per kind per NOTICE_SECONDS."""
    admins = context.bot_data.admin_ids
    if error is None or not admins:
        return
    memory = context.bot_data.memory
    kind = f"{type(error).__name__}@{_where(error)}"
    now = memory.clock()
    last, held = memory.errors.get(kind, (None, 0))
    if last is not None and now - last < NOTICE_SECONDS:
        memory.errors[kind] = (last, held + 1)
        return
    memory.errors[kind] = (now, 0)
    text = context.bot_data.redact(notice_text(error, update_id, held))
    for admin in sorted(admins):
        # A notice that cannot be sent is not another error to report: it would loop.
        with contextlib.suppress(TelegramError):
            for chunk in html_chunks(text):
                await context.bot.send_message(admin, chunk)
