"""`segur-bot report`: the support report (what the bot could not answer), from the SQLite store."""

from __future__ import annotations

import argparse

from bot.report import print_report
from bot.settings import Settings
from bot.store import Store


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    with Store.open(settings.db_path, settings.hash_salt, create=False) as store:
        print_report(store, since=args.since)
    return 0
