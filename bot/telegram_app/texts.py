"""What the Telegram bot says on its own (bot/telegram_app/messages.yaml; the answers come
from bot.core.render), its command menus, and the HTML it sends.

The menus, the help text and setMyCommands all read bot.commands' table, so they never disagree.
"""

from __future__ import annotations

import html

from bot.commands import commands_for, help_lines
from bot.core.messages import load_messages

# Telegram's own sentences, in bot/telegram_app/messages.yaml; read once, at import.
MESSAGES = load_messages("bot.telegram_app")
# The commands of Telegram's menus and /aide, from the table both chats share.
COMMANDS = commands_for("telegram", menu_only=True)


def t(key: str, lang: str, **values: object) -> str:
    return MESSAGES.t(key, lang, **values)


def help_text(lang: str) -> str:
    return "\n".join([t("help_head", lang), *help_lines("telegram", lang)])


def command_list(lang: str) -> list[tuple[str, str]]:
    """For setMyCommands: the same commands in every language, described in that language."""
    return [(c.shown(lang), c.description(lang)) for c in COMMANDS]


# --- HTML for Telegram ---------------------------------------------------------------------------

MAX_MESSAGE = 4096  # Telegram's limit, counted in UTF-16 code units


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def html_chunks(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Escape plain text for parse_mode=HTML and cut it into messages Telegram accepts.

    Escaping can make a text longer ("<" becomes "&lt;"), so the limit is checked on the escaped
    text. Cuts fall between lines where possible, and never inside an entity like "&amp;".
    Only <, > and & need escaping in Telegram's HTML; quotes stay as typed (no attributes here).
    """
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        for piece in _split_line(line, limit):
            candidate = f"{current}\n{piece}" if current else piece
            if current and _units(candidate) > limit:
                chunks.append(current)
                candidate = piece
            current = candidate
    chunks.append(current)
    # Telegram refuses a blank message: drop the pieces that are only blank lines.
    return [c for c in chunks if c.strip()] or ["…"]


def _split_line(line: str, limit: int) -> list[str]:
    """One escaped line, cut by whole characters into pieces within the limit."""
    escaped = html.escape(line, quote=False)
    if _units(escaped) <= limit:
        return [escaped]
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        esc = html.escape(char, quote=False)
        units = _units(esc)
        if size + units > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(esc)
        size += units
    if current:
        pieces.append("".join(current))
    return pieces
