"""Every sentence the command line prints on its own (the answers come from bot.core.render).

One place, so the wording of errors can change without touching any logic. Each is one line,
printed on stderr after "segur-bot: ".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.commands import MESSAGES

# --today and --since: far enough either side for any question, and "tomorrow" never overflows.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)


def bad_date(value: str) -> str:
    return f"expected a date like 2022-04-20, got {value!r}"


def date_out_of_range(value: str) -> str:
    return f"expected a date from {FIRST_DAY} to {LAST_DAY}, got {value!r}"


def stdin_not_utf8(line: int) -> str:
    return f"error: line {line} of stdin is not UTF-8 text: skipped (save the file as UTF-8)"


def question_not_utf8() -> str:
    return "error: the question is not UTF-8 text: check the terminal's encoding"


def no_shared_dir(path: Path) -> str:
    return f"error: --shared {path}: no such folder; give the shared/ folder that holds source/"


def shared_without_sources(path: Path) -> str:
    return (
        f"error: --shared {path} has no source/ folder: give the shared/ folder that holds the "
        f"source documents"
    )


def internal_error(exc: BaseException) -> str:
    first = str(exc).splitlines()[0] if str(exc) else ""
    detail = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    return (
        f"internal error ({detail}); please report it with the command you ran "
        f"(SEGUR_DEBUG=1 shows the traceback)"
    )


def backup_exists(target: Path) -> str:
    return f"error: {target} already exists: a backup never overwrites a file; choose another -o"


def backup_onto_itself(target: Path) -> str:
    return f"error: {target} is the database itself: choose another -o"


def backup_done(target: Path, users: int, subscriptions: int) -> str:
    return (
        f"backup: {target} ({users} users, {subscriptions} subscriptions). To restore it: stop "
        f"the bot, move the database and its -wal and -shm aside, then move this file in its place"
    )


def say(key: str, **values: object) -> str:
    return MESSAGES.t(f"cli_{key}", "en", **values)
