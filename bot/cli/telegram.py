"""`segur-bot telegram` (and `segur-bot` when TELEGRAM_BOT_TOKEN is set): the Telegram bot."""

from __future__ import annotations

import argparse

from bot.errors import CliError
from bot.settings import Settings
from bot.telegram_app.app import run as run_bot


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if not settings.token:
        raise CliError(
            "TELEGRAM_BOT_TOKEN is not set: set it to run the Telegram bot, or use `segur-bot chat`"
        )
    return run_bot(settings)
