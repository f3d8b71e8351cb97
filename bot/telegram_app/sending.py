"""How the bot speaks in a chat: plain text escaped and cut into Telegram's 4096 characters (or a
shaped answer, bot.telegram_app.replies), replying to the question in a group; a chat that
blocked the bot is noted once and its reminders stopped; a button press acknowledged.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, Forbidden

from bot.store.files import StoreError
from bot.telegram_app.context import Context, _store
from bot.telegram_app.replies import Reply, thread_of
from bot.telegram_app.texts import html_chunks

logger = logging.getLogger(__name__)


def _chat_id(update: Update) -> int | None:
    if update.effective_chat is not None:
        return update.effective_chat.id
    # A button under a message the bot can no longer see: in a private chat, chat id = user id.
    return update.effective_user.id if update.effective_user is not None else None


async def _ack(query: CallbackQuery, text: str | None = None) -> None:
    """Acknowledge a button press; a query too old to answer only loses the little toast."""
    try:
        await query.answer(text=text)
    except BadRequest as exc:
        logger.info("callback query not answered: %s", exc.message)


async def _say(
    update: Update,
    context: Context,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    reply: Reply | None = None,
) -> list[Message]:
    """Send plain text as escaped HTML (or a shaped `reply`), in as many messages as it takes;
    buttons on the last. Returns what was sent."""
    chat_id = _chat_id(update)
    sent: list[Message] = []
    if chat_id is None:
        return sent
    chunks = reply.chunks if reply is not None else html_chunks(text)
    markup = reply.markup if reply is not None else markup
    thread = thread_of(update)
    try:
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            message = await context.bot.send_message(
                chat_id,
                chunk,
                reply_markup=markup if last else None,
                reply_parameters=thread if index == 0 else None,
            )
            sent.append(message)
        context.bot_data.blocked.discard(chat_id)  # delivered: not (or no longer) blocked
    except Forbidden:
        # The user blocked the bot (or left the group): recorded once, their reminders stopped,
        # no traceback; a later answer is still tried, since writing again unblocks the bot.
        blocked = context.bot_data.blocked
        if chat_id not in blocked:
            blocked.add(chat_id)
            logger.info("chat blocked the bot: not answered, reminders stopped")
            with contextlib.suppress(StoreError):
                _store(context).unsubscribe(chat_id)
    return sent
