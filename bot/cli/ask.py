"""`segur-bot ask`: answer one question, or one per line from stdin (plain text or JSON lines)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator

from bot.cli import messages
from bot.clock import paris_today
from bot.data import load_engine
from bot.errors import CliError
from bot.settings import Settings


def _stdin_questions(bad: list[int]) -> Iterator[str]:
    """stdin's lines as text, read as bytes: a line that is not UTF-8 is named and skipped,
    whatever the locale's error handler, and the other lines are still answered."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text-only stdin (an embedding program's)
        yield from (line.rstrip("\n") for line in sys.stdin)
        return
    for number, raw in enumerate(buffer, start=1):
        try:
            yield raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            print("segur-bot: " + messages.say("stdin_not_utf8", line=number), file=sys.stderr)
            bad.append(number)


def _is_text(question: str) -> bool:
    # Undecodable command-line bytes reach Python as lone surrogates.
    try:
        question.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def run(args: argparse.Namespace) -> int:
    if args.question is not None and not _is_text(args.question):
        raise CliError(messages.say("question_not_utf8"))
    engine = load_engine(Settings.from_env())
    bad: list[int] = []
    questions = [args.question] if args.question is not None else _stdin_questions(bad)
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
    return 2 if bad else 0
