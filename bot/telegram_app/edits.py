"""An edited question is answered again, by editing the bot's answer in place.

The map from question to answer (BotData.replies) is in memory and bounded: after a restart, or
for a question too old to be remembered, the edit is answered with a new message instead.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest

from bot.telegram_app.context import Context
from bot.telegram_app.questions import ask_engine
from bot.telegram_app.replies import Reply
from bot.telegram_app.sending import _chat_id, _say

logger = logging.getLogger(__name__)
NOT_MODIFIED = "message is not modified"


async def answer_edited(update: Update, context: Context) -> None:
    """An edited question: its answer edited to the new answer, or a new answer."""
    message, chat_id = update.effective_message, _chat_id(update)
    assert message is not None and chat_id is not None
    answer, reply = ask_engine(update, context)
    replies = context.bot_data.replies
    ids = replies.get(chat_id, message.message_id)
    if ids and len(ids) == len(reply.chunks) and await _edit(context, chat_id, ids, reply):
        return
    sent = await _say(update, context, answer.text, reply=reply)
    replies.remember(chat_id, message.message_id, [m.message_id for m in sent])


async def _edit(context: Context, chat_id: int, ids: tuple[int, ...], reply: Reply) -> bool:
    """Edit each message of the old answer into the new one; False when Telegram refuses (the
    answer was deleted, or is too old to edit)."""
    for index, (message_id, chunk) in enumerate(zip(ids, reply.chunks, strict=True)):
        last = index == len(ids) - 1
        try:
            await context.bot.edit_message_text(
                chunk,
                chat_id=chat_id,
                message_id=message_id,
                reply_markup=reply.markup if last else None,
            )
        except BadRequest as exc:
            if NOT_MODIFIED in exc.message.lower():
                continue  # the edit did not change the answer
            logger.info("answer not edited (%s): answering anew", exc.message)
            return False
    return True
