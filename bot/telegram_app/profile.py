"""Who the user is, per user: the role, software and language each Telegram user gave, also in
groups (two members of one group keep their own), and what a question says about them.

A role or software stated in a question ("je suis éditeur de DPI", "DSI d'un CH", "I'm a DRIMbox
vendor") is stored at once, and the answer carries a one-tap "that's not me" that puts back what
was there before. A button meant for the user who asked refuses anyone else with an alert. A user
who answered "Autre" is never asked again who they are: what needs a role shows every audience.

Plain helpers for the handlers; the button callbacks are in bot.telegram_app.support.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, Update

from bot import commands
from bot.commands import OTHER, engine_role, role_label
from bot.core.answer import Answer
from bot.core.conversation import Frame
from bot.core.engine import Engine
from bot.store import Store
from bot.store.records import UserPrefs, software_set, software_text
from bot.telegram_app.context import Context, _store
from bot.telegram_app.texts import t
from bot.telegram_app.words import WORDS
from rules.calendar import ROLES, SOFTWARE, CalendarItem

# A role clue counts when it comes this early in what follows "je suis" ("éditeur de DPI",
# "le DSI d'un CH"): later words are what the sentence is about, not who says it.
CLUE_WORDS = 5
UNDO_PREFIX = "p:u:"
UNDO_PATTERN = r"^p:u:\d{1,20}:[a-z]{0,20}:[A-Za-z,]{0,40}$"


def user_id(update: Update) -> int | None:
    """The user a setting belongs to: the sender, also in a group."""
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat is not None else None


def user_prefs(store: Store, update: Update) -> UserPrefs | None:
    uid = user_id(update)
    return store.get_user(uid) if uid is not None else None


def who_text(role: str | None, software: frozenset[str], lang: str) -> str:
    """'Éditeur / industriel, DPI'."""
    parts = [role_label(role, lang)] if role else []
    return ", ".join([*parts, *sorted(software)]) or "-"


def export_software(prefs: UserPrefs | None) -> str | None:
    """The stored software an export is for when the command names none (the first in the
    calendar's order when several are stored)."""
    if prefs is None:
        return None
    return next((name for name in SOFTWARE if name in prefs.software), None)


# --- what a question says about its user --------------------------------------------------------


@dataclass(frozen=True)
class Stated:
    role: str | None
    software: frozenset[str]


def stated(engine: Engine, text: str) -> Stated | None:
    """The role and software a message says its user has, if it says so."""
    described = WORDS.self_described(text)
    if not described:
        return None
    clause = " ".join(described.split()[:CLUE_WORDS])
    role = engine.parser.role_in(clause)
    software, _ = engine.parser.software_and_waves(clause)
    role = role if role in ROLES else None
    return Stated(role, frozenset(software)) if role or software else None


@dataclass(frozen=True)
class Noted:
    """A change made from a question, and what it replaced (for the one-tap undo)."""

    user_id: int
    role: str | None
    software: frozenset[str]
    before_role: str | None
    before_software: frozenset[str]


def absorb(
    store: Store, uid: int, prefs: UserPrefs | None, found: Stated | None, now: dt.datetime
) -> tuple[UserPrefs | None, Noted | None]:
    """Store what the question said, when it changes anything; the new prefs and the change."""
    if found is None:
        return prefs, None
    before_role = prefs.role if prefs else None
    before_software = prefs.software if prefs else frozenset()
    role = found.role or before_role
    if role is None:
        return prefs, None  # a software alone, with no role known: nothing to hang it on
    # A new role drops the old one's software (a DPI vendor who is now a hospital).
    software = found.software or (before_software if role == before_role else frozenset())
    if (role, software) == (before_role, before_software):
        return prefs, None
    store.set_role(uid, role, now, software=software)
    lang = prefs.lang if prefs else None
    return UserPrefs(role, lang, software), Noted(uid, role, software, before_role, before_software)


def undo_button(noted: Noted, lang: str) -> InlineKeyboardButton | None:
    data = (
        f"{UNDO_PREFIX}{noted.user_id}:{noted.before_role or ''}:"
        f"{software_text(noted.before_software) or ''}"
    )
    if len(data.encode()) > 64 or not re.match(UNDO_PATTERN, data):
        return None
    return InlineKeyboardButton(t("profile_undo_button", lang), callback_data=data)


def parse_undo(data: str) -> tuple[int, str | None, frozenset[str]] | None:
    """(owner, role before, software before) from an undo button's data."""
    if not re.match(UNDO_PATTERN, data):
        return None
    owner, role, software = data.removeprefix(UNDO_PREFIX).split(":")
    if role and role not in (*ROLES, OTHER):
        return None
    names = software_set(software)
    if not names <= set(SOFTWARE):
        return None
    return int(owner), role or None, names


def noted_line(answer: Answer, noted: Noted | None) -> str | None:
    """ "✓ Je retiens : …" when the question changed the profile (the engine's own "noted"
    reply to a message that only says who the user is says it already)."""
    if noted is None or (answer.topic is None and not answer.fallback):
        return None
    return t("profile_noted", answer.lang, who=who_text(noted.role, noted.software, answer.lang))


def choose_role(store: Store, update: Update, role: str, now: dt.datetime) -> UserPrefs | None:
    """A role button: the role of whoever presses it; a new role drops the old one's software."""
    uid = user_id(update)
    if uid is None:
        return None
    before = store.get_user(uid)
    keep = before is not None and before.role == role
    store.set_role(uid, role, now, software=None if keep else frozenset())
    return store.get_user(uid)


# --- the engine's view of a stored profile --------------------------------------------------------


def seeded(frame: Frame | None, prefs: UserPrefs | None) -> Frame | None:
    """The conversation frame with the stored software when the conversation names none, so a
    DPI vendor's "date limite du solde ?" is about DPI."""
    if prefs is None or not prefs.software:
        return frame
    if frame is None:
        return Frame(role=engine_role(prefs.role), software=prefs.software)
    if not frame.software:
        return dataclasses.replace(frame, software=prefs.software)
    return frame


def items_for(engine: Engine, role: str | None, software: frozenset[str]) -> list[CalendarItem]:
    """The calendar items of a role and stored software: the role's own software's when none is
    stored; with one, the role's items for that software and those that name none (a hospital
    on DRIMbox still gets the SUN-ES windows; a DPI vendor never gets the PFI ones)."""
    role = engine_role(role)
    if not software:
        return engine.relevant_items(role)
    return [
        i
        for i in engine.calendar.items
        if (role is None or role in i.audience) and (not i.software or i.software & software)
    ]


def for_other(
    answer: Answer, prefs: UserPrefs | None, engine: Engine, today: dt.date, lang: str
) -> Answer:
    """A user who said "Autre" is not asked again who they are: every audience's dates instead."""
    if not answer.needs_role or prefs is None or prefs.role != OTHER:
        return answer
    return dataclasses.replace(answer, text=all_audiences(engine, today, lang), needs_role=False)


def all_audiences(engine: Engine, today: dt.date, lang: str) -> str:
    dates = commands.deadlines(engine, today=today, role=None, lang=lang)
    return f"{t('other_all_audiences', lang)}\n{dates}"


def someone_else(update: Update, owner: int) -> bool:
    """A press by another user than the one the button was made for."""
    return update.effective_user is None or update.effective_user.id != owner


def _prefs(update: Update, context: Context) -> UserPrefs | None:
    # Per user, also in a group: the sender's own role, software and language.
    return user_prefs(_store(context), update)


def ui_lang(update: Update, prefs: UserPrefs | None) -> str:
    """The language chosen with /langue, else Telegram's language_code, else French."""
    if prefs is not None and prefs.lang:
        return prefs.lang
    code = update.effective_user.language_code if update.effective_user else None
    return "en" if (code or "").lower().startswith("en") else "fr"


def _role(prefs: UserPrefs | None) -> str | None:
    return prefs.role if prefs is not None else None
