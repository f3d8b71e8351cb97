"""The SQLite store: real files, reopened as a restart would, and every way a file can be bad."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.store import Store
from bot.store.files import StoreError
from bot.store.records import MAX_STORED_TEXT
from bot.store.schema import SCHEMA_VERSION
from tests.helpers.telegram import SALT, paris

T0 = paris(2022, 4, 20, 10, 0)


def test_new_file_is_created_versioned_and_in_wal_mode(db_path: Path) -> None:
    with Store.open(db_path, SALT) as store:
        assert store.get_user(1) is None
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"users", "subscriptions", "sent_reminders", "unanswered", "questions"} <= tables
    conn.close()


def test_settings_and_subscriptions_survive_a_reopen(db_path: Path) -> None:
    with Store.open(db_path, SALT) as store:
        store.set_role(1, "vendor", T0)
        store.set_lang(1, "en", T0)
        store.set_lang(2, "fr", T0)  # a language before any role
        assert store.subscribe(1, T0, "en") is True
        assert store.subscribe(1, paris(2022, 5, 1), "en") is False  # keeps its first date
    with Store.open(db_path, SALT) as store:
        assert store.get_user(1).role == "vendor" and store.get_user(1).lang == "en"
        assert store.get_user(2).role is None and store.get_user(2).lang == "fr"
        assert store.is_subscribed(1) and not store.is_subscribed(2)
        assert store.subscribed_roles() == {"vendor"}
        assert store.unsubscribe(1) is True and store.unsubscribe(1) is False
        assert store.subscription_count() == 0


def test_reminder_claims_are_exclusive_and_recoverable(db_path: Path) -> None:
    with Store.open(db_path, SALT) as store:
        store.set_role(1, "vendor", T0)
        store.set_role(2, "vendor", T0)
        store.set_role(3, "hospital", T0)
        for chat in (1, 2, 3):
            store.subscribe(chat, T0)
        store.subscribe(4, T0)  # no role: never a recipient
        send_at = paris(2022, 5, 16, 9, 0)
        assert [r.chat_id for r in store.reminder_recipients("vendor", "x", 30, send_at)] == [1, 2]
        # Subscribed after the send time: not a recipient of that stage.
        assert store.reminder_recipients("vendor", "x", 30, paris(2022, 4, 1)) == []

        assert store.claim_reminder(1, "x", 30, send_at) is True
        assert store.claim_reminder(1, "x", 30, send_at) is False  # a second sender backs off
        store.finish_reminder(1, "x", 30, send_at)
        assert store.claim_reminder(2, "x", 30, send_at) is True  # then the process "dies"
        assert [r.chat_id for r in store.reminder_recipients("vendor", "x", 30, send_at)] == []

    with Store.open(db_path, SALT) as store:  # the restart
        assert store.recover_interrupted() == 1  # chat 2's send was in flight: re-queued
        assert [r.chat_id for r in store.reminder_recipients("vendor", "x", 30, send_at)] == [2]
        statuses = {(r.chat_id, r.status) for r in store.sent_reminders()}
        assert statuses == {(1, "sent")}
        # A failed send gives its claim back; a refused one is final.
        assert store.claim_reminder(2, "x", 30, send_at)
        store.release_reminder(2, "x", 30)
        assert store.claim_reminder(2, "x", 30, send_at)
        store.finish_reminder(2, "x", 30, send_at, status="failed")
        store.release_reminder(2, "x", 30)  # only 'sending' claims are released
        assert {(r.chat_id, r.status) for r in store.sent_reminders()} == {
            (1, "sent"),
            (2, "failed"),
        }


def test_questions_keep_only_a_salted_hash_of_the_chat(db_path: Path) -> None:
    with Store.open(db_path, SALT) as store:
        store.record_question(
            T0, topic="segur_budget", fallback=False, lang="fr", text="budget ?", chat_id=1001
        )
        store.record_question(
            T0, topic=None, fallback=True, lang="fr", text="x" * 5000, role="vendor",
            best_guess="vague2", score=0.41, chat_id=1001,
        )  # fmt: skip
        assert store.question_counts() == (2, 1)
        assert store.topic_counts() == [("segur_budget", 1)]
        (row,) = store.unanswered()
    assert row.chat_hash == hashlib.sha256(f"{SALT}1001".encode()).hexdigest()
    assert len(row.text) == MAX_STORED_TEXT
    assert (row.role, row.best_guess, row.score) == ("vendor", "vague2", 0.41)
    # The only question text kept is the unanswered one, and the chat id is nowhere.
    dump = "\n".join(sqlite3.connect(db_path).iterdump())
    assert "budget ?" not in dump and "1001" not in dump


def test_since_filters_by_time(db_path: Path) -> None:
    with Store.open(db_path, SALT) as store:
        store.record_question(paris(2022, 1, 1), topic="a", fallback=True, lang="fr", text="old")
        store.record_question(paris(2022, 6, 1), topic="b", fallback=False, lang="fr")
        assert store.question_counts(paris(2022, 3, 1)) == (1, 0)
        assert [r.text for r in store.unanswered(paris(2022, 3, 1))] == []
        assert [r.text for r in store.unanswered()] == ["old"]


# --- files that cannot be used --------------------------------------------------------------------


def test_reader_refuses_a_missing_file_and_creates_nothing(db_path: Path) -> None:
    with pytest.raises(
        StoreError, match=f"no database at {db_path}: the bot has not recorded anything yet"
    ):
        Store.open(db_path, SALT, create=False)
    assert not db_path.exists()


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"folder .* does not exist"):
        Store.open(tmp_path / "nope" / "bot.sqlite3", SALT)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a database, just text" * 100, "is corrupt"),
        (b"", "empty \\(0-byte\\) file"),
    ],
    ids=["garbage", "empty"],
)
def test_corrupt_or_empty_file_is_refused_and_left_alone(
    db_path: Path, content: bytes, message: str
) -> None:
    db_path.write_bytes(content)
    with pytest.raises(StoreError, match=message):
        Store.open(db_path, SALT)
    assert db_path.read_bytes() == content  # never replaced by an empty database


def test_damaged_pages_fail_the_integrity_check(db_path: Path) -> None:
    with Store.open(db_path, SALT) as store:
        for i in range(300):
            store.record_question(
                T0, topic=None, fallback=True, lang="fr", text=f"question {i} " * 20
            )
    data = bytearray(db_path.read_bytes())
    page = 4096
    for number in range(2, 6):  # scribble over the headers of a few b-tree pages
        data[(number - 1) * page : (number - 1) * page + 64] = b"\xff" * 64
    db_path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="corrupt"):
        Store.open(db_path, SALT)


def _make_read_only(path: Path) -> Callable[[], None]:
    """Make a file unwritable even for root (who ignores permissions): chattr +i where possible."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        return lambda: path.chmod(0o644)
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(
            f"running as root and chattr +i is not available: {done.stderr.decode().strip()}"
        )
    return lambda: subprocess.run(["chattr", "-i", str(path)], check=False)


def test_read_only_file(db_path: Path) -> None:
    Store.open(db_path, SALT).close()
    undo = _make_read_only(db_path)
    try:
        with pytest.raises(StoreError, match="read-only"):
            Store.open(db_path, SALT)
        # The report only reads: it still works.
        with Store.open(db_path, SALT, create=False) as store:
            assert store.question_counts() == (0, 0)
    finally:
        undo()


def test_locked_file(db_path: Path) -> None:
    Store.open(db_path, SALT).close()
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked by another process"):
            Store.open(db_path, SALT, lock_timeout=0.1)
    finally:
        other.execute("ROLLBACK")
        other.close()
    Store.open(db_path, SALT).close()  # usable again once the lock is gone


def test_another_programs_database_and_a_newer_schema(db_path: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="another program"):
        Store.open(foreign, SALT)

    Store.open(db_path, SALT).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer segur-bot"):
        Store.open(db_path, SALT)


def test_closed_store_says_so(db_path: Path) -> None:
    store = Store.open(db_path, SALT)
    store.close()
    store.close()  # twice is fine
    with pytest.raises(StoreError, match="closed"):
        store.get_user(1)


def test_question_statistics_are_written_behind_and_never_lost_on_close(db_path: Path) -> None:
    store = Store.open(db_path, SALT)
    for i in range(3):
        store.record_question(T0, topic=None, fallback=True, lang="fr", text=f"q{i}", chat_id=i)
    with Store.open(db_path, SALT, create=False) as reader:
        assert reader.question_counts() == (0, 0)  # still in the batch
    store.close()  # a clean stop writes the batch
    with Store.open(db_path, SALT, create=False) as reader:
        assert reader.question_counts() == (3, 3)
        assert [row.text for row in reader.unanswered()] == ["q0", "q1", "q2"]


def test_a_full_batch_is_written_at_once(db_path: Path) -> None:
    from bot.store.support import QUESTION_BATCH

    with Store.open(db_path, SALT) as store:
        for i in range(QUESTION_BATCH):
            store.record_question(T0, topic="segur_budget", fallback=False, lang="fr", chat_id=i)
        with Store.open(db_path, SALT, create=False) as reader:
            assert reader.question_counts() == (QUESTION_BATCH, 0)


# --- schema 2: the web chat's tables ---------------------------------------------------------------


def _version_1_file(path: Path) -> None:
    """A file as segur-bot wrote it before the web chat: schema 1, with a user in it."""
    from bot.store.schema import SCHEMA

    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    conn.execute("INSERT INTO users VALUES (5, 'vendor', 'en', '2022-01-01T00:00:00+00:00')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def test_a_version_1_file_is_upgraded_and_keeps_its_rows(db_path: Path) -> None:
    _version_1_file(db_path)
    # A reader opens it as it is, and writes nothing.
    with Store.open(db_path, SALT, create=False) as reader:
        assert reader.get_user(5) is not None
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    with Store.open(db_path, SALT) as store:
        assert store.get_user(5) == store.get_user(5) and store.get_user(5).role == "vendor"
        store.create_web_session("abc", T0, lang="en")
        assert store.get_web_session("abc").lang == "en"
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    conn.close()
    Store.open(db_path, SALT).close()  # a second open migrates nothing twice


def test_web_sessions_keep_role_language_and_context_across_a_reopen(db_path: Path) -> None:
    with Store.open(db_path, SALT) as store:
        assert store.get_web_session("s1") is None
        store.create_web_session("s1", T0)
        store.update_web_session("s1", T0, role="vendor")
        store.update_web_session(
            "s1", T0, lang="en", context='{"role": "vendor"}', set_context=True
        )
        store.update_web_session("s1", paris(2022, 4, 20, 10, 5))  # a touch keeps everything
    with Store.open(db_path, SALT) as store:
        session = store.get_web_session("s1")
        assert (session.role, session.lang, session.context) == (
            "vendor",
            "en",
            '{"role": "vendor"}',
        )
        store.update_web_session("s1", paris(2022, 4, 20, 10, 6), set_context=True)  # forget it
        assert store.get_web_session("s1").context is None
        assert store.purge_web_sessions(paris(2022, 4, 20, 10, 1)) == 0
        assert store.purge_web_sessions(paris(2022, 4, 21)) == 1
        assert store.get_web_session("s1") is None


def test_feedback_is_kept_without_the_session_id(db_path: Path) -> None:
    with Store.open(db_path, SALT) as store:
        store.record_feedback(
            T0, "secret-session", topic="budget", lang="fr", vote=1, question="x" * 5000
        )
        store.record_feedback(T0, "secret-session", topic=None, lang="en", vote=-1, question="?")
        with pytest.raises(ValueError):
            store.record_feedback(T0, "s", topic=None, lang="fr", vote=0, question="?")
        rows = store.feedback()
    assert [r.vote for r in rows] == [1, -1] and len(rows[0].question) == MAX_STORED_TEXT
    assert rows[0].session_hash == rows[1].session_hash != "secret-session"
    assert "secret-session" not in db_path.read_bytes().decode("latin-1")
