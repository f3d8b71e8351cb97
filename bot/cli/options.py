"""The options the calendar exports share (--role, --software, --today, --lang, -o), checked
here so that a bad value gets one line naming it, not argparse's usage block."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from bot.cli.messages import say
from bot.clock import paris_today
from bot.errors import CliError
from bot.exports.scope import Scope, ScopeError, role_named, software_named
from rules.calendar import ROLES


def add_scope_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--role", help=f"{', '.join(ROLES)} (default: every role)")
    parser.add_argument(
        "--software", help="DPI, PFI, SGL, RIS, DRIMbox, LGC or LGO (default: the role's own)"
    )
    parser.add_argument(
        "--today", help="the day the calendar starts from (default: today in Paris)"
    )
    parser.add_argument("--lang", choices=("fr", "en"), default="fr")
    parser.add_argument("-o", "--output", type=Path, help="the file to write")


def scope_of(args: argparse.Namespace) -> Scope:
    try:
        return Scope(role_named(args.role), software_named(args.software))
    except ScopeError as exc:
        raise CliError(say("bad_scope", problem=exc)) from None


def today_of(args: argparse.Namespace) -> dt.date:
    if args.today is None:
        return paris_today()
    try:
        return dt.date.fromisoformat(args.today.strip())
    except ValueError:
        raise CliError(say("bad_date", value=args.today)) from None


def write_output(data: bytes, path: Path | None) -> None:
    """Write to the file, or to stdout without -o (or with -o -)."""
    if path is None or str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise CliError(say("cannot_write", path=path, reason=exc.strerror or exc)) from None
