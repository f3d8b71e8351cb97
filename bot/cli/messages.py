"""What the command line says on its own (the answers and the files have their own wording).

The sentences are the `cli_` keys of bot/messages.yaml. The command line speaks English, like its
--help; errors are one line, printed by main.py.
"""

from __future__ import annotations

from bot.commands import MESSAGES


def say(key: str, **values: object) -> str:
    return MESSAGES.t(f"cli_{key}", "en", **values)
