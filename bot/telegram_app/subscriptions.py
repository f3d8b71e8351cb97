"""/rappel and /stop, and the buttons under each reminder: "am I in time?" (the verdict for that
item, now), "add to my calendar" (that item's .ics) and "stop".

A subscription is the chat's (the reminders go where /rappel was sent) and follows the role and
software of the user who sent it, so in a group a DPI vendor's /rappel brings no PFI reminders.
The confirmation says when the first reminder will come, and what it will be about. Nothing here
ever suggests a command that would refuse: /stop without a subscription points to /echeances
and /rappel (which subscribes whenever the role is known), or to /role first.
"""

from __future__ import annotations

import datetime as dt
import logging

from telegram import InputFile, Update

from bot.commands import engine_role
from bot.core import render
from bot.exports.ics import build_ics
from bot.exports.scope import Scope
from bot.telegram_app import profile, reminders
from bot.telegram_app.buttons import reject_button
from bot.telegram_app.context import Context
from bot.telegram_app.keyboards import role_keyboard
from bot.telegram_app.profile import ui_lang
from bot.telegram_app.sending import _ack, _say
from bot.telegram_app.texts import t
from rules.calendar import CalendarItem
from rules.eligibility import Filing, Verdict, judge

logger = logging.getLogger(__name__)
BUTTON_PATTERN = r"^rm:(c:[a-z0-9_-]{1,58}|i:[a-z0-9_-]{1,58}|s)$"


async def subscribe_reminders(update: Update, context: Context) -> None:
    """/rappel: reminders before my profile's closings and openings; with nothing ahead, a
    watch for new or moved dates."""
    store, engine, now = context.bot_data.store, context.bot_data.engine, context.bot_data.clock()
    prefs = profile.user_prefs(store, update)
    lang = ui_lang(update, prefs)
    chat = update.effective_chat
    role = prefs.role if prefs else None
    if role is None or chat is None or prefs is None:
        keyboard = role_keyboard(lang, profile.user_id(update))
        await _say(update, context, t("rappel_need_role", lang), keyboard)
        return
    items = profile.items_for(engine, role, prefs.software)
    due = reminders.due_reminders(items, now, subscribed_at=now)
    new = store.subscribe(chat.id, now, lang, user_id=profile.user_id(update))
    if not due:
        # Nothing ahead to remind of, but a date may be published or moved: /reload tells the
        # subscribers it concerns (bot.telegram_app.alerts).
        links = "\n".join(render.channel_lines(engine.channels(lang, engine_role(role)), lang))
        await _say(update, context, t("rappel_watch", lang, channels=links))
        return
    if context.job_queue is not None:
        reminders.schedule_role(context.job_queue, engine, role, now, prefs.software)
    lines = [t("rappel_on" if new else "rappel_already", lang)]
    shown: list[CalendarItem] = []
    for reminder in due:
        item = engine.calendar.get(reminder.item_id)
        if item is not None and item not in shown:
            shown.append(item)
    lines += [render.item_line(item, lang, now.date()) for item in shown]
    lines.append(next_line(engine.calendar.get(due[0].item_id), due[0], lang, now))
    lines.append(t("rappel_foot", lang))
    await _say(update, context, "\n".join(lines))


def next_line(
    item: CalendarItem | None, reminder: reminders.Reminder, lang: str, now: dt.datetime
) -> str:
    """'Prochain rappel : lundi 16 mai 2022 à 9h00 (heure de Paris), pour … (clôture le …).'"""
    label = item.label.get(lang) if item else reminder.item_id
    moment = (item.closes if reminder.edge == "closes" else item.opens) if item else None
    what = t(f"rappel_what_{reminder.edge}", lang, moment=render.moment_text(moment, lang))
    if reminder.send_at <= now:
        return t("rappel_next_now", lang, label=label, what=what)
    return t(
        "rappel_next",
        lang,
        day=render.day_text(reminder.send_at.date(), lang, weekday=True),
        time=render.time_text(reminders.SEND_TIME, lang),
        label=label,
        what=what,
    )


async def unsubscribe_reminders(update: Update, context: Context) -> None:
    """/stop: no more reminders; never a pointer to a command that would refuse."""
    await _say(update, context, _stop(update, context))


def _stop(update: Update, context: Context) -> str:
    store = context.bot_data.store
    prefs = profile.user_prefs(store, update)
    lang = ui_lang(update, prefs)
    chat = update.effective_chat
    if chat is not None and store.unsubscribe(chat.id):
        return t("stop_done", lang)
    return t("stop_none_watch" if prefs is not None and prefs.role else "stop_none_role", lang)


# --- the buttons under a reminder ---------------------------------------------------------------


async def press_reminder_button(update: Update, context: Context) -> None:
    """rm:c:<item> am I in time, rm:i:<item> its .ics, rm:s stop."""
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and query.data is not None
    if chat is None:
        await reject_button(update, context)
        return
    store, engine, now = context.bot_data.store, context.bot_data.engine, context.bot_data.clock()
    lang = ui_lang(update, profile.user_prefs(store, update))
    kind, _, item_id = query.data.removeprefix("rm:").partition(":")
    if kind == "s":
        owner = store.subscriber_of(chat.id)
        if owner is not None and chat.type != "private" and profile.someone_else(update, owner):
            await query.answer(t("not_your_button", lang), show_alert=True)
            return
        await _ack(query)
        await _say(update, context, _stop(update, context))
        return
    item = engine.calendar.get(item_id)
    await _ack(query)
    if item is None:
        await _say(update, context, t("reminder_item_gone", lang))
        return
    if kind == "c":
        await _say(update, context, in_time_text(item, lang, now))
        return
    data, count = build_ics(
        engine.calendar, engine.kb, Scope(), now.date(), lang=lang, items=[item]
    )
    if count == 0:
        await _say(update, context, t("reminder_item_gone", lang))
        return
    caption = t("reminder_ics_caption", lang, label=item.label.get(lang))
    await context.bot.send_document(
        chat.id, InputFile(data, filename=f"{item.id}.ics"), caption=caption[:1024]
    )


def in_time_text(item: CalendarItem, lang: str, now: dt.datetime) -> str:
    """The verdict for that item, for a filing now (Paris time), with its status."""
    filing = Filing(now.date(), now.time().replace(second=0, microsecond=0))
    eligible, reason = judge(item, filing)
    verdict = render.render_verdict(Verdict(eligible, item, filing, reason), lang)
    return f"{verdict}\n{render.status_text(item, now.date(), lang)}"
