"""`segur-bot eval FILE`: score the engine on an evaluation set (a report, or one JSON line)."""

from __future__ import annotations

import argparse
import json

from bot.data import load_engine
from bot.evaluation import evaluate, load_eval_set, print_report
from bot.settings import Settings


def run(args: argparse.Namespace) -> int:
    engine = load_engine(Settings.from_env())
    result = evaluate(engine, load_eval_set(args.file))
    if args.json:
        print(json.dumps(result.summary(), ensure_ascii=False))
    else:
        print_report(result)
    return 0
