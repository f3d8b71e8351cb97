"""The Telegram handlers: one per command, button and kind of message, each one thin.

A handler reads the update, calls the engine (plain synchronous calls: an answer takes well
under a millisecond), and replies with the engine's text shaped for a phone (bot.telegram_app.
replies: bold first, sources folded, channels as URL buttons), cut to Telegram's 4096 characters;
in a group the reply quotes the question. The wording of the answers is bot.core.render's; what
only the Telegram bot says is in bot.telegram_app.texts. The routing table is in
bot.telegram_app.app.

Settings (role, software, language) live in the store per user, also in groups (two members of
one group keep their own: bot.telegram_app.profile); a subscription is per chat
(bot.telegram_app.subscriptions). The support loop's buttons and messages (votes, a person,
the relay) are in bot.telegram_app.support.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import html
import importlib
import logging

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop, filters

from bot import commands
from bot.commands import CHOSEN_ROLES, engine_role, role_label
from bot.core import render
from bot.core.answer import Answer
from bot.core.engine import Engine
from bot.core.messages import LANGUAGES
from bot.exports.ics import build_ics
from bot.exports.scope import Scope, ScopeError, software_ahead, software_named
from bot.exports.wording import who
from bot.report import build_report, render_report
from bot.store import Store
from bot.store.files import StoreError, StoreLostError
from bot.store.records import UserPrefs
from bot.telegram_app import admin_notices, alerts, keyboards, profile, reminders, votes
from bot.telegram_app.context import Context
from bot.telegram_app.flood import Decision
from bot.telegram_app.keyboards import mark_pressed
from bot.telegram_app.replies import Reply, answer_reply, text_reply, thread_of
from bot.telegram_app.texts import help_text, html_chunks, t
from knowledge.validation import DataError
from rules.calendar import SOFTWARE, Calendar

logger = logging.getLogger(__name__)

# Callback data: "<prefix>:<value>". Telegram caps it at 64 bytes; the patterns below are the
# only shapes the bot ever sends, so anything else is forged or from an older version.
ROLE_PATTERN = r"^r:[a-z]{1,20}$"
LANG_PATTERN = r"^l:[a-z]{2}$"
TOPIC_PATTERN = r"^t:[a-z0-9_-]{1,62}$"


# --- filters used by the routing table ---------------------------------------------------------


class _MentionsBot(filters.MessageFilter):
    """A message that speaks to this bot: its @username or a text mention of it (in the text or
    a caption), or a reply to one of its messages."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
            return True
        name = f"@{bot.username}".lower()
        kinds: list[str | None] = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
        entities = message.parse_entities(kinds) or message.parse_caption_entities(kinds)
        for entity, value in entities.items():
            if entity.type == MessageEntity.MENTION and value.lower() == name:
                return True
            if entity.user is not None and entity.user.id == bot.id:
                return True
        return False


NEW_MESSAGE = filters.UpdateType.MESSAGE  # an edit is answered by editing (bot.telegram_app.edits)
# In a group the bot answers only when spoken to; commands are routed by CommandHandler, which
# already ignores "/cmd@otherbot".
ADDRESSED = filters.ChatType.PRIVATE | _MentionsBot(name="MentionsBot")
# A question is typed, or written as the caption of a photo or a PDF.
WRITTEN = (filters.TEXT | filters.CAPTION) & ~filters.COMMAND
# Stickers, voice, a photo without caption...: content the bot cannot read. Service messages (a
# pin, a title change) are not something the user said, so they get no reply.
NOT_TEXT = ~filters.TEXT & ~filters.CAPTION & ~filters.StatusUpdate.ALL
# What the flood guard counts: what the bot would answer (edits too), not a busy group's chatter.
FOR_THE_BOT = filters.UpdateType.MESSAGES & (ADDRESSED | filters.COMMAND)


# --- small helpers ----------------------------------------------------------------------------------


def _engine(context: Context) -> Engine:
    # Read at every update: /reload swaps it.
    return context.bot_data.engine


def _store(context: Context) -> Store:
    return context.bot_data.store


def _now(context: Context) -> dt.datetime:
    return context.bot_data.clock()


def _chat_id(update: Update) -> int | None:
    if update.effective_chat is not None:
        return update.effective_chat.id
    # A button under a message the bot can no longer see: in a private chat, chat id = user id.
    return update.effective_user.id if update.effective_user is not None else None


def _prefs(update: Update, context: Context) -> UserPrefs | None:
    # Per user, also in a group: the sender's own role, software and language.
    return profile.user_prefs(_store(context), update)


def ui_lang(update: Update, prefs: UserPrefs | None) -> str:
    """The language chosen with /langue, else Telegram's language_code, else French."""
    if prefs is not None and prefs.lang:
        return prefs.lang
    code = update.effective_user.language_code if update.effective_user else None
    return "en" if (code or "").lower().startswith("en") else "fr"


def _role(prefs: UserPrefs | None) -> str | None:
    return prefs.role if prefs is not None else None


def _is_admin(update: Update, context: Context) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.bot_data.admin_ids


def role_keyboard(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(role_label(role, lang), callback_data=f"r:{role}")]
            for role in CHOSEN_ROLES
        ]
    )


def _role_rows(lang: str) -> keyboards.Rows:
    return [list(row) for row in role_keyboard(lang).inline_keyboard]


def lang_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    commands.MESSAGES.t("language_name", code), callback_data=f"l:{code}"
                )
                for code in LANGUAGES
            ]
        ]
    )


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


# --- guard and error handler -------------------------------------------------------------------------


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


# --- commands ------------------------------------------------------------------------------------------


async def start_chat(update: Update, context: Context) -> None:
    """/start: a welcome in the user's language, and the role question."""
    lang = ui_lang(update, _prefs(update, context))
    await _say(update, context, t("welcome", lang), role_keyboard(lang))


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
    rows = _role_rows(lang) if _role(prefs) is None else []
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
    await _say(update, context, commands.MESSAGES.t("role_prompt", lang), role_keyboard(lang))


async def choose_language(update: Update, context: Context) -> None:
    """/langue: ask the language, with buttons."""
    lang = ui_lang(update, _prefs(update, context))
    await _say(update, context, commands.MESSAGES.t("lang_prompt", lang), lang_keyboard())


# --- the calendar as files ---------------------------------------------------------------------


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


# --- buttons -------------------------------------------------------------------------------------------


async def set_role_button(update: Update, context: Context) -> None:
    """A role button: remember who I am."""
    query, chat_id = update.callback_query, _chat_id(update)
    assert query is not None and query.data is not None
    role = query.data.removeprefix("r:")
    if role not in CHOSEN_ROLES or chat_id is None:
        await reject_button(update, context)
        return
    store, now = _store(context), _now(context)
    prefs = profile.choose_role(store, update, role, now)  # the presser's own role
    lang = ui_lang(update, prefs)
    await mark_pressed(query, t("toast_role", lang, role=role_label(role, lang)))
    text = commands.MESSAGES.t("role_set", lang, role=role_label(role, lang))
    if role == commands.OTHER:
        # No role to narrow the dates: every audience's, rather than a question asked again.
        text += "\n" + profile.all_audiences(_engine(context), now.date(), lang)
    await _say(update, context, text)
    if context.job_queue is not None and store.is_subscribed(chat_id):
        software = prefs.software if prefs else frozenset()
        reminders.schedule_role(context.job_queue, _engine(context), role, now, software)


async def set_language_button(update: Update, context: Context) -> None:
    """A language button: answer in that language from now on."""
    query, chat_id = update.callback_query, _chat_id(update)
    assert query is not None and query.data is not None
    lang = query.data.removeprefix("l:")
    if lang not in LANGUAGES or chat_id is None:
        await reject_button(update, context)
        return
    uid = profile.user_id(update)
    assert uid is not None
    _store(context).set_lang(uid, lang, _now(context))
    await mark_pressed(
        query, t("toast_lang", lang, language=commands.MESSAGES.t("language_name", lang))
    )
    await _say(update, context, commands.MESSAGES.t("lang_set", lang))


async def answer_suggestion(update: Update, context: Context) -> None:
    """A suggestion button: the answer to that topic."""
    query = update.callback_query
    assert query is not None and query.data is not None
    engine = _engine(context)
    topic_id = query.data.removeprefix("t:")
    if topic_id not in engine.kb.topics:  # removed by a /reload since the button was sent
        await reject_button(update, context)
        return
    prefs = _prefs(update, context)
    lang = ui_lang(update, prefs)
    answer = engine.answer_topic(
        topic_id, today=_now(context).date(), role=engine_role(_role(prefs)), lang=lang
    )
    answer = profile.for_other(answer, prefs, engine, _now(context).date(), lang)
    votes.note_pick(context, update, topic_id, lang)
    title = engine.kb.topics[topic_id].title.get(lang)
    await mark_pressed(query, t("toast_topic", lang, title=title))
    await _say(update, context, answer.text, reply=_with_votes(update, engine, answer))


async def reject_button(update: Update, context: Context) -> None:
    """An unknown, stale or forged button: say so politely, change nothing."""
    query = update.callback_query
    assert query is not None
    await _ack(query, t("stale_button", ui_lang(update, _prefs(update, context))))


# --- messages ------------------------------------------------------------------------------------------


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
    reply = answer_reply(engine, answer, _role_rows(answer.lang))
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
