"""The bot's memory: one SQLite file for user settings, reminder subscriptions and support data.

Why a store of our own rather than a PTB persistence: reminders need a per-(chat, item, stage)
ledger that survives restarts, and the support report needs plain tables a command-line tool can
read while the bot runs (WAL lets one writer and many readers share the file).

Reminder delivery, exactly how (see `claim_reminder`): a reminder row is inserted as 'sending'
*before* the message goes out and turned into 'sent' after Telegram accepted it. The primary key
(chat_id, item_id, days_before) makes the claim atomic, so no two jobs, and no second run after
a restart, can send the same reminder once it is marked 'sent'. A send that fails for good
(network still down after the retries) releases its claim, so it is retried later: nothing is
lost. The one window left is a hard crash (SIGKILL, power loss) while the request is in flight:
the row is still 'sending' at the next start, and we cannot know whether Telegram delivered it.
`recover_interrupted` re-queues those rows, so the semantics are at-least-once in that window
and exactly-once everywhere else: a missed deadline reminder costs a user far more than a rare
duplicate. A clean stop (SIGTERM) finishes the send in flight first, so it never leaves one.

Restoring a backup, safely (see `_set_aside_stale_journal`): SQLite keeps recent commits in the
`-wal` file beside the database and replays it at the next open, without checking that it belongs
to that file. A crashed bot's `-wal` next to a restored copy would be replayed into the copy and
corrupt it. So the store records the identity (device, inode) of the file it opened in a small
`<db>.identity` file beside it; at start, when the main file is not the one recorded (a copy was
moved in its place) or is missing, any `-wal` and `-shm` beside it are moved aside, never replayed.
`segur-bot backup` makes a consistent copy with SQLite's online backup API, while the bot runs.

A file deleted or replaced while the bot runs (see `_write`): the open connection would go on
writing into the lost file, and every change would vanish at the next start. So after every
write the store checks that the path still names the file it opened; when it does not, the
write raises StoreLostError (the adapter tells the user it was not saved) and every later write
is refused the same way. At the next start, a missing file that the identity record says existed
is refused too, unless SEGUR_BOT_DB_START_EMPTY=1 says to start empty on purpose.

Nothing here identifies a user in the support tables: unanswered questions carry only a salted
SHA-256 of the chat id, so a support team can see that questions came from one chat, not whose.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from bot.errors import UserError

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2
IDENTITY_SUFFIX = ".identity"
JOURNAL_SUFFIXES = ("-wal", "-shm")
# Unanswered questions are kept for the report; a 10,000-character paste must not bloat the file.
QUESTION_BATCH = 32
# Question statistics waiting for a store that cannot take them are capped: memory stays bounded.
MAX_PENDING_QUESTIONS = 10_000
MAX_STORED_TEXT = 1000

SCHEMA = """
CREATE TABLE users (
    chat_id    INTEGER PRIMARY KEY,
    role       TEXT,              -- vendor, hospital, doctor, pharmacy, other (NULL: not asked yet)
    lang       TEXT,              -- fr or en, chosen with /langue (NULL: follow each message)
    updated_at TEXT NOT NULL
);
CREATE TABLE subscriptions (
    chat_id    INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    lang       TEXT              -- the language of the /rappel conversation, for the reminders
);
CREATE TABLE sent_reminders (
    chat_id     INTEGER NOT NULL,
    item_id     TEXT NOT NULL,
    days_before INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
    sent_at     TEXT NOT NULL,
    PRIMARY KEY (chat_id, item_id, days_before)
);
CREATE TABLE questions (
    id       INTEGER PRIMARY KEY,
    asked_at TEXT NOT NULL,
    topic    TEXT,
    fallback INTEGER NOT NULL,
    lang     TEXT NOT NULL
);
CREATE INDEX questions_asked_at ON questions (asked_at);
CREATE TABLE unanswered (
    id         INTEGER PRIMARY KEY,
    asked_at   TEXT NOT NULL,
    text       TEXT NOT NULL,
    lang       TEXT NOT NULL,
    role       TEXT,
    best_guess TEXT,
    score      REAL NOT NULL,
    chat_hash  TEXT NOT NULL
);
CREATE INDEX unanswered_asked_at ON unanswered (asked_at);
"""

# Schema changes since version 1, in order: MIGRATIONS[n] turns version n - 1 into version n. A
# new file gets SCHEMA then every migration; an older file gets the migrations it lacks, in one
# transaction with the version bump, so a crash mid-way leaves the old version and the old tables.
MIGRATIONS: dict[int, str] = {
    # The web chat: one row per browser session (a random id in a cookie, no login), the
    # conversation frame a follow-up inherits, and the thumbs up/down on answers.
    2: """
CREATE TABLE web_sessions (
    id         TEXT PRIMARY KEY,  -- random, from the session cookie
    role       TEXT,              -- vendor, hospital, doctor, pharmacy (NULL: not chosen)
    lang       TEXT,              -- fr or en (NULL: not chosen)
    context    TEXT,              -- the last answer's frame, as JSON (NULL: none)
    context_at TEXT,              -- when that frame was set: it expires after a quiet period
    created_at TEXT NOT NULL,
    seen_at    TEXT NOT NULL
);
CREATE INDEX web_sessions_seen_at ON web_sessions (seen_at);
CREATE TABLE web_feedback (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    session_hash TEXT NOT NULL,   -- salted SHA-256 of the session id, as chat_hash
    topic        TEXT,
    lang         TEXT NOT NULL,
    vote         INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    question     TEXT NOT NULL
);
CREATE INDEX web_feedback_at ON web_feedback (at);
""",
}


class StoreError(UserError):
    """The database cannot be used as it is; the message says which file, why, and what to do."""


class StoreLostError(StoreError):
    """The file was deleted or replaced under the running bot: a change was not stored."""


@dataclass(frozen=True)
class UserPrefs:
    role: str | None
    lang: str | None


@dataclass(frozen=True)
class Recipient:
    chat_id: int
    lang: str | None


@dataclass(frozen=True)
class ReminderRow:
    chat_id: int
    item_id: str
    days_before: int
    status: str
    sent_at: str


@dataclass(frozen=True)
class WebSession:
    id: str
    role: str | None
    lang: str | None
    context: str | None  # the frame's JSON, as the web adapter wrote it
    context_at: str | None
    seen_at: str


@dataclass(frozen=True)
class FeedbackRow:
    at: str
    session_hash: str
    topic: str | None
    lang: str
    vote: int
    question: str


@dataclass(frozen=True)
class UnansweredRow:
    asked_at: str
    text: str
    lang: str
    role: str | None
    best_guess: str | None
    score: float
    chat_hash: str


def stamp(moment: dt.datetime) -> str:
    """A sortable UTC text timestamp: comparing the strings compares the moments."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def restore_advice(path: Path) -> str:
    """What to do with a database that cannot be used: the same words in every message."""
    return (
        f"stop the bot, move {path} and any {path.name}-wal and {path.name}-shm beside it to "
        f"another folder, then move a copy made by `segur-bot backup` to {path} (or set "
        f"SEGUR_BOT_DB to a new file to start afresh)"
    )


def _explain(path: Path, exc: sqlite3.Error) -> StoreError:
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


class Store:
    """One SQLite connection shared by the bot's event loop and its job queue, behind a lock."""

    def __init__(self, conn: sqlite3.Connection, path: Path, salt: str) -> None:
        # Use Store.open: it checks the file before anything is written to it.
        self._conn: sqlite3.Connection | None = conn
        self.path = path
        self._salt = salt
        self._lock = threading.Lock()
        # Question statistics are written behind, in batches: one SQLite transaction per
        # question cost a busy bot more than its engine. flush_questions() runs when the batch
        # is full, before any read of them, every few seconds (a job) and at close, so a hard
        # crash can lose at most the last batch of counts, never a user's settings.
        self._pending_questions: list[tuple[Any, ...]] = []
        self._pending_unanswered: list[tuple[Any, ...]] = []
        # Which file this connection writes to; None once it was found deleted or replaced.
        self._identity = _file_identity(path)
        self._lost: str | None = None

    # --- opening and closing --------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        salt: str,
        *,
        create: bool = True,
        lock_timeout: float = 5.0,
        start_empty: bool = False,
    ) -> Store:
        """Open (and, with create, initialise) the database; StoreError says what is wrong.

        create=False is for readers such as `segur-bot report`: a missing file is an error, not
        a reason to make an empty one. An existing file is never overwritten or re-initialised,
        and a missing one the bot had before is not replaced by an empty one unless start_empty.
        """
        path = Path(path)
        if create and not start_empty and not path.exists() and _identity_file(path).exists():
            raise StoreError(
                f"database {path} is missing, but the bot had one there ({_identity_file(path)} "
                f"records it): to restore it, {restore_advice(path)}; to start with an empty "
                f"database on purpose, set SEGUR_BOT_DB_START_EMPTY=1 for one start"
            )
        if create:
            _set_aside_stale_journal(path)
        _check_file(path, create)
        try:
            conn = sqlite3.connect(
                path, timeout=lock_timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise _explain(path, exc) from None
        try:
            _prepare(conn, path, create)
        except sqlite3.Error as exc:
            conn.close()
            raise _explain(path, exc) from None
        except StoreError:
            conn.close()
            raise
        if create:
            _record_identity(path)
        return cls(conn, path, salt)

    def close(self) -> None:
        """Write pending records, checkpoint the WAL into the main file and close; safe twice."""
        with contextlib.suppress(StoreError):
            self.flush_questions()
        with self._lock:
            conn, self._conn = self._conn, None
            if conn is None:
                return
            try:
                # Folding the WAL back keeps the file self-contained for a copy or a backup.
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                pass  # a reader holds the WAL: SQLite will checkpoint on a later open
            finally:
                conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def backup(self, target: Path) -> None:
        """A consistent copy of the database at `target`, with SQLite's online backup API.

        Safe while the bot writes (the copy is one snapshot, commits in the WAL included). The
        copy is written beside the target and renamed, so a failure never leaves half a file.
        """
        partial = target.with_name(target.name + ".partial")
        try:
            copy = sqlite3.connect(partial)
            try:
                with self._db() as conn:
                    conn.backup(copy)
                # A copy that carries no WAL of its own: one self-contained file.
                copy.execute("PRAGMA journal_mode = DELETE")
            finally:
                copy.close()
            os.replace(partial, target)
        except sqlite3.Error as exc:
            raise _explain(target, exc) from None
        except OSError as exc:
            raise StoreError(f"cannot write the backup {target} ({exc.strerror or exc})") from None
        finally:
            partial.unlink(missing_ok=True)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """The connection, under the lock, with SQLite errors turned into StoreError."""
        with self._lock:
            if self._conn is None:
                raise StoreError(f"database {self.path} is closed")
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise _explain(self.path, exc) from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """The connection for a change, then the check that the change reached the real file."""
        with self._db() as conn:
            if self._lost is not None:
                raise StoreLostError(self._lost)
            yield conn
            self._check_file_identity()
            if self._lost is not None:
                raise StoreLostError(self._lost)

    def _check_file_identity(self) -> None:
        """Lock held: after a write, is the path still the file this connection writes to?"""
        now = _file_identity(self.path)
        if now == self._identity:
            return
        why = "was deleted" if now is None else "was replaced by another file"
        self._lost = (
            f"database {self.path} {why} while the bot ran: this change was not stored, nor will "
            f"any other be until the bot restarts; to restore it, {restore_advice(self.path)}"
        )
        # Logged once, when found; each refused change then says so to its user.
        logger.error("%s", self._lost)

    @property
    def lost(self) -> bool:
        """True once the file was found deleted or replaced: nothing more can be stored."""
        return self._lost is not None

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._db() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # --- users ----------------------------------------------------------------------------------

    def get_user(self, chat_id: int) -> UserPrefs | None:
        with self._db() as conn:
            row = conn.execute(
                "SELECT role, lang FROM users WHERE chat_id = ?", (chat_id,)
            ).fetchone()
        return UserPrefs(row[0], row[1]) if row else None

    def set_role(self, chat_id: int, role: str, at: dt.datetime) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO users (chat_id, role, lang, updated_at) VALUES (?, ?, NULL, ?) "
                "ON CONFLICT (chat_id) DO UPDATE SET role = excluded.role, updated_at = excluded.updated_at",
                (chat_id, role, stamp(at)),
            )

    def set_lang(self, chat_id: int, lang: str, at: dt.datetime) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO users (chat_id, role, lang, updated_at) VALUES (?, NULL, ?, ?) "
                "ON CONFLICT (chat_id) DO UPDATE SET lang = excluded.lang, updated_at = excluded.updated_at",
                (chat_id, lang, stamp(at)),
            )

    # --- subscriptions --------------------------------------------------------------------------

    def subscribe(self, chat_id: int, at: dt.datetime, lang: str | None = None) -> bool:
        """True if the chat was not subscribed yet (an existing subscription keeps its date)."""
        with self._write() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO subscriptions (chat_id, created_at, lang) VALUES (?, ?, ?)",
                (chat_id, stamp(at), lang),
            )
            return cur.rowcount == 1

    def unsubscribe(self, chat_id: int) -> bool:
        with self._write() as conn:
            return (
                conn.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,)).rowcount
                == 1
            )

    def is_subscribed(self, chat_id: int) -> bool:
        with self._db() as conn:
            row = conn.execute(
                "SELECT 1 FROM subscriptions WHERE chat_id = ?", (chat_id,)
            ).fetchone()
        return row is not None

    def subscribed_roles(self) -> set[str]:
        """The roles that have at least one subscriber: reminders are scheduled per role."""
        with self._db() as conn:
            rows = conn.execute(
                "SELECT DISTINCT u.role FROM subscriptions s JOIN users u USING (chat_id) "
                "WHERE u.role IS NOT NULL"
            ).fetchall()
        return {r[0] for r in rows}

    def subscription_count(self) -> int:
        with self._db() as conn:
            return int(conn.execute("SELECT count(*) FROM subscriptions").fetchone()[0])

    # --- the reminder ledger --------------------------------------------------------------------

    def reminder_recipients(
        self, role: str, item_id: str, days_before: int, subscribed_by: dt.datetime
    ) -> list[Recipient]:
        """Subscribers with this role, subscribed by then, who have not been sent this reminder.

        One query for a whole role, whatever the number of subscribers.
        """
        with self._db() as conn:
            rows = conn.execute(
                "SELECT s.chat_id, coalesce(u.lang, s.lang) FROM subscriptions s JOIN users u USING (chat_id) "
                "WHERE u.role = ? AND s.created_at <= ? AND NOT EXISTS ("
                "  SELECT 1 FROM sent_reminders r WHERE r.chat_id = s.chat_id"
                "  AND r.item_id = ? AND r.days_before = ?) "
                "ORDER BY s.chat_id",
                (role, stamp(subscribed_by), item_id, days_before),
            ).fetchall()
        return [Recipient(r[0], r[1]) for r in rows]

    def claim_reminder(self, chat_id: int, item_id: str, days_before: int, at: dt.datetime) -> bool:
        """Record the reminder as 'sending' before it is sent; False if it already was claimed."""
        with self._write() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO sent_reminders (chat_id, item_id, days_before, status, sent_at) "
                "VALUES (?, ?, ?, 'sending', ?)",
                (chat_id, item_id, days_before, stamp(at)),
            )
            return cur.rowcount == 1

    def finish_reminder(
        self, chat_id: int, item_id: str, days_before: int, at: dt.datetime, *, status: str = "sent"
    ) -> None:
        """'sent' once Telegram accepted it; 'failed' when it never can be (the user blocked us)."""
        if status not in ("sent", "failed"):
            raise ValueError(f"unknown reminder status {status!r}")
        with self._write() as conn:
            conn.execute(
                "UPDATE sent_reminders SET status = ?, sent_at = ? "
                "WHERE chat_id = ? AND item_id = ? AND days_before = ?",
                (status, stamp(at), chat_id, item_id, days_before),
            )

    def release_reminder(self, chat_id: int, item_id: str, days_before: int) -> None:
        """Give a claim back after a failed send, so a later run sends it: nothing is lost."""
        with self._write() as conn:
            conn.execute(
                "DELETE FROM sent_reminders WHERE chat_id = ? AND item_id = ? AND days_before = ? "
                "AND status = 'sending'",
                (chat_id, item_id, days_before),
            )

    def recover_interrupted(self) -> int:
        """At start: re-queue the reminders a crash left 'sending' (see the module docstring)."""
        with self._write() as conn:
            return conn.execute("DELETE FROM sent_reminders WHERE status = 'sending'").rowcount

    def sent_reminders(self, chat_id: int | None = None) -> list[ReminderRow]:
        with self._db() as conn:
            sql = "SELECT chat_id, item_id, days_before, status, sent_at FROM sent_reminders"
            args: tuple[int, ...] = ()
            if chat_id is not None:
                sql, args = sql + " WHERE chat_id = ?", (chat_id,)
            rows = conn.execute(sql + " ORDER BY sent_at, chat_id", args).fetchall()
        return [ReminderRow(*r) for r in rows]

    # --- questions, for the support report ------------------------------------------------------

    def chat_hash(self, chat_id: int) -> str:
        return hashlib.sha256(f"{self._salt}{chat_id}".encode()).hexdigest()

    def record_question(
        self,
        at: dt.datetime,
        *,
        topic: str | None,
        fallback: bool,
        lang: str,
        text: str = "",
        role: str | None = None,
        best_guess: str | None = None,
        score: float = 0.0,
        chat_id: int = 0,
    ) -> None:
        """Count every question; keep the text of the ones the bot could not answer confidently."""
        when = stamp(at)
        with self._lock:
            if self._conn is None:
                raise StoreError(f"database {self.path} is closed")
            self._pending_questions.append((when, topic, int(fallback), lang))
            if fallback:
                self._pending_unanswered.append(
                    (
                        when,
                        text[:MAX_STORED_TEXT],
                        lang,
                        role,
                        best_guess,
                        score,
                        self.chat_hash(chat_id),
                    )
                )
            if len(self._pending_questions) > MAX_PENDING_QUESTIONS:
                del self._pending_questions[:-MAX_PENDING_QUESTIONS]
                del self._pending_unanswered[:-MAX_PENDING_QUESTIONS]
            full = len(self._pending_questions) >= QUESTION_BATCH
        if full:
            self.flush_questions()

    def flush_questions(self) -> int:
        """Write the pending question records; returns how many. They stay pending on error."""
        with self._lock:
            questions, unanswered = self._pending_questions, self._pending_unanswered
            if not questions or self._conn is None:
                return 0
            if self._lost is not None:
                raise StoreLostError(self._lost)
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    conn.executemany(
                        "INSERT INTO questions (asked_at, topic, fallback, lang) VALUES (?, ?, ?, ?)",
                        questions,
                    )
                    conn.executemany(
                        "INSERT INTO unanswered (asked_at, text, lang, role, best_guess, score, chat_hash) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        unanswered,
                    )
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise _explain(self.path, exc) from None
            self._check_file_identity()
            if self._lost is not None:
                raise StoreLostError(self._lost)
            self._pending_questions, self._pending_unanswered = [], []
            return len(questions)

    def question_counts(self, since: dt.datetime | None = None) -> tuple[int, int]:
        """(questions, fallbacks) asked at or after `since`."""
        self.flush_questions()
        with self._db() as conn:
            row = conn.execute(
                "SELECT count(*), coalesce(sum(fallback), 0) FROM questions WHERE asked_at >= ?",
                (stamp(since) if since else "",),
            ).fetchone()
        return int(row[0]), int(row[1])

    def topic_counts(
        self, since: dt.datetime | None = None, limit: int = 10
    ) -> list[tuple[str, int]]:
        self.flush_questions()
        with self._db() as conn:
            rows = conn.execute(
                "SELECT topic, count(*) AS n FROM questions WHERE asked_at >= ? AND topic IS NOT NULL "
                "GROUP BY topic ORDER BY n DESC, topic LIMIT ?",
                (stamp(since) if since else "", limit),
            ).fetchall()
        return [(r[0], int(r[1])) for r in rows]

    def unanswered(self, since: dt.datetime | None = None) -> list[UnansweredRow]:
        self.flush_questions()
        with self._db() as conn:
            rows = conn.execute(
                "SELECT asked_at, text, lang, role, best_guess, score, chat_hash FROM unanswered "
                "WHERE asked_at >= ? ORDER BY asked_at, id",
                (stamp(since) if since else "",),
            ).fetchall()
        return [UnansweredRow(*r) for r in rows]

    # --- web chat sessions ----------------------------------------------------------------------

    def get_web_session(self, session_id: str) -> WebSession | None:
        with self._db() as conn:
            row = conn.execute(
                "SELECT id, role, lang, context, context_at, seen_at FROM web_sessions WHERE id = ?",
                (session_id,),
            ).fetchone()
        return WebSession(*row) if row else None

    def create_web_session(
        self, session_id: str, at: dt.datetime, *, role: str | None = None, lang: str | None = None
    ) -> WebSession:
        when = stamp(at)
        with self._db() as conn:
            conn.execute(
                "INSERT INTO web_sessions (id, role, lang, created_at, seen_at) VALUES (?, ?, ?, ?, ?)",
                (session_id, role, lang, when, when),
            )
        return WebSession(session_id, role, lang, None, None, when)

    def update_web_session(
        self,
        session_id: str,
        at: dt.datetime,
        *,
        role: str | None = None,
        lang: str | None = None,
        context: str | None = None,
        set_context: bool = False,
    ) -> None:
        """Touch a session; a role or language given replaces the stored one, and with
        set_context the frame is replaced (None forgets it)."""
        when = stamp(at)
        with self._db() as conn:
            conn.execute(
                "UPDATE web_sessions SET seen_at = ?, role = coalesce(?, role), "
                "lang = coalesce(?, lang), "
                "context = CASE WHEN ? THEN ? ELSE context END, "
                "context_at = CASE WHEN ? THEN ? ELSE context_at END WHERE id = ?",
                (when, role, lang, set_context, context, set_context, when, session_id),
            )

    def purge_web_sessions(self, quiet_since: dt.datetime) -> int:
        """Forget the sessions not seen since then; returns how many."""
        with self._db() as conn:
            return conn.execute(
                "DELETE FROM web_sessions WHERE seen_at < ?", (stamp(quiet_since),)
            ).rowcount

    def session_hash(self, session_id: str) -> str:
        return hashlib.sha256(f"{self._salt}web:{session_id}".encode()).hexdigest()

    def record_feedback(
        self,
        at: dt.datetime,
        session_id: str,
        *,
        topic: str | None,
        lang: str,
        vote: int,
        question: str,
    ) -> None:
        if vote not in (-1, 1):
            raise ValueError(f"a vote is -1 or 1, got {vote!r}")
        with self._db() as conn:
            conn.execute(
                "INSERT INTO web_feedback (at, session_hash, topic, lang, vote, question) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    stamp(at),
                    self.session_hash(session_id),
                    topic,
                    lang,
                    vote,
                    question[:MAX_STORED_TEXT],
                ),
            )

    def feedback(self, since: dt.datetime | None = None) -> list[FeedbackRow]:
        with self._db() as conn:
            rows = conn.execute(
                "SELECT at, session_hash, topic, lang, vote, question FROM web_feedback "
                "WHERE at >= ? ORDER BY at, id",
                (stamp(since) if since else "",),
            ).fetchall()
        return [FeedbackRow(*r) for r in rows]


# --- opening checks -------------------------------------------------------------------------------


def _identity_file(path: Path) -> Path:
    return path.with_name(path.name + IDENTITY_SUFFIX)


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_dev, info.st_ino


def _recorded_identity(path: Path) -> tuple[int, int] | None:
    try:
        data = json.loads(_identity_file(path).read_text(encoding="utf-8"))
        return int(data["device"]), int(data["inode"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _record_identity(path: Path) -> None:
    """Remember which file the store opened, for the next start (see the module docstring)."""
    identity = _file_identity(path)
    if identity is None:
        return
    target = _identity_file(path)
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_text(
            json.dumps({"device": identity[0], "inode": identity[1]}) + "\n", encoding="utf-8"
        )
        os.replace(partial, target)
    except OSError as exc:  # only the restore safety net is lost; the database is fine
        logger.warning("cannot write %s (%s)", target, exc.strerror or exc)


def _set_aside_stale_journal(path: Path) -> list[Path]:
    """Move a `-wal` and `-shm` that belong to another file out of SQLite's reach."""
    journals = [
        path.with_name(path.name + suffix)
        for suffix in JOURNAL_SUFFIXES
        if path.with_name(path.name + suffix).exists()
    ]
    if not journals:
        return []
    current, recorded = _file_identity(path), _recorded_identity(path)
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


def _check_file(path: Path, create: bool) -> None:
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


def _prepare(conn: sqlite3.Connection, path: Path, create: bool) -> None:
    """Check integrity and version, create the schema in a new file, switch to WAL."""
    result = conn.execute("PRAGMA quick_check").fetchall()
    if [r[0] for r in result] != ["ok"]:
        detail = "; ".join(str(r[0]) for r in result[:3])
        raise StoreError(
            f"database {path} is corrupt (integrity check: {detail}): the bot will not start over "
            f"an empty one. To restore it: {restore_advice(path)}"
        )
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"database {path} was written by a newer segur-bot (schema {version}, this one knows "
            f"{SCHEMA_VERSION}): upgrade the bot"
        )
    if version == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables:
            raise StoreError(
                f"{path} is an SQLite database of another program (no segur-bot schema): "
                f"point SEGUR_BOT_DB at another file"
            )
        if not create:
            raise StoreError(f"no database at {path}: the bot has not recorded anything yet")
        # Statement by statement inside one transaction (executescript would commit on its own):
        # a crash mid-creation leaves version 0 and no tables, so the next start simply retries.
        conn.execute("BEGIN IMMEDIATE")
        _execute_all(conn, SCHEMA)
        for target in range(2, SCHEMA_VERSION + 1):
            _execute_all(conn, MIGRATIONS[target])
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    elif version < SCHEMA_VERSION and create:
        # (A reader, create=False, reads an older file as it is: it never writes.)
        # The tables of the versions in between, and the bump, in one transaction: existing
        # tables and rows are left as they are.
        conn.execute("BEGIN IMMEDIATE")
        try:
            for target in range(version + 1, SCHEMA_VERSION + 1):
                _execute_all(conn, MIGRATIONS[target])
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    if create:
        # WAL: the report command can read while the bot writes. NORMAL sync is durable across
        # a process crash (only an OS crash can lose the last commits), and much faster.
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"database {path}: cannot switch to WAL mode (got {mode})")
        conn.execute("PRAGMA synchronous = NORMAL")
        # A write probe, so a lock held by another process is reported now, not on the first
        # question a user asks.
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("COMMIT")


def _execute_all(conn: sqlite3.Connection, script: str) -> None:
    """Statement by statement (executescript would commit on its own, mid-transaction)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)
