"""`segur-bot chat` (and `segur-bot` with no token): the console chat over the engine."""

from __future__ import annotations

import argparse

from bot.chat import run_chat
from bot.clock import paris_today
from bot.data import load_engine
from bot.settings import Settings


def run(args: argparse.Namespace) -> int:
    engine = load_engine(Settings.from_env())
    fixed = args.today
    return run_chat(
        engine,
        lambda: fixed or paris_today(),
        role=args.role,
        lang=args.lang,
        as_json=getattr(args, "json", False),
    )
