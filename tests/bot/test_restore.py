"""A safe restore: `segur-bot backup`, and a crashed bot's -wal never replayed into a restored copy."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from bot.store import Store
from tests.helpers.cli import REPO, run_cli
from tests.helpers.telegram import SALT, paris

T0 = paris(2022, 4, 20, 10, 0)

# A bot that writes roles and dies with kill -9: its last commits are only in the -wal.
CRASH = """
import os, signal, sys
from bot.store import Store
from tests.helpers.telegram import SALT, paris
store = Store.open(sys.argv[1], SALT)
for chat in range(int(sys.argv[2]), int(sys.argv[3])):
    store.set_role(chat, "hospital", paris(2022, 5, 1))
os.kill(os.getpid(), signal.SIGKILL)
"""


def _crash_writing(db: Path, first: int, last: int) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CRASH, str(db), str(first), str(last)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        check=False,
    )
    assert done.returncode == -9, done.stderr


def _users(db: Path) -> dict[int, str]:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return dict(conn.execute("SELECT chat_id, role FROM users"))


def test_backup_copies_the_store_while_a_writer_holds_commits_in_the_wal(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    store = Store.open(db, SALT)  # held open, as the running bot holds it
    for chat in range(1, 21):
        store.set_role(chat, "vendor", T0)
        store.subscribe(chat, T0)
    assert (tmp_path / "bot.sqlite3-wal").stat().st_size > 0  # the rows are in the WAL
    env = {"SEGUR_BOT_DB": str(db)}
    done = run_cli("backup", "-o", str(tmp_path / "copy.sqlite3"), env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"backup: {tmp_path / 'copy.sqlite3'} (20 users, 20 subscr")
    assert _users(tmp_path / "copy.sqlite3") == dict.fromkeys(range(1, 21), "vendor")
    assert not (tmp_path / "copy.sqlite3-wal").exists()  # one self-contained file
    again = run_cli("backup", "-o", str(tmp_path / "copy.sqlite3"), env=env)
    assert again.returncode == 2 and "already exists" in again.stderr
    default = run_cli("backup", env=env)
    assert default.returncode == 0, default.stderr
    (named,) = tmp_path.glob("bot-backup-*.sqlite3")
    assert _users(named) == dict.fromkeys(range(1, 21), "vendor")
    store.close()
    missing = run_cli("backup", env={"SEGUR_BOT_DB": str(tmp_path / "none.sqlite3")})
    assert missing.returncode == 2 and "no database at" in missing.stderr


def test_a_restored_copy_is_never_fed_the_crashed_bots_wal(tmp_path: Path) -> None:
    db, backup = tmp_path / "bot.sqlite3", tmp_path / "backup.sqlite3"
    with Store.open(db, SALT) as store:
        for chat in range(1, 11):
            store.set_role(chat, "vendor", T0)
        store.backup(backup)  # what `segur-bot backup` writes
        for chat in range(1, 300):  # later work, checkpointed into the main file
            store.set_role(chat, "other", T0)
    _crash_writing(db, 300, 600)  # and the last commits, only in the -wal, then kill -9
    wal = tmp_path / "bot.sqlite3-wal"
    assert wal.stat().st_size > 0
    os.replace(backup, db)  # the operator restores the backup (mv), the -wal still beside it

    with Store.open(db, SALT) as store:
        assert store.get_user(5).role == "vendor" and store.get_user(450) is None
    assert _users(db) == dict.fromkeys(range(1, 11), "vendor")  # the backup, exactly
    aside = sorted(p.name for p in tmp_path.glob("bot.sqlite3-*.stale-*"))
    assert [name.split(".stale-")[0] for name in aside] == ["bot.sqlite3-shm", "bot.sqlite3-wal"]


def test_after_a_crash_the_same_file_replays_its_own_wal(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    Store.open(db, SALT).close()
    _crash_writing(db, 1, 50)
    with Store.open(db, SALT) as store:
        assert store.get_user(49).role == "hospital"  # the commits in the WAL are kept
    assert list(tmp_path.glob("*.stale-*")) == []


def test_the_corrupt_database_message_says_how_to_restore(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    db.write_bytes(b"not sqlite at all " * 200)
    done = run_cli("report", env={"SEGUR_BOT_DB": str(db)})
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert "move a copy made by `segur-bot backup`" in line and "bot.sqlite3-wal" in line
