"""The buttons the support loop adds under an answer: 👍/👎 under every substantive answer, and
the one-tap "that's not me" when the question changed the stored profile; and the note of each
question, so a vote, a suggestion pick or a relay knows what was asked.

Called by the handlers as they send an answer; the presses are handled in
bot.telegram_app.support.
"""

from __future__ import annotations

import logging
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.core.answer import Answer
from bot.store.files import StoreError
from bot.telegram_app.context import Context
from bot.telegram_app.memory import Asked
from bot.telegram_app.profile import Noted, undo_button, user_id
from bot.telegram_app.texts import t

logger = logging.getLogger(__name__)
VOTE_PATTERN = r"^v:[+-]:\d{1,20}:[a-z0-9_-]{0,40}$"


def substantive(answer: Answer) -> bool:
    """An answer worth a vote: a topic's or the calendar's, not a fallback, a question back, a
    greeting or a "noted"."""
    return answer.topic is not None and not answer.fallback and not answer.needs_role


def vote_row(answer: Answer, owner: int, lang: str) -> list[InlineKeyboardButton]:
    topic = answer.topic or ""
    if not re.match(r"^[a-z0-9_-]{0,40}$", topic):
        topic = ""  # too long for a button: the vote is kept without it
    return [
        InlineKeyboardButton(t("vote_up_button", lang), callback_data=f"v:+:{owner}:{topic}"),
        InlineKeyboardButton(t("vote_down_button", lang), callback_data=f"v:-:{owner}:{topic}"),
    ]


def parse_vote(data: str) -> tuple[int, int, str | None] | None:
    """(vote, owner, topic) from a vote button's data."""
    if not re.match(VOTE_PATTERN, data):
        return None
    _, sign, owner, topic = data.split(":")
    return (1 if sign == "+" else -1), int(owner), topic or None


def markup_for(
    update: Update,
    answer: Answer,
    markup: InlineKeyboardMarkup | None,
    lang: str,
    noted: Noted | None = None,
) -> InlineKeyboardMarkup | None:
    """The handlers' markup with the undo button and the votes added below it."""
    owner = user_id(update)
    if owner is None:
        return markup
    rows = [list(row) for row in markup.inline_keyboard] if markup else []
    undo = undo_button(noted, lang) if noted else None
    if undo is not None:
        rows.append([undo])
    if substantive(answer):
        rows.append(vote_row(answer, owner, lang))
    return InlineKeyboardMarkup(rows) if rows else None


def note_question(context: Context, update: Update, text: str, answer: Answer) -> None:
    """Remember what this user just asked in this chat (memory only)."""
    chat, owner, message = update.effective_chat, user_id(update), update.effective_message
    if chat is None or owner is None:
        return
    message_id = message.message_id if message is not None else None
    context.bot_data.memory.asked(
        (chat.id, owner), Asked(text, answer.topic, answer.fallback, answer.lang, message_id)
    )


def note_pick(context: Context, update: Update, topic_id: str, lang: str) -> None:
    """A suggestion picked: recorded against the question the bot was unsure of, as a candidate
    variant of that topic for the support report."""
    chat, owner = update.effective_chat, user_id(update)
    if chat is None or owner is None:
        return
    asked = context.bot_data.memory.last_asked((chat.id, owner))
    if asked is None or not asked.fallback:
        return
    try:
        context.bot_data.store.record_pick(
            context.bot_data.clock(), question=asked.text, topic=topic_id, lang=lang, chat_id=owner
        )
    except StoreError as exc:
        logger.warning("suggestion pick not recorded: %s", exc)
