"""Checks on the database file itself: its identity, stale journals, and SQLite's errors in words.

Restoring a backup, safely (see `set_aside_stale_journal`): SQLite keeps recent commits in the
`-wal` file beside the database and replays it at the next open, without checking that it belongs
to that file. A crashed bot's `-wal` next to a restored copy would be replayed into the copy and
corrupt it. So the store records the identity (device, inode) of the file it opened in a small
`<db>.identity` file beside it; at start, when the main file is not the one recorded (a copy was
moved in its place) or is missing, any `-wal` and `-shm` beside it are moved aside, never replayed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
from pathlib import Path

from bot.errors import UserError

logger = logging.getLogger(__name__)

IDENTITY_SUFFIX = ".identity"
JOURNAL_SUFFIXES = ("-wal", "-shm")


class StoreError(UserError):
    """The database cannot be used as it is; the message says which file, why, and what to do."""


class StoreLostError(StoreError):
    """The file was deleted or replaced under the running bot: a change was not stored."""


def restore_advice(path: Path) -> str:
    """What to do with a database that cannot be used: the same words in every message."""
    return (
        f"stop the bot, move {path} and any {path.name}-wal and {path.name}-shm beside it to "
        f"another folder, then move a copy made by `segur-bot backup` to {path} (or set "
        f"SEGUR_BOT_DB to a new file to start afresh)"
    )


def explain(path: Path, exc: sqlite3.Error) -> StoreError:
    """Turn SQLite's terse errors into one line saying what is wrong and what to do."""
    message = str(exc).lower()
    if "locked" in message or "busy" in message:
        return StoreError(
            f"database {path} is locked by another process (another bot instance, or a tool "
            f"holding a write lock): stop it, or point SEGUR_BOT_DB at another file"
        )
    if "readonly" in message or "read-only" in message:
        return StoreError(
            f"database {path} is read-only: give the bot write access to the file and its folder"
        )
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return StoreError(
            f"database {path} is corrupt ({exc}): the bot will not start over an empty one. "
            f"To restore it: {restore_advice(path)}"
        )
    if "unable to open" in message:
        return StoreError(f"cannot open database {path} ({exc}): check the path and permissions")
    if "disk" in message or "full" in message:
        return StoreError(f"cannot write database {path} ({exc}): check the free disk space")
    return StoreError(f"database {path}: {exc}")


def identity_file(path: Path) -> Path:
    return path.with_name(path.name + IDENTITY_SUFFIX)


def file_identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_dev, info.st_ino


def recorded_identity(path: Path) -> tuple[int, int] | None:
    try:
        data = json.loads(identity_file(path).read_text(encoding="utf-8"))
        return int(data["device"]), int(data["inode"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def record_identity(path: Path) -> None:
    """Remember which file the store opened, for the next start (see the module docstring)."""
    identity = file_identity(path)
    if identity is None:
        return
    target = identity_file(path)
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_text(
            json.dumps({"device": identity[0], "inode": identity[1]}) + "\n", encoding="utf-8"
        )
        os.replace(partial, target)
    except OSError as exc:  # only the restore safety net is lost; the database is fine
        logger.warning("cannot write %s (%s)", target, exc.strerror or exc)


def set_aside_stale_journal(path: Path) -> list[Path]:
    """Move a `-wal` and `-shm` that belong to another file out of SQLite's reach."""
    journals = [
        path.with_name(path.name + suffix)
        for suffix in JOURNAL_SUFFIXES
        if path.with_name(path.name + suffix).exists()
    ]
    if not journals:
        return []
    current, recorded = file_identity(path), recorded_identity(path)
    if current is not None and (recorded is None or recorded == current):
        return []  # the file the bot last had open (or no record to judge by): replay is right
    why = "is missing" if current is None else "was replaced since the bot last opened it"
    at = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    moved = []
    for journal in journals:
        aside = journal.with_name(f"{journal.name}.stale-{at}")
        try:
            os.replace(journal, aside)
        except OSError as exc:
            raise StoreError(
                f"database {path} {why}, and its old {journal.name} cannot be moved aside "
                f"({exc.strerror or exc}): move it to another folder yourself, then start again"
            ) from None
        moved.append(aside)
    logger.warning(
        "database %s %s: its old %s belonged to the previous file and would corrupt this one; "
        "moved aside to %s",
        path,
        why,
        " and ".join(j.name for j in journals),
        ", ".join(m.name for m in moved),
    )
    return moved


def check_file(path: Path, create: bool) -> None:
    """Refuse what SQLite would accept silently: an empty file, a folder, a missing file to read."""
    if path.is_dir():
        raise StoreError(f"database path {path} is a folder: point SEGUR_BOT_DB at a file")
    if path.exists():
        if path.stat().st_size == 0:
            # SQLite would happily initialise a 0-byte file: that is how data gets replaced by an
            # empty database after a truncated copy, so a human decides.
            raise StoreError(
                f"database {path} is an empty (0-byte) file, not a segur-bot database: to restore "
                f"it, {restore_advice(path)}"
            )
        if create and not os.access(path, os.W_OK):
            raise StoreError(f"database {path} is read-only: give the bot write access to the file")
        folder = path.parent if str(path.parent) else Path(".")
        if create and not os.access(folder, os.W_OK):
            raise StoreError(
                f"the folder of database {path} is read-only: SQLite needs to write its journal "
                f"next to the file; give the bot write access to {folder}"
            )
        return
    if not create:
        raise StoreError(f"no database at {path}: the bot has not recorded anything yet")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise StoreError(f"cannot create database {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise StoreError(f"cannot create database {path}: the folder {folder} is read-only")
