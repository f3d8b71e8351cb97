"""/parametres (/settings): one screen with the user's profile, software, language and reminders,
and a button to change each. Every press edits the screen in place and answers with a toast.

    main ──Profil──> the role buttons ──a role──> main (the old role's software dropped)
      ├───Logiciels──> the role's software, ✓ on each stored one ──a tap──> ticked or unticked
      ├───Langue──> Français / English ──> main, in that language
      └───Rappels──> this chat's reminders on or off, at once

The software offered for a role is the calendar's: what its items for that audience name, in the
calendar's order. The buttons carry the user who sent the command (s:<owner>:<action>[:<value>]),
so in a group another member's press is refused with an alert and changes nothing.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest

from bot import commands
from bot.commands import CHOSEN_ROLES, engine_role, role_label
from bot.core.messages import LANGUAGES
from bot.store.records import UserPrefs
from bot.telegram_app import profile, reminders
from bot.telegram_app.buttons import refuse_others, reject_button
from bot.telegram_app.context import Context, _engine, _now, _store
from bot.telegram_app.keyboards import CHOSEN, Rows
from bot.telegram_app.profile import _prefs, ui_lang
from bot.telegram_app.replies import Reply
from bot.telegram_app.sending import _ack, _chat_id, _say
from bot.telegram_app.texts import t
from rules.calendar import Calendar

logger = logging.getLogger(__name__)

SETTINGS_PATTERN = r"^s:\d{1,20}:[mrwla](:[A-Za-z_-]{1,20})?$"
MAIN, ROLE, SOFTWARE, LANGUAGE, REMINDERS = "m", "r", "w", "l", "a"
ALL_SOFTWARE = "-"  # the "every software of my profile" button's value
ON, OFF = "on", "off"


@dataclass(frozen=True)
class Press:
    owner: int
    action: str
    value: str | None


def parse_press(data: str) -> Press | None:
    if not re.match(SETTINGS_PATTERN, data):
        return None
    _, owner, action, *value = data.split(":")
    return Press(int(owner), action, value[0] if value else None)


def software_for(calendar: Calendar, role: str | None) -> list[str]:
    """The software the calendar's items for that role name, in the calendar's order (every
    audience's for no role or "other")."""
    audience = engine_role(role)
    found: list[str] = []
    for item in calendar.items:
        if audience is None or audience in item.audience:
            found += sorted(s for s in item.software if s not in found)
    return found


# --- the screen ------------------------------------------------------------------------------


def screen_text(prefs: UserPrefs | None, subscribed: bool, lang: str, prompt: str = "") -> str:
    """The screen as Telegram's HTML: the bold head, one line per setting, what to do."""
    role = prefs.role if prefs else None
    software = sorted(prefs.software) if prefs else []
    lines = [
        t("settings_role", lang, role=role_label(role, lang) if role else t("settings_none", lang)),
        t("settings_software", lang, software=", ".join(software) or t("settings_all", lang)),
        t("settings_language", lang, language=commands.MESSAGES.t("language_name", lang)),
        t("settings_reminders_on" if subscribed else "settings_reminders_off", lang),
        "",
        prompt or t("settings_foot", lang),
    ]
    head = f"<b>{html.escape(t('settings_head', lang), quote=False)}</b>"
    return "\n".join([head, *(html.escape(line, quote=False) for line in lines)])


def _button(label: str, owner: int, action: str, value: str | None = None) -> InlineKeyboardButton:
    data = f"s:{owner}:{action}" + (f":{value}" if value else "")
    return InlineKeyboardButton(label, callback_data=data)


def _ticked(label: str, chosen: bool) -> str:
    return CHOSEN + label if chosen else label


def main_rows(owner: int, subscribed: bool, lang: str) -> Rows:
    reminders_key = (
        "settings_reminders_off_button" if subscribed else "settings_reminders_on_button"
    )
    return [
        [
            _button(t("settings_role_button", lang), owner, ROLE),
            _button(t("settings_software_button", lang), owner, SOFTWARE),
        ],
        [
            _button(t("settings_language_button", lang), owner, LANGUAGE),
            _button(t(reminders_key, lang), owner, REMINDERS, OFF if subscribed else ON),
        ],
    ]


def _back(owner: int, lang: str) -> list[InlineKeyboardButton]:
    return [_button(t("settings_back_button", lang), owner, MAIN)]


def role_rows(owner: int, prefs: UserPrefs | None, lang: str) -> Rows:
    current = prefs.role if prefs else None
    rows = [
        [_button(_ticked(role_label(role, lang), role == current), owner, ROLE, role)]
        for role in CHOSEN_ROLES
    ]
    return [*rows, _back(owner, lang)]


def software_rows(owner: int, names: list[str], prefs: UserPrefs | None, lang: str) -> Rows:
    stored = prefs.software if prefs else frozenset()
    buttons = [_button(_ticked(name, name in stored), owner, SOFTWARE, name) for name in names]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    every = _ticked(t("settings_all_button", lang), not stored)
    return [*rows, [_button(every, owner, SOFTWARE, ALL_SOFTWARE)], _back(owner, lang)]


def language_rows(owner: int, lang: str) -> Rows:
    row = [
        _button(
            _ticked(commands.MESSAGES.t("language_name", code), code == lang), owner, LANGUAGE, code
        )
        for code in LANGUAGES
    ]
    return [row, _back(owner, lang)]


# --- the command and the presses -------------------------------------------------------------


def _subscribed(update: Update, context: Context) -> bool:
    chat_id = _chat_id(update)
    return chat_id is not None and _store(context).is_subscribed(chat_id)


async def show_settings(update: Update, context: Context) -> None:
    """/parametres (/settings): the screen, with the buttons to change each setting."""
    owner = profile.user_id(update)
    if owner is None:
        return
    prefs = _prefs(update, context)
    lang = ui_lang(update, prefs)
    subscribed = _subscribed(update, context)
    markup = InlineKeyboardMarkup(main_rows(owner, subscribed, lang))
    await _say(update, context, "", reply=Reply([screen_text(prefs, subscribed, lang)], markup))


async def press_settings(update: Update, context: Context) -> None:
    """A button of the screen: a sub-screen shown, or a setting changed, in place."""
    query = update.callback_query
    assert query is not None and query.data is not None
    press = parse_press(query.data)
    if press is None or _chat_id(update) is None:
        await reject_button(update, context)
        return
    if await refuse_others(update, context, press.owner, "settings_not_yours"):
        return
    if press.action == ROLE:
        await _press_role(update, context, press)
    elif press.action == SOFTWARE:
        await _press_software(update, context, press)
    elif press.action == LANGUAGE:
        await _press_language(update, context, press)
    elif press.action == REMINDERS:
        await _press_reminders(update, context, press)
    else:
        await _ack(query)
        await _show(update, context, MAIN)


async def _show(update: Update, context: Context, screen: str, prompt: str = "") -> None:
    """Edit the pressed message into `screen` (the settings as they now are)."""
    query = update.callback_query
    assert query is not None
    message, owner = query.message, profile.user_id(update)
    if not isinstance(message, Message) or owner is None:
        return  # too old for Telegram to show us: /parametres sends a fresh one
    prefs = _prefs(update, context)
    lang = ui_lang(update, prefs)
    subscribed = _subscribed(update, context)
    if screen == ROLE:
        rows = role_rows(owner, prefs, lang)
        prompt = prompt or commands.MESSAGES.t("role_prompt", lang)
    elif screen == SOFTWARE:
        names = software_for(_engine(context).calendar, prefs.role if prefs else None)
        rows = software_rows(owner, names, prefs, lang)
        prompt = prompt or t("settings_pick_software", lang)
    elif screen == LANGUAGE:
        rows = language_rows(owner, lang)
        prompt = prompt or commands.MESSAGES.t("lang_prompt", lang)
    else:
        rows = main_rows(owner, subscribed, lang)
    text = screen_text(prefs, subscribed, lang, prompt)
    try:
        await message.edit_text(text, reply_markup=InlineKeyboardMarkup(rows))
    except BadRequest as exc:  # a double tap ("not modified"), or a message too old to edit
        logger.info("settings not edited: %s", exc.message)


def _reschedule(update: Update, context: Context, prefs: UserPrefs | None) -> None:
    """Dates for a new profile: its reminder jobs, when this chat is subscribed."""
    if context.job_queue is None or prefs is None or prefs.role is None:
        return
    if _subscribed(update, context):
        reminders.schedule_role(
            context.job_queue, _engine(context), prefs.role, _now(context), prefs.software
        )


async def _press_role(update: Update, context: Context, press: Press) -> None:
    query = update.callback_query
    assert query is not None
    if press.value is None:
        await _ack(query)
        await _show(update, context, ROLE)
        return
    if press.value not in CHOSEN_ROLES:
        await reject_button(update, context)
        return
    prefs = profile.choose_role(_store(context), update, press.value, _now(context))
    lang = ui_lang(update, prefs)
    await _ack(query, t("toast_role", lang, role=role_label(press.value, lang)))
    _reschedule(update, context, prefs)
    await _show(update, context, MAIN)


async def _press_software(update: Update, context: Context, press: Press) -> None:
    query = update.callback_query
    uid = profile.user_id(update)
    assert query is not None and uid is not None
    prefs = _prefs(update, context)
    lang = ui_lang(update, prefs)
    role = prefs.role if prefs else None
    if role is None:
        # The software is the role's: asked first, so that the list is the right one.
        await _ack(query, t("settings_need_role", lang))
        await _show(update, context, ROLE)
        return
    names = software_for(_engine(context).calendar, role)
    if press.value is None:
        await _ack(query, None if names else t("settings_no_software", lang))
        await _show(update, context, SOFTWARE if names else MAIN)
        return
    if press.value != ALL_SOFTWARE and press.value not in names:
        await reject_button(update, context)  # the calendar changed since the screen was sent
        return
    stored = prefs.software if prefs else frozenset()
    if press.value == ALL_SOFTWARE:
        software: frozenset[str] = frozenset()
    else:
        software = stored ^ {press.value}
    _store(context).set_role(uid, role, _now(context), software=software)
    shown = ", ".join(sorted(software)) or t("settings_all", lang)
    await _ack(query, t("settings_toast_software", lang, software=shown))
    _reschedule(update, context, _prefs(update, context))
    await _show(update, context, SOFTWARE)


async def _press_language(update: Update, context: Context, press: Press) -> None:
    query = update.callback_query
    uid = profile.user_id(update)
    assert query is not None and uid is not None
    if press.value is None:
        await _ack(query)
        await _show(update, context, LANGUAGE)
        return
    if press.value not in LANGUAGES:
        await reject_button(update, context)
        return
    lang = press.value
    _store(context).set_lang(uid, lang, _now(context))
    name = commands.MESSAGES.t("language_name", lang)
    await _ack(query, t("toast_lang", lang, language=name))
    await _show(update, context, MAIN)


async def _press_reminders(update: Update, context: Context, press: Press) -> None:
    query, chat = update.callback_query, update.effective_chat
    uid = profile.user_id(update)
    assert query is not None and uid is not None
    if chat is None or press.value not in (ON, OFF):
        await reject_button(update, context)
        return
    store, now = _store(context), _now(context)
    prefs = _prefs(update, context)
    lang = ui_lang(update, prefs)
    if press.value == OFF:
        owner = store.subscriber_of(chat.id)
        if owner is not None and chat.type != ChatType.PRIVATE and owner != uid:
            # A group's reminders follow whoever turned them on: only they turn them off.
            await query.answer(t("settings_reminders_not_yours", lang), show_alert=True)
            return
        store.unsubscribe(chat.id)
        await _ack(query, t("settings_toast_reminders_off", lang))
        await _show(update, context, MAIN)
        return
    if prefs is None or prefs.role is None:
        await _ack(query, t("settings_need_role", lang))
        await _show(update, context, ROLE)
        return
    store.subscribe(chat.id, now, lang, user_id=uid)
    _reschedule(update, context, prefs)
    await _ack(query, t("settings_toast_reminders_on", lang))
    await _show(update, context, MAIN)
