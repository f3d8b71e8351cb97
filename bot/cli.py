"""The `segur-bot` command: ask, chat, kb check/export, eval, report, bench, and the Telegram bot.

`ask` and `chat` never import `telegram`, so they start fast and run with no token at all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.settings import SettingsError
from knowledge.validation import DataError

ROLE_CHOICES = ("vendor", "hospital", "doctor", "pharmacy")


class CliError(Exception):
    """A user error on the command line: printed as one line, exit code 2."""


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date like 2022-04-20, got {value!r}"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="segur-bot",
        description="Answers questions about the Ségur du numérique: deadlines, windows, eligibility. "
        "With no command: the Telegram bot if TELEGRAM_BOT_TOKEN is set, else the console chat.",
    )
    sub = parser.add_subparsers(dest="command")

    ask = sub.add_parser("ask", help="answer one question (or one per line from stdin)")
    ask.add_argument(
        "question", nargs="?", help="the question; omit it to read questions from stdin"
    )
    ask.add_argument(
        "--today", type=_date, help="the date to answer as of (default: today in Paris)"
    )
    ask.add_argument("--role", choices=ROLE_CHOICES)
    ask.add_argument("--lang", choices=("fr", "en"))
    ask.add_argument(
        "--json", action="store_true", help="one JSON object per question, on one line"
    )

    chat = sub.add_parser("chat", help="interactive console chat")
    chat.add_argument("--today", type=_date)
    chat.add_argument("--role", choices=ROLE_CHOICES)
    chat.add_argument("--lang", choices=("fr", "en"))

    kb = sub.add_parser("kb", help="knowledge base tools")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    check = kb_sub.add_parser("check", help="validate the knowledge base and the calendar")
    check.add_argument(
        "--shared", type=Path, help="the shared/ folder holding the source documents"
    )
    export = kb_sub.add_parser("export", help="print the question variants of every topic")
    export.add_argument("--json", action="store_true", required=True)

    ev = sub.add_parser("eval", help="score the engine on an evaluation set")
    ev.add_argument("file", type=Path)
    ev.add_argument("--json", action="store_true")

    report = sub.add_parser("report", help="what the bot could not answer (from the SQLite store)")
    report.add_argument("--since", type=_date)

    bench = sub.add_parser("bench", help="measure speed and memory")
    bench.add_argument("--json", action="store_true")
    bench.add_argument("--quick", action="store_true", help="fewer repetitions (for smoke tests)")
    bench.add_argument(
        "--eval", type=Path, help="the evaluation set (default: tests/eval/questions.yaml)"
    )

    sub.add_parser("telegram", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN)")
    return parser


def _today(value: dt.date | None) -> dt.date:
    from bot.clock import paris_today

    return value or paris_today()


def _engine():
    from bot.core.engine import Engine

    return Engine.load()


def cmd_ask(args: argparse.Namespace) -> int:
    engine = _engine()
    questions = (
        [args.question] if args.question is not None else (line.rstrip("\n") for line in sys.stdin)
    )
    for question in questions:
        if args.question is None and not question.strip():
            continue
        answer = engine.ask(question, today=_today(args.today), role=args.role, lang=args.lang)
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False))
        else:
            print(answer.text)
            if args.question is None:
                print()
        sys.stdout.flush()
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.chat import run_chat

    engine = _engine()
    fixed = args.today
    return run_chat(engine, lambda: _today(fixed), role=args.role, lang=args.lang)


def cmd_kb(args: argparse.Namespace) -> int:
    if args.kb_command == "export":
        from knowledge.loader import load_knowledge

        kb = load_knowledge()
        print(
            json.dumps(
                {t.id: list(t.variants) for t in kb.topics.values()}, ensure_ascii=False, indent=2
            )
        )
        return 0
    from knowledge.sources import check_quotes, find_shared_dir

    engine = _engine()  # loads and cross-checks the knowledge base and the calendar
    from bot.settings import Settings

    shared = find_shared_dir(args.shared or Settings.from_env().shared_dir)
    print(
        f"ok: {len(engine.kb.topics)} topics, "
        f"{sum(len(t.variants) for t in engine.kb.topics.values())} question variants, "
        f"{len(engine.calendar.items)} calendar items"
    )
    if shared is None:
        print("quotes: not checked (no shared/ folder with the source documents; use --shared DIR)")
        return 0
    from rules.sources import check_dates

    problems = [*map(str, check_quotes(engine.kb, shared)), *check_dates(engine.calendar, shared)]
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 1
    n_quotes = sum(len(t.sources) for t in engine.kb.topics.values())
    print(f"quotes: all {n_quotes} found verbatim in {shared}")
    print(f"calendar: every date and time found in {shared / 'reference' / 'segur-facts.md'}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.evaluation import evaluate, load_eval_set, print_report

    engine = _engine()
    result = evaluate(engine, load_eval_set(args.file))
    if args.json:
        print(json.dumps(result.summary(), ensure_ascii=False))
    else:
        print_report(result)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from bot.report import print_report
    from bot.settings import Settings
    from bot.store import Store

    settings = Settings.from_env()
    with Store.open(settings.db_path, settings.hash_salt, create=False) as store:
        print_report(store, since=args.since)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from bot.devtools.bench import run_bench

    return run_bench(as_json=args.json, quick=args.quick, eval_set=args.eval)


def cmd_telegram(args: argparse.Namespace) -> int:
    from bot.settings import Settings
    from bot.telegram_app.app import run

    settings = Settings.from_env()
    if not settings.token:
        raise CliError(
            "TELEGRAM_BOT_TOKEN is not set: set it to run the Telegram bot, or use `segur-bot chat`"
        )
    return run(settings)


def cmd_default(args: argparse.Namespace) -> int:
    from bot.settings import Settings

    if Settings.from_env().token:
        return cmd_telegram(args)
    return cmd_chat(argparse.Namespace(today=None, role=None, lang=None))


COMMANDS = {
    "ask": cmd_ask,
    "chat": cmd_chat,
    "kb": cmd_kb,
    "eval": cmd_eval,
    "report": cmd_report,
    "bench": cmd_bench,
    "telegram": cmd_telegram,
    None: cmd_default,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except DataError as exc:
        print(f"segur-bot: error: {exc}", file=sys.stderr)
        return 2
    except CliError as exc:
        print(f"segur-bot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except SettingsError as exc:
        print(f"segur-bot: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        if _is_store_error(exc):
            print(f"segur-bot: {exc}", file=sys.stderr)
            return 2
        raise


def _is_store_error(exc: Exception) -> bool:
    try:
        from bot.store import StoreError
    except ImportError:
        return False
    return isinstance(exc, StoreError)


if __name__ == "__main__":
    sys.exit(main())
