"""The command layer the console chat and Telegram share: one table of commands, and what the
shared ones do by calling the engine.

Telegram's routing, its setMyCommands menus and /aide read COMMANDS, and so do the console's
parser and help; each command's help line is in bot/messages.yaml (`command_<name>`), with the
sentences of role and language changes. Plain Python: never imports telegram.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bot.core.messages import LANGUAGES, load_messages
from knowledge.normalize import fold
from rules.calendar import ROLES

if TYPE_CHECKING:  # the command line reads MESSAGES without loading the engine's modules
    from bot.core.answer import Answer
    from bot.core.engine import Engine

# The console's, the command layer's and the command line's sentences; read once, at import.
MESSAGES = load_messages("bot")

# "other" is a real answer to "who are you?", stored as such; to the engine it means no role.
OTHER = "other"
# The roles a user picks from (Telegram's buttons, the console's /role): the two audiences the
# programme mostly speaks to, and "other". A doctor or a pharmacy is recognised in questions.
CHOSEN_ROLES = ("vendor", "hospital", OTHER)
# A fallback offers at most this many of its suggestions (buttons, or numbers in the console).
MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class Command:
    """A slash command: its French name, the English menus' name when it differs, the other
    names it answers to, and where it exists."""

    name: str
    english: str | None = None
    aliases: tuple[str, ...] = ()
    telegram: bool = True
    console: bool = True
    menu: bool = True  # in /aide and setMyCommands; the admin commands are not
    group: bool = False  # in the short menu Telegram shows in groups

    @property
    def names(self) -> tuple[str, ...]:
        """Every name it answers to, French first."""
        return (self.name, *((self.english,) if self.english else ()), *self.aliases)

    def shown(self, lang: str) -> str:
        """The name a menu in `lang` shows: /help in English, /aide in French."""
        return self.english if lang == "en" and self.english else self.name

    def description(self, lang: str) -> str:
        return MESSAGES.t(f"command_{self.name}", lang)


COMMANDS: tuple[Command, ...] = (
    Command("start", console=False),
    Command("prochaine", english="next", group=True),
    Command("echeances", english="deadlines", group=True),
    Command("eligible", group=True),
    Command("role"),
    Command("langue", english="language"),
    Command("parametres", english="settings", console=False),
    Command("rappel", english="remind", console=False),
    Command("calendrier", english="timeline", console=False),
    Command("ics", console=False),
    Command("stop", console=False),
    Command("aide", english="help", group=True),
    Command("quitter", english="quit", aliases=("exit",), telegram=False),
    Command("stats", console=False, menu=False),  # admins; others get the help
    Command("reload", console=False, menu=False),  # admins; others get the help
)


def commands_for(adapter: str, *, menu_only: bool = False) -> tuple[Command, ...]:
    """The commands of 'telegram' or 'console', in the table's order."""
    return tuple(
        c
        for c in COMMANDS
        if (c.telegram if adapter == "telegram" else c.console) and (c.menu or not menu_only)
    )


def find_command(adapter: str, name: str) -> Command | None:
    """The command `name` (without its slash, any case) of that adapter, if any."""
    name = name.lower()
    return next((c for c in commands_for(adapter) if name in c.names), None)


def help_lines(adapter: str, lang: str) -> list[str]:
    """'/prochaine : La fenêtre en cours ou la prochaine', one line per command in the menu."""
    sep = ": " if lang == "en" else " : "
    return [
        f"/{c.shown(lang)}{sep}{c.description(lang)}" for c in commands_for(adapter, menu_only=True)
    ]


# --- roles and languages -------------------------------------------------------------------------


def engine_role(role: str | None) -> str | None:
    """A stored role as the engine takes it: "other" is no particular role."""
    return None if role in (None, OTHER) else role


def role_label(role: str | None, lang: str) -> str:
    """'Éditeur / industriel', as the buttons and the confirmations say it; '-' for none."""
    key = f"role_{role}"
    return MESSAGES.t(key, lang) if role and key in MESSAGES else "-"


def role_named(engine: Engine, text: str) -> str | None:
    """The role a word names ('editeur', 'hôpital', 'officine', 'autre'): the lexicon's role
    clues, or the label of "other" in either language; None when it names none."""
    folded = fold(text).strip()
    if not folded:
        return None
    if folded in {fold(MESSAGES.t(f"role_{OTHER}", lang)) for lang in LANGUAGES}:
        return OTHER
    role = engine.parser.role_in(folded)
    return role if role in ROLES else None


def language_named(text: str) -> str | None:
    """'fr', 'en', 'français', 'English' -> the language code."""
    folded = fold(text).strip()
    for lang in LANGUAGES:
        if folded in (lang, fold(MESSAGES.t("language_name", lang))):
            return lang
    return None


# --- what the shared commands answer -------------------------------------------------------------


class OutlookCommand(Protocol):
    """/prochaine or /echeances: the dates ahead as text."""

    def __call__(self, engine: Engine, *, today: dt.date, role: str | None, lang: str) -> str: ...


def next_window(engine: Engine, *, today: dt.date, role: str | None, lang: str) -> str:
    """/prochaine: the current or next window (a hospital hears only of windows)."""
    return engine.outlook_text(
        today=today, role=role, lang=lang, windows_only=role == "hospital", next_only=True
    )


def deadlines(engine: Engine, *, today: dt.date, role: str | None, lang: str) -> str:
    """/echeances: every date ahead for the role."""
    return engine.outlook_text(
        today=today, role=role, lang=lang, windows_only=False, next_only=False
    )


def eligibility(
    engine: Engine,
    *,
    today: dt.date,
    role: str | None,
    lang: str,
    on: str | None,
    software: frozenset[str] = frozenset(),
) -> Answer:
    """/eligible [date]: the verdict for the role (and software), today or on the date given."""
    return engine.eligibility(today=today, role=role, lang=lang, on=on, software=software)
