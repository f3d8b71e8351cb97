"""A question, typed or written as a caption: the engine's answer with the asker's conversation and
stored profile, shaped for a phone with its buttons (suggestions, the undo of a stated profile,
👍/👎), and recorded for the support report. The reply map lets an edit of the question edit its
answer (bot.telegram_app.edits).
"""

from __future__ import annotations

import datetime as dt
import html
import logging

from telegram import Message, Update

from bot.commands import engine_role
from bot.core.answer import Answer
from bot.core.engine import Engine
from bot.store.files import StoreError
from bot.telegram_app import profile, votes
from bot.telegram_app.context import Context, _engine, _now, _store
from bot.telegram_app.keyboards import _role_rows
from bot.telegram_app.profile import _prefs, _role, ui_lang
from bot.telegram_app.replies import Reply, answer_reply
from bot.telegram_app.sending import _chat_id, _say
from bot.telegram_app.texts import t

logger = logging.getLogger(__name__)


def _question_text(message: Message) -> str:
    """The question (the text, or a photo's or document's caption) without the bot's @mention,
    which is how groups address it."""
    text = message.text or message.caption or ""
    bot = message.get_bot()
    if bot.username:
        mention = f"@{bot.username}"
        lowered = text.lower()
        while (at := lowered.find(mention.lower())) >= 0:
            text = text[:at] + text[at + len(mention) :]
            lowered = text.lower()
    return text.strip()


def _record(context: Context, at: dt.datetime, answer: Answer, text: str, chat_id: int) -> None:
    """Keep the support statistics; a storage fault must not cost the user the answer."""
    try:
        _store(context).record_question(
            at,
            topic=answer.topic,
            fallback=answer.fallback,
            lang=answer.lang,
            text=text,
            role=answer.role,
            best_guess=answer.best_guess,
            score=answer.confidence,
            chat_id=chat_id,
        )
    except StoreError as exc:
        logger.warning("question not recorded: %s", exc)


def ask_engine(update: Update, context: Context) -> tuple[Answer, Reply]:
    """The engine's answer to the update's message (text or caption), with the asker's
    conversation, and how Telegram shows it; the question is recorded for the support report."""
    message, chat_id = update.effective_message, _chat_id(update)
    assert message is not None and chat_id is not None
    text = _question_text(message)
    prefs = _prefs(update, context)
    engine, now = _engine(context), _now(context)
    # Per user, also in groups: two members asking at once keep their own follow-ups.
    who = update.effective_user.id if update.effective_user else chat_id
    # "je suis éditeur de DPI, ...": stored at once, with a one-tap undo under the answer.
    prefs, noted = profile.absorb(_store(context), who, prefs, profile.stated(engine, text), now)
    conversations = context.bot_data.conversations
    answer = engine.ask(
        text,
        today=now.date(),
        role=engine_role(_role(prefs)),
        lang=prefs.lang if prefs is not None else None,
        context=profile.seeded(conversations.get(who), prefs),
    )
    conversations.remember(who, answer.frame)
    answer = profile.for_other(answer, prefs, engine, now.date(), answer.lang)
    votes.note_question(context, update, text, answer)
    _record(context, now, answer, text, chat_id)
    return answer, _with_votes(update, engine, answer, noted)


def _with_votes(
    update: Update, engine: Engine, answer: Answer, noted: profile.Noted | None = None
) -> Reply:
    """How Telegram shows an answer, with the undo of a stated profile and the 👍/👎 below."""
    owner = profile.user_id(update)  # the buttons are the asker's: in a group, others are refused
    reply = answer_reply(engine, answer, _role_rows(answer.lang, owner), owner)
    chunks = reply.chunks
    if (line := profile.noted_line(answer, noted)) is not None:
        # Above the answer, not part of its bold headline.
        chunks = [f"{html.escape(line, quote=False)}\n{chunks[0]}", *chunks[1:]]
    return Reply(chunks, votes.markup_for(update, answer, reply.markup, answer.lang, noted))


async def answer_question(update: Update, context: Context) -> None:
    """Free text or a caption: the engine's answer with its sources, and buttons when unsure."""
    message, chat_id = update.effective_message, _chat_id(update)
    assert message is not None and chat_id is not None
    answer, reply = ask_engine(update, context)
    sent = await _say(update, context, answer.text, reply=reply)
    # So that an edit of the question edits this answer (bot.telegram_app.edits).
    context.bot_data.replies.remember(chat_id, message.message_id, [m.message_id for m in sent])


async def decline_media(update: Update, context: Context) -> None:
    """A sticker, photo, voice message... in a private chat: ask for text instead."""
    await _say(update, context, t("not_text", ui_lang(update, _prefs(update, context))))
