"""What Telegram shows of the bot before and around a conversation: its descriptions, its command
menus (per language, a short one in groups, /stats and /reload in the admins' chats), and the
`/start <payload>` deep links that preset a role and a software.

set_up_surface runs in post_init; a menu or a description Telegram refuses is logged and skipped,
never a reason not to start. The deep links' vocabulary is data: bot/telegram_app/deep_links.yaml.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable
from dataclasses import dataclass
from importlib import resources

import yaml
from telegram import (
    BotCommandScope,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import filters

from bot.commands import COMMANDS, Command, role_label
from bot.core.conversation import Frame
from bot.core.messages import LANGUAGES
from bot.telegram_app.context import BotApp, Context, _now, _store
from bot.telegram_app.profile import _prefs, ui_lang
from bot.telegram_app.sending import _chat_id, _say
from bot.telegram_app.texts import t
from rules.calendar import ROLES, SOFTWARE

logger = logging.getLogger(__name__)

LINKS_FILE = "deep_links.yaml"
PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what Telegram lets a start link carry


@dataclass(frozen=True)
class DeepLink:
    payload: str
    role: str
    software: str | None = None

    def who(self, lang: str) -> str:
        """'éditeur / industriel, DRIMbox', as the welcome says it."""
        label = role_label(self.role, lang)
        return f"{label}, {self.software}" if self.software else label


def parse_links(text: str, source: str = LINKS_FILE) -> dict[str, DeepLink]:
    """The deep links of a YAML text, checked: ValueError naming the payload otherwise."""
    data = yaml.safe_load(text) or {}
    links: dict[str, DeepLink] = {}
    for payload, entry in (data.get("links") or {}).items():
        where = f"{source}: link {payload!r}"
        if not isinstance(payload, str) or not PAYLOAD.fullmatch(payload):
            raise ValueError(f"{where}: a payload is 1-64 of A-Z a-z 0-9 _ -")
        if not isinstance(entry, dict) or entry.get("role") not in ROLES:
            raise ValueError(f"{where}: role must be one of {', '.join(ROLES)}")
        software = entry.get("software")
        if software is not None and software not in SOFTWARE:
            raise ValueError(f"{where}: software must be one of {', '.join(SOFTWARE)}")
        links[payload] = DeepLink(payload, entry["role"], software)
    return links


LINKS = parse_links(
    resources.files("bot.telegram_app").joinpath(LINKS_FILE).read_text(encoding="utf-8"),
    f"bot/telegram_app/{LINKS_FILE}",
)
# "/start vendor-dpi" (or "/start@our_bot vendor-dpi"): routed to start_from_link; any other
# payload reaches the plain /start.
START_LINK = (
    filters.Regex(rf"^/start(@\w+)?\s+({'|'.join(map(re.escape, LINKS))})\s*$")
    if LINKS
    else filters.Regex(r"(?!)")
)


async def start_from_link(update: Update, context: Context) -> None:
    """/start <payload>: preset the role (stored) and the software (the conversation's frame,
    which follow-ups inherit), then a welcome that says so."""
    chat_id = _chat_id(update)
    message = update.effective_message
    assert message is not None and message.text is not None and chat_id is not None
    link = LINKS[message.text.split()[1]]
    _store(context).set_role(chat_id, link.role, _now(context))
    who = update.effective_user.id if update.effective_user else chat_id
    software = frozenset({link.software}) if link.software else frozenset()
    context.bot_data.conversations.remember(who, Frame(role=link.role, software=software))
    lang = ui_lang(update, _prefs(update, context))
    await _say(update, context, t("welcome_link", lang, who=link.who(lang)))


# --- descriptions and menus ----------------------------------------------------------------------


def menu(lang: str, where: str = "private") -> list[tuple[str, str]]:
    """(command, description) of a menu: 'private' (everyone's), 'group' (short), 'admin'
    (everyone's, then /stats and /reload), in `lang`, English names in English."""

    def shown(c: Command) -> bool:
        if not c.telegram:
            return False
        if where == "group":
            return c.group
        return c.menu or where == "admin"

    return [(c.shown(lang), c.description(lang)) for c in COMMANDS if shown(c)]


def menus(admin_ids: frozenset[int]) -> list[tuple[BotCommandScope, str | None, str]]:
    """Every (scope, language_code, menu) to set: French by default, English for English
    clients; groups; each admin's private chat."""
    scopes: list[tuple[BotCommandScope, str]] = [
        (BotCommandScopeDefault(), "private"),
        (BotCommandScopeAllGroupChats(), "group"),
        *((BotCommandScopeChat(chat_id), "admin") for chat_id in sorted(admin_ids)),
    ]
    out: list[tuple[BotCommandScope, str | None, str]] = []
    for scope, where in scopes:
        # No language code: what clients in any other language see (French, as /start does).
        out.append((scope, None, where))
        out += [(scope, lang, where) for lang in LANGUAGES]
    return out


async def set_up_surface(app: BotApp) -> None:
    """In post_init: the descriptions and the command menus, each call on its own."""
    bot = app.bot
    for code in (None, *LANGUAGES):
        lang = code or "fr"
        await _try(
            f"setMyDescription({code})",
            bot.set_my_description(t("bot_description", lang), language_code=code),
        )
        await _try(
            f"setMyShortDescription({code})",
            bot.set_my_short_description(t("bot_short_description", lang), language_code=code),
        )
    for scope, code, where in menus(app.bot_data.admin_ids):
        commands = menu(code or "fr", where)
        await _try(
            f"setMyCommands({scope.type}, {code})",
            bot.set_my_commands(commands, scope=scope, language_code=code),
        )


async def _try(what: str, call: Awaitable[object]) -> None:
    """Await one cosmetic call: a refusal (an admin who never opened the bot: "chat not found")
    is logged, not raised."""
    try:
        await call
    except TelegramError as exc:
        logger.warning("%s failed: %s", what, type(exc).__name__)
