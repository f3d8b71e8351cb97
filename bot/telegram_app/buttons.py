"""What a button press does: a role or a language chosen, a suggestion answered, "Aucune de ces
réponses" (or the "Non" of "Vouliez-vous dire … ?"), the ✓ a pressed keyboard keeps, and a stale
or forged button refused politely. bot.telegram_app.keyboards builds the keyboards; the support
loop's buttons are in bot.telegram_app.support, the reminders' in bot.telegram_app.subscriptions."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping

from telegram import Update
from telegram.error import BadRequest

from bot import commands
from bot.commands import CHOSEN_ROLES, engine_role, role_label
from bot.core.messages import LANGUAGES
from bot.telegram_app import profile, reminders, votes
from bot.telegram_app.context import Context, _engine, _now, _store
from bot.telegram_app.keyboards import (
    channel_rows,
    chosen_label,
    mark_pressed,
    markup,
    pressed_label,
    split_owner,
)
from bot.telegram_app.profile import _prefs, _role, ui_lang
from bot.telegram_app.questions import _with_votes
from bot.telegram_app.sending import _ack, _chat_id, _say
from bot.telegram_app.texts import t

# Callback data: "<prefix>:<value>[:<owner>]". Telegram caps it at 64 bytes; the patterns below
# are the only shapes the bot ever sends, so anything else is forged or from an older version.
# Buttons sent before they carried their owner have none, and anyone may still press them.
ROLE_PATTERN = r"^r:[a-z]{1,20}(:\d{1,20})?$"
LANG_PATTERN = r"^l:[a-z]{2}(:\d{1,20})?$"
TOPIC_PATTERN = r"^t:[a-z0-9_-]{1,62}(:\d{1,20})?$"


async def set_role_button(update: Update, context: Context) -> None:
    """A role button: remember who I am."""
    query, chat_id = update.callback_query, _chat_id(update)
    assert query is not None and query.data is not None
    role, owner = split_owner(query.data.removeprefix("r:"))
    if role not in CHOSEN_ROLES or chat_id is None:
        await reject_button(update, context)
        return
    if await refuse_others(update, context, owner, "not_your_role_button"):
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
    lang, owner = split_owner(query.data.removeprefix("l:"))
    if lang not in LANGUAGES or chat_id is None:
        await reject_button(update, context)
        return
    if await refuse_others(update, context, owner, "not_your_language_button"):
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
    topic_id, owner = split_owner(query.data.removeprefix("t:"))
    if topic_id not in engine.kb.topics:  # removed by a /reload since the button was sent
        await reject_button(update, context)
        return
    if await refuse_others(update, context, owner):
        return
    prefs = _prefs(update, context)
    lang = ui_lang(update, prefs)  # the toast's; the answer is in the question's language
    topic = engine.kb.topics[topic_id]
    said = _question_lang(
        update,
        context,
        {code: (topic.title.get(code), t("yes_button", code)) for code in LANGUAGES},
    )
    answer = engine.answer_topic(
        topic_id, today=_now(context).date(), role=engine_role(_role(prefs)), lang=said or lang
    )
    answer = profile.for_other(answer, prefs, engine, _now(context).date(), answer.lang)
    votes.note_pick(context, update, topic_id, answer.lang)
    title = topic.title.get(lang)
    await mark_pressed(query, t("toast_topic", lang, title=title))
    await _say(update, context, answer.text, reply=_with_votes(update, engine, answer))


def _question_lang(
    update: Update, context: Context, labels: Mapping[str, tuple[str, ...]]
) -> str | None:
    """The language of the question a suggestion keyboard answers, which the engine read from
    its text: told by the pressed button's label (`labels`: each language's), else by the
    asker's last question while it is remembered; None when neither tells."""
    query, chat, uid = update.callback_query, update.effective_chat, profile.user_id(update)
    assert query is not None
    shown = pressed_label(query)
    said = [code for code, texts in labels.items() if shown in texts]
    if len(said) == 1:
        return said[0]
    asked = context.bot_data.memory.last_asked((chat.id, uid)) if chat and uid else None
    return asked.lang if asked is not None else None


async def reject_button(update: Update, context: Context) -> None:
    """An unknown, stale or forged button: say so politely, change nothing."""
    query = update.callback_query
    assert query is not None
    await _ack(query, t("stale_button", ui_lang(update, _prefs(update, context))))


async def answer_none(update: Update, context: Context) -> None:
    """None of the suggestions: say how to ask better, with the official channels as buttons."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _, owner = split_owner(query.data.removeprefix("n:"))
    if await refuse_others(update, context, owner):
        return
    prefs = _prefs(update, context)
    lang = ui_lang(update, prefs)
    await mark_pressed(query, t("toast_none", lang))
    # What follows is about the question: in its language, not the client's.
    labels = {code: (t("none_button", code), t("no_button", code)) for code in LANGUAGES}
    lang = _question_lang(update, context, labels) or lang
    links = _engine(context).channels(lang, engine_role(_role(prefs)))
    await _say(update, context, t("none_next", lang), markup(channel_rows(links)))


async def answer_done(update: Update, context: Context) -> None:
    """The ✓ of a choice already made: a toast that says which, nothing sent."""
    query = update.callback_query
    assert query is not None
    lang = ui_lang(update, _prefs(update, context))
    message = query.message
    current = (
        message.reply_markup if message is not None and hasattr(message, "reply_markup") else None
    )
    choice = chosen_label(current) or "✓"
    await _ack(query, t("toast_done", lang, choice=choice))


async def refuse_others(
    update: Update, context: Context, owner: int | None, key: str = "not_your_button"
) -> bool:
    """True, after an alert, when someone else presses a button made for `owner` (None: a button
    sent before buttons carried their owner, which anyone may still press)."""
    if owner is None or not profile.someone_else(update, owner):
        return False
    query = update.callback_query
    assert query is not None
    lang = ui_lang(update, _prefs(update, context))
    with contextlib.suppress(BadRequest):  # too old to answer: the press changes nothing anyway
        await query.answer(t(key, lang), show_alert=True)
    return True
