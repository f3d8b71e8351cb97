"""`segur-bot chat` (and `segur-bot` with no token): the console chat over the engine."""

from __future__ import annotations

import argparse

from bot.chat import run_chat
from bot.clock import paris_today
from bot.core.engine import Engine


def run(args: argparse.Namespace) -> int:
    engine = Engine.load()
    fixed = args.today
    return run_chat(
        engine,
        lambda: fixed or paris_today(),
        role=args.role,
        lang=args.lang,
        as_json=getattr(args, "json", False),
    )
