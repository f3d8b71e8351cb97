"""The `segur-bot` command line: the parser, and the table of sub-command modules.

Only the module of the sub-command that runs is imported (see bot/cli/__init__.py): `ask` and
`chat` never load telegram or the developer tools, so they start fast and run with no token.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from bot.cli import messages
from bot.cli.options import add_scope_options
from bot.errors import UserError
from bot.logs import configure_cli_logging
from bot.settings import Settings, debug_enabled
from knowledge.validation import DataError
from rules.calendar import ROLES


def _date(value: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(messages.say("date_expected", value=value)) from None
    if not messages.FIRST_DAY <= day <= messages.LAST_DAY:
        raise argparse.ArgumentTypeError(
            messages.say(
                "date_out_of_range", first=messages.FIRST_DAY, last=messages.LAST_DAY, value=value
            )
        )
    return day


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error printed as one line (and the way to the help) on stderr."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
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
    ask.add_argument("--role", choices=ROLES)
    ask.add_argument("--lang", choices=("fr", "en"))
    ask.add_argument(
        "--json", action="store_true", help="one JSON object per question, on one line"
    )

    chat = sub.add_parser("chat", help="interactive console chat")
    chat.add_argument("--today", type=_date)
    chat.add_argument("--role", choices=ROLES)
    chat.add_argument("--lang", choices=("fr", "en"))
    chat.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per message (the ask --json fields), for scripted conversations",
    )

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

    report = sub.add_parser(
        "report", help="what the bot could not answer, and the web chat's 👍/👎 (from the store)"
    )
    report.add_argument(
        "--since", help="a date (2022-04-20), hier/yesterday, 7j/7d or 24h (default: all time)"
    )
    formats = report.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="one JSON object, every row")
    formats.add_argument("--csv", action="store_true", help="one CSV table, every row")

    backup = sub.add_parser(
        "backup", help="a consistent copy of the SQLite store (safe while the bot runs)"
    )
    backup.add_argument(
        "-o",
        "--output",
        type=Path,
        help="the copy to write (default: beside the database, named by the time)",
    )

    bench = sub.add_parser("bench", help="measure speed and memory")
    bench.add_argument("--json", action="store_true")
    bench.add_argument("--quick", action="store_true", help="fewer repetitions (for smoke tests)")
    bench.add_argument(
        "--eval", type=Path, help="the evaluation set (default: tests/eval/questions.yaml)"
    )
    bench.add_argument(
        "--soak",
        type=float,
        metavar="MINUTES",
        help="instead: run the real bot that long on unique traffic and print its RSS a minute",
    )
    bench.add_argument(
        "--chats", type=int, default=60_000, help="new chats over the soak (default: 60000)"
    )
    bench.add_argument(
        "--outage",
        type=float,
        metavar="SECONDS",
        help="instead: Telegram refuses every reply that long (502, then 429), count what is lost",
    )
    bench.add_argument(
        "--kills",
        type=int,
        metavar="N",
        help="instead: kill -9 the real bot N times among 100 waiting users, count the unanswered",
    )

    ics = sub.add_parser("ics", help="the calendar of a role and software as an .ics file")
    add_scope_options(ics)
    ics.add_argument("--all", action="store_true", help="every date, the past ones too")

    image = sub.add_parser("calendar-image", help="the timeline of a role and software as a PNG")
    add_scope_options(image)

    sub.add_parser("telegram", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN)")

    web = sub.add_parser("web", help="serve the web chat and its partner widget")
    web.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    web.add_argument("--port", type=int, help="port (default: WEB_PORT, else 8080)")
    return parser


# Sub-command -> the module whose run(args) carries it out, imported only when it runs.
SUBCOMMANDS = {
    "ask": "bot.cli.ask",
    "chat": "bot.cli.chat",
    "kb": "bot.cli.kb",
    "eval": "bot.cli.eval",
    "report": "bot.cli.report",
    "backup": "bot.cli.backup",
    "bench": "bot.cli.bench",
    "telegram": "bot.cli.telegram",
    "ics": "bot.cli.ics",
    "calendar-image": "bot.cli.calendar_image",
    "web": "bot.cli.web",
}


def _subcommand(args: argparse.Namespace) -> tuple[str, argparse.Namespace]:
    """The sub-command to run; with none, the Telegram bot if a token is set, else the chat."""
    if args.command is not None:
        return args.command, args
    if Settings.from_env().token:
        return "telegram", args
    return "chat", argparse.Namespace(command="chat", today=None, role=None, lang=None)


def run(args: argparse.Namespace) -> int:
    name, args = _subcommand(args)
    if name != "telegram":  # the bot sets up its own logging, with timestamps and levels
        configure_cli_logging()
    command: Callable[[argparse.Namespace], int] = importlib.import_module(SUBCOMMANDS[name]).run
    return command(args)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except DataError as exc:
        print(f"segur-bot: error: {exc}", file=sys.stderr)
        return 2
    except UserError as exc:  # settings, store and command-line errors
        print(f"segur-bot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: one line, never a traceback, unless asked for
        if debug_enabled():
            raise
        print(f"segur-bot: {messages.internal_error(exc)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
