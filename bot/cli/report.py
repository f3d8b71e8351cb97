"""`segur-bot report [--since WHEN] [--json | --csv]`: the support report (what the bot could not
answer, and the web chat's 👍/👎), from the SQLite store."""

from __future__ import annotations

import argparse
import json

from bot.cli.messages import say
from bot.clock import paris_now
from bot.errors import CliError
from bot.report import (
    EVERYTHING,
    TOP,
    build_report,
    parse_since,
    render_report,
    report_csv,
    report_json,
)
from bot.settings import Settings
from bot.store import Store


def run(args: argparse.Namespace) -> int:
    since = None
    if args.since is not None:
        try:
            since = parse_since(args.since, paris_now())
        except ValueError:
            raise CliError(say("bad_since", value=args.since)) from None
    settings = Settings.from_env()
    whole = args.json or args.csv  # a file for a script or a spreadsheet: every row
    with Store.open(settings.db_path, settings.hash_salt, create=False) as store:
        report = build_report(store, since, top=EVERYTHING if whole else TOP)
    if args.json:
        print(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    elif args.csv:
        print(report_csv(report), end="")
    else:
        print(render_report(report))
    return 0
