"""The support loop on Telegram: votes on answers, what a 👎 says was missing, asking for a person
(the official channels and, with SUPPORT_CHAT_ID, a relay to the support team with the user's
consent), an agent's reply sent back, the one-tap profile undo, and command counts.

    answer ──👍──> vote kept
      └────👎──> "what was missing?" ──next message──> comment kept (segur-bot report, /stats)
    "un humain svp" ──> official channels + "pass my question on?" ──✅──> support chat
    support chat: an agent replies to the relayed message ──> sent back to the user

The relay shows the team the user's first name, a pseudonymous id (from the salted chat hash)
and their profile, never a phone number, a full name or a username. The mapping from the relayed
message to its user is in the store (relays), so a reply after a restart still finds its user.
"""

from __future__ import annotations

import contextlib
import html
import logging

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.commands import engine_role, find_command
from bot.store.files import StoreError
from bot.telegram_app import profile
from bot.telegram_app.addressing import NEW_MESSAGE
from bot.telegram_app.buttons import reject_button
from bot.telegram_app.context import BotData, Context
from bot.telegram_app.keyboards import role_keyboard
from bot.telegram_app.memory import Key, SupportMemory
from bot.telegram_app.profile import ui_lang
from bot.telegram_app.sending import _ack, _say
from bot.telegram_app.texts import html_chunks, t
from bot.telegram_app.votes import parse_vote
from bot.telegram_app.words import WORDS

logger = logging.getLogger(__name__)

VOTE_PATTERN = r"^v:[+-]:"
UNDO_PATTERN = r"^p:u:"
HUMAN_PATTERN = r"^h:(ok|no):\d{1,20}$"
MAX_RELAYED = 3000  # characters of a question in the support chat (one message)
PSEUDO_LENGTH = 8


# --- filters -------------------------------------------------------------------------------------


def _key(message: Message) -> Key | None:
    return (message.chat.id, message.from_user.id) if message.from_user else None


def _to_the_bot(message: Message) -> bool:
    """In a group, a message for the bot: a reply to one of its messages, or its @mention."""
    if message.chat.type == "private":
        return True
    bot = message.get_bot()
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
        return True
    mentions = message.parse_entities([MessageEntity.MENTION])
    return any(v.lower() == f"@{bot.username}".lower() for v in mentions.values())


class _Pending(filters.MessageFilter):
    """A message from a user whose comment or relay the bot is waiting for."""

    def __init__(self, memory: SupportMemory) -> None:
        super().__init__(name="Pending")
        self._memory = memory

    def filter(self, message: Message) -> bool:
        key = _key(message)
        return key is not None and self._memory.pending(key) and _to_the_bot(message)


class _AsksForAPerson(filters.MessageFilter):
    def filter(self, message: Message) -> bool:
        return WORDS.asks_for_a_person(message.text or "") and _to_the_bot(message)


class _AgentReply(filters.MessageFilter):
    """In the support chat, a reply to one of the bot's messages."""

    def __init__(self, support_chat_id: int) -> None:
        super().__init__(name="AgentReply")
        self._chat = support_chat_id

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return (
            message.chat.id == self._chat
            and replied is not None
            and replied.from_user is not None
            and replied.from_user.id == message.get_bot().id
        )


def first_handlers(bot_data: BotData) -> list[BaseHandler[Update, Context, None]]:
    """Before the answering handlers: they take a message that is not a question to answer."""
    new_text = NEW_MESSAGE & filters.TEXT & ~filters.COMMAND
    routes: list[BaseHandler[Update, Context, None]] = []
    if bot_data.support_chat_id is not None:
        routes.append(
            MessageHandler(NEW_MESSAGE & _AgentReply(bot_data.support_chat_id), send_back)
        )
    routes += [
        MessageHandler(new_text & _Pending(bot_data.memory), take_pending),
        MessageHandler(new_text & _AsksForAPerson(name="AsksForAPerson"), offer_person),
    ]
    return routes


def button_handlers() -> list[BaseHandler[Update, Context, None]]:
    return [
        CallbackQueryHandler(press_vote, pattern=VOTE_PATTERN),
        CallbackQueryHandler(press_undo, pattern=UNDO_PATTERN),
        CallbackQueryHandler(press_person, pattern=HUMAN_PATTERN),
    ]


def after_handlers() -> list[BaseHandler[Update, Context, None]]:
    """After the answer (a later group): count the commands used."""
    return [MessageHandler(NEW_MESSAGE & filters.COMMAND, count_command)]


# --- helpers -------------------------------------------------------------------------------------


async def _refused(update: Update, context: Context, owner: int) -> bool:
    """True, after an alert, when someone else presses a button made for `owner`."""
    if not profile.someone_else(update, owner):
        return False
    query = update.callback_query
    assert query is not None
    lang = ui_lang(update, profile.user_prefs(context.bot_data.store, update))
    with contextlib.suppress(BadRequest):
        await query.answer(t("not_your_button", lang), show_alert=True)
    return True


async def _drop_row(update: Update, prefix: str) -> None:
    """Take the pressed kind of buttons off the message (the rest stays); best effort."""
    query = update.callback_query
    message = query.message if query else None
    if not isinstance(message, Message) or message.reply_markup is None:
        return
    rows = [
        row
        for row in message.reply_markup.inline_keyboard
        if not any(str(b.callback_data or "").startswith(prefix) for b in row)
    ]
    with contextlib.suppress(TelegramError):
        await message.edit_reply_markup(InlineKeyboardMarkup(rows) if rows else None)


def _channel_markup(context: Context, update: Update, lang: str) -> InlineKeyboardMarkup | None:
    prefs = profile.user_prefs(context.bot_data.store, update)
    role = engine_role(prefs.role if prefs else None)
    links = context.bot_data.engine.channels(lang, role)
    rows = [[InlineKeyboardButton(link.label, url=link.url)] for link in links]
    return InlineKeyboardMarkup(rows) if rows else None


def _with_rows(
    markup: InlineKeyboardMarkup | None, *rows: list[InlineKeyboardButton]
) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([*(markup.inline_keyboard if markup else ()), *rows])


# --- votes ---------------------------------------------------------------------------------------


async def press_vote(update: Update, context: Context) -> None:
    """👍 or 👎 under an answer: kept; a 👎 asks what was missing."""
    query = update.callback_query
    assert query is not None and query.data is not None
    parsed = parse_vote(query.data)
    chat = update.effective_chat
    if parsed is None or chat is None:
        await reject_button(update, context)
        return
    vote, owner, topic = parsed
    if await _refused(update, context, owner):
        return
    store, memory = context.bot_data.store, context.bot_data.memory
    lang = ui_lang(update, profile.user_prefs(store, update))
    asked = memory.asked_about((chat.id, owner), topic)
    vote_id = store.record_vote(
        context.bot_data.clock(),
        owner,
        topic=topic,
        lang=asked.lang if asked else lang,
        vote=vote,
        question=asked.text if asked else "",
    )
    await _drop_row(update, "v:")
    if vote > 0:
        await _ack(query, t("vote_thanks", lang))
        return
    await _ack(query, t("vote_toast_down", lang))
    memory.wait_comment((chat.id, owner), vote_id, lang)
    await _say(update, context, t("vote_ask_comment", lang), _channel_markup(context, update, lang))


async def take_pending(update: Update, context: Context) -> None:
    """The message a 👎 or a relay was waiting for: kept as the comment, or relayed."""
    message = update.effective_message
    assert message is not None
    key = _key(message)
    assert key is not None
    memory = context.bot_data.memory
    text = message.text or ""
    waiting = memory.take_comment(key)
    if waiting is not None:
        vote_id, lang = waiting
        try:
            context.bot_data.store.set_vote_comment(vote_id, text)
        except StoreError as exc:
            logger.warning("comment not stored: %s", exc)
            await _say(update, context, t("not_saved", lang))
            return
        await _say(update, context, t("vote_comment_saved", lang))
        return
    if memory.take_relay(key):
        lang = ui_lang(update, profile.user_prefs(context.bot_data.store, update))
        await _relay(update, context, text, message.message_id, lang)


# --- a person -------------------------------------------------------------------------------------


async def offer_person(update: Update, context: Context) -> None:
    """'un humain svp': the official channels and, with a support chat, the offer to relay."""
    message = update.effective_message
    assert message is not None and message.from_user is not None
    prefs = profile.user_prefs(context.bot_data.store, update)
    lang = ui_lang(update, prefs)
    markup = _channel_markup(context, update, lang)
    lines = [t("human_links", lang)]
    if context.bot_data.support_chat_id is not None:
        lines.append(t("human_offer", lang))
        owner = message.from_user.id
        markup = _with_rows(
            markup,
            [
                InlineKeyboardButton(
                    t("human_consent_button", lang), callback_data=f"h:ok:{owner}"
                ),
                InlineKeyboardButton(
                    t("human_decline_button", lang), callback_data=f"h:no:{owner}"
                ),
            ],
        )
    await _say(update, context, "\n".join(lines), markup)


async def press_person(update: Update, context: Context) -> None:
    """The user's consent (or not) to relay their question to the support team."""
    query = update.callback_query
    chat = update.effective_chat
    assert query is not None and query.data is not None
    _, answer, owner_text = query.data.split(":")
    owner = int(owner_text)
    if chat is None or await _refused(update, context, owner):
        return
    lang = ui_lang(update, profile.user_prefs(context.bot_data.store, update))
    await _ack(query)
    await _drop_row(update, "h:")
    if answer == "no":
        await _say(update, context, t("human_declined", lang))
        return
    if context.bot_data.support_chat_id is None:  # unset since the offer: say so plainly
        await _say(update, context, t("human_relay_failed", lang))
        return
    asked = context.bot_data.memory.last_asked((chat.id, owner))
    if asked is None:
        context.bot_data.memory.wait_relay((chat.id, owner))
        await _say(update, context, t("human_ask_question", lang))
        return
    await _relay(update, context, asked.text, asked.message_id, lang)


async def _relay(
    update: Update, context: Context, question: str, reply_to: int | None, lang: str
) -> None:
    user, chat = update.effective_user, update.effective_chat
    support = context.bot_data.support_chat_id
    assert user is not None and chat is not None and support is not None
    store = context.bot_data.store
    prefs = store.get_user(user.id)
    who = (
        profile.who_text(prefs.role, prefs.software, lang)
        if prefs is not None and prefs.role
        else t("relay_no_profile", lang)
    )
    text = t(
        "relay_to_support",
        lang,
        # The first name only: never the last name, the username or a phone number.
        name=html.escape(user.first_name or "?", quote=False),
        pseudo=store.chat_hash(user.id)[:PSEUDO_LENGTH],
        profile=html.escape(who, quote=False),
        language=lang,
        question=html.escape(question[:MAX_RELAYED], quote=False),
    )
    try:
        sent = await context.bot.send_message(support, text)
        store.add_relay(
            support,
            sent.message_id,
            chat_id=chat.id,
            user_id=user.id,
            lang=lang,
            at=context.bot_data.clock(),
            reply_to=reply_to,
        )
    except (TelegramError, StoreError) as exc:
        logger.warning("question not relayed to the support chat: %s", type(exc).__name__)
        await _say(update, context, t("human_relay_failed", lang))
        return
    await _say(update, context, t("human_relayed", lang))


async def send_back(update: Update, context: Context) -> None:
    """An agent's reply to a relayed question, sent to the user who asked it."""
    message = update.effective_message
    assert message is not None and message.reply_to_message is not None
    relay = context.bot_data.store.relay_for(message.chat.id, message.reply_to_message.message_id)
    agent_lang = ui_lang(update, None)
    if relay is None:
        await message.reply_text(t("support_reply_unknown", agent_lang))
        return
    body = t("support_reply", relay.lang, text=message.text or message.caption or "")
    reply = (
        ReplyParameters(relay.reply_to, allow_sending_without_reply=True)
        if relay.reply_to
        else None
    )
    try:
        for index, chunk in enumerate(html_chunks(body)):
            await context.bot.send_message(
                relay.chat_id, chunk, reply_parameters=reply if index == 0 else None
            )
    except (Forbidden, BadRequest):
        await message.reply_text(t("support_reply_failed", agent_lang))
        return
    await message.reply_text(t("support_reply_sent", agent_lang))


# --- the profile's one-tap undo ---------------------------------------------------------------


async def press_undo(update: Update, context: Context) -> None:
    """'That's not me': put back the role and software the question replaced, and ask again."""
    query = update.callback_query
    assert query is not None and query.data is not None
    parsed = profile.parse_undo(query.data)
    if parsed is None:
        await reject_button(update, context)
        return
    owner, role, software = parsed
    if await _refused(update, context, owner):
        return
    store = context.bot_data.store
    current = store.get_user(owner)
    lang = ui_lang(update, current)
    store.set_role(owner, role, context.bot_data.clock(), software=software)
    await _ack(query)
    await _drop_row(update, "p:u:")
    was = profile.who_text(current.role, current.software, lang) if current else "-"
    await _say(update, context, t("profile_undone", lang, who=was), role_keyboard(lang, owner))


# --- counts ----------------------------------------------------------------------------------------


async def count_command(update: Update, context: Context) -> None:
    """Count the command for /stats (its name only, never its arguments)."""
    message = update.effective_message
    if message is None or not message.text:
        return
    name = message.text.split()[0].lstrip("/").split("@")[0]
    command = find_command("telegram", name)
    if command is None:
        return  # an unknown command got the help; its name may be anything
    with contextlib.suppress(StoreError):
        context.bot_data.store.record_command(context.bot_data.clock(), command.name)
