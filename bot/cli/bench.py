"""`segur-bot bench`: speed and memory figures (bot.devtools.bench; loads the Telegram stack)."""

from __future__ import annotations

import argparse

from bot.devtools.bench import run_bench


def run(args: argparse.Namespace) -> int:
    return run_bench(as_json=args.json, quick=args.quick, eval_set=args.eval)
