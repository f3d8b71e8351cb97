"""The inline keyboards of answers, and what a pressed keyboard becomes.

Callback data is "<prefix>:<value>", within Telegram's 64 bytes: t:<topic> (a suggestion, or the
"Oui" of "Vouliez-vous dire … ?"), n:none ("Aucune de ces réponses", or "Non"), r:<role> and
l:<language> (who I am, which language), d:done (the ✓ left after a press). All but the ✓ end
with ":<owner>", the user the buttons were made for, so that in a group another member's press
is refused (bot.telegram_app.buttons); buttons sent before they carried it have none, and still
work. Once pressed, a keyboard keeps only the ✓ on the choice and its URL buttons
(chosen_markup), so a chat never holds live buttons that were already answered.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest

from bot import commands
from bot.commands import CHOSEN_ROLES, role_label
from bot.core.answer import Answer
from bot.core.engine import Engine
from bot.core.messages import LANGUAGES
from bot.core.render import Link
from bot.telegram_app.texts import t

MAX_CALLBACK_DATA = 64  # bytes
MAX_SUGGESTIONS = 3
NONE_DATA = "n:none"
DONE_DATA = "d:done"
NONE_PATTERN = r"^n:none(:\d{1,20})?$"
DONE_PATTERN = r"^d:done$"
CHOSEN = "✓ "

Rows = list[list[InlineKeyboardButton]]
logger = logging.getLogger(__name__)


def channel_rows(links: Sequence[Link]) -> Rows:
    """The official channels as buttons that open them, one a row."""
    return [[InlineKeyboardButton(link.label, url=link.url)] for link in links]


def markup(rows: Rows) -> InlineKeyboardMarkup | None:
    return InlineKeyboardMarkup(rows) if rows else None


def owned(data: str, owner: int | None) -> str:
    """A button's data with the user it is for ("t:budget:501"); unchanged without one."""
    return data if owner is None else f"{data}:{owner}"


def split_owner(value: str) -> tuple[str, int | None]:
    """('budget', 501) from "budget:501"; ('budget', None) from an older button's "budget"."""
    value, _, owner = value.partition(":")
    return value, int(owner) if owner.isdigit() else None


def suggestion_titles(
    engine: Engine, answer: Answer, owner: int | None = None
) -> list[tuple[str, str]]:
    """(topic id, title) of the suggestions a keyboard can carry, at most MAX_SUGGESTIONS."""
    return [
        (s, engine.kb.topics[s].title.get(answer.lang))
        for s in answer.suggestions
        # A topic id too long for a button's data gets no button rather than a refused message.
        if s in engine.kb.topics and len(owned(f"t:{s}", owner).encode()) <= MAX_CALLBACK_DATA
    ][:MAX_SUGGESTIONS]


def suggestions(
    engine: Engine, answer: Answer, owner: int | None = None
) -> tuple[str, InlineKeyboardMarkup] | None:
    """A fallback's suggestions as a question and its buttons (the text names none of them
    twice): one suggestion is "Vouliez-vous dire « … » ? Oui / Non", several are one button
    each and "Aucune de ces réponses"; None when no suggestion can be a button."""
    lang = answer.lang
    found = suggestion_titles(engine, answer, owner)
    none = owned(NONE_DATA, owner)
    if not found:
        return None
    if len(found) == 1:
        topic, title = found[0]
        row = [
            InlineKeyboardButton(t("yes_button", lang), callback_data=owned(f"t:{topic}", owner)),
            InlineKeyboardButton(t("no_button", lang), callback_data=none),
        ]
        return t("suggest_one", lang, title=title), InlineKeyboardMarkup([row])
    rows = [
        [InlineKeyboardButton(title, callback_data=owned(f"t:{topic}", owner))]
        for topic, title in found
    ]
    rows.append([InlineKeyboardButton(t("none_button", lang), callback_data=none)])
    return t("suggest_many", lang), InlineKeyboardMarkup(rows)


def chosen_markup(current: InlineKeyboardMarkup | None, data: str) -> InlineKeyboardMarkup | None:
    """The keyboard after the press of the button with `data`: a ✓ on it, the other callback
    buttons gone, the URL buttons kept; None when the keyboard does not hold that button."""
    if current is None:
        return None
    rows = [list(row) for row in current.inline_keyboard]
    pressed = next((b for row in rows for b in row if b.callback_data == data), None)
    if pressed is None:
        return None
    label = pressed.text if pressed.text.startswith(CHOSEN) else CHOSEN + pressed.text
    kept = [row for row in rows if all(b.url for b in row)]
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=DONE_DATA)], *kept])


def pressed_label(query: CallbackQuery) -> str | None:
    """The text of the pressed button, when Telegram still shows us its message."""
    message = query.message
    if not isinstance(message, Message) or message.reply_markup is None:
        return None
    return next(
        (
            button.text
            for row in message.reply_markup.inline_keyboard
            for button in row
            if button.callback_data == query.data
        ),
        None,
    )


def chosen_label(current: InlineKeyboardMarkup | None) -> str:
    """The choice a ✓ button shows, without its ✓ ('' when there is none)."""
    if current is None:
        return ""
    for row in current.inline_keyboard:
        for button in row:
            if button.callback_data == DONE_DATA:
                return button.text.removeprefix(CHOSEN)
    return ""


async def mark_pressed(query: CallbackQuery, toast: str) -> None:
    """A press answered the Telegram way: a toast that says what happened, and the message's
    keyboard edited in place (chosen_markup)."""
    try:
        await query.answer(text=toast)
    except BadRequest as exc:  # a query too old to answer only loses the toast
        logger.info("callback query not answered: %s", exc.message)
    message = query.message
    if not isinstance(message, Message) or query.data is None:
        return  # too old for Telegram to show us: the keyboard stays as it was
    chosen = chosen_markup(message.reply_markup, query.data)
    if chosen is None:
        return
    try:
        await message.edit_reply_markup(chosen)
    except BadRequest as exc:  # a double tap ("not modified"), or a message too old to edit
        logger.info("keyboard not edited: %s", exc.message)


def role_keyboard(lang: str, owner: int | None = None) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(role_label(role, lang), callback_data=owned(f"r:{role}", owner))]
            for role in CHOSEN_ROLES
        ]
    )


def _role_rows(lang: str, owner: int | None = None) -> Rows:
    return [list(row) for row in role_keyboard(lang, owner).inline_keyboard]


def lang_keyboard(owner: int | None = None) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    commands.MESSAGES.t("language_name", code),
                    callback_data=owned(f"l:{code}", owner),
                )
                for code in LANGUAGES
            ]
        ]
    )
