"""`segur-bot web [--host 127.0.0.1] [--port 8080]`: the web chat (loads bot.web and tornado)."""

from __future__ import annotations

import argparse

from bot.errors import CliError
from bot.settings import Settings
from bot.web.app import run as run_web


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    port = settings.web_port if args.port is None else args.port
    if not 0 <= port <= 65535:
        raise CliError(f"--port must be between 0 and 65535, got {port}")
    return run_web(settings, args.host, port)
