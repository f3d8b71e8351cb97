"""`segur-bot ask`: answer one question, or one per line from stdin (plain text or JSON lines)."""

from __future__ import annotations

import argparse
import json
import sys

from bot.clock import paris_today
from bot.data import load_engine
from bot.settings import Settings


def run(args: argparse.Namespace) -> int:
    engine = load_engine(Settings.from_env())
    questions = (
        [args.question] if args.question is not None else (line.rstrip("\n") for line in sys.stdin)
    )
    for question in questions:
        if args.question is None and not question.strip():
            continue
        today = args.today or paris_today()
        answer = engine.ask(question, today=today, role=args.role, lang=args.lang)
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False))
        else:
            print(answer.text)
            if args.question is None:
                print()
        sys.stdout.flush()
    return 0
