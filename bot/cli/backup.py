"""`segur-bot backup [-o FILE]`: a consistent copy of the bot's SQLite file, safe while it runs."""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
from pathlib import Path

from bot.cli import messages
from bot.errors import CliError
from bot.settings import Settings
from bot.store import Store


def default_target(db: Path, now: dt.datetime) -> Path:
    """Beside the database, named by the time of the copy: segur-bot-backup-20260420T100000Z."""
    return db.with_name(f"{db.stem}-backup-{now.strftime('%Y%m%dT%H%M%SZ')}{db.suffix}")


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    target: Path = args.output or default_target(settings.db_path, dt.datetime.now(dt.UTC))
    if target.exists():
        raise CliError(messages.say("backup_exists", target=target))
    if target.resolve() == settings.db_path.resolve():
        raise CliError(messages.say("backup_onto_itself", target=target))
    with Store.open(settings.db_path, settings.hash_salt, create=False) as store:
        store.backup(target)
    with sqlite3.connect(f"file:{target}?mode=ro", uri=True) as copy:
        users = copy.execute("SELECT count(*) FROM users").fetchone()[0]
        subscriptions = copy.execute("SELECT count(*) FROM subscriptions").fetchone()[0]
    copy.close()
    print(messages.say("backup_done", target=target, users=users, subscriptions=subscriptions))
    return 0
