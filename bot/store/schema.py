"""The database's tables, and the migrations that bring an older file up to date."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.store.files import StoreError, restore_advice

SCHEMA_VERSION = 5


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
    # Telegram remembers each user, also in groups: users.chat_id now holds a user id (a private
    # chat's id is its user's, so the old rows stay right; an old group row stays the group's
    # setting for the subscriptions made before), with the software the user named. A
    # subscription follows the role and software of the user who made it. Votes come from every
    # channel (web_feedback.channel), with what a 👎 said was missing; the questions relayed to
    # a support chat, so an agent's reply finds its user after a restart; the suggestion a user
    # picked for a question (a candidate variant); and how often each command is used.
    3: """
ALTER TABLE users ADD COLUMN software TEXT;  -- DPI, DRIMbox... comma-separated (NULL: the role's own)
ALTER TABLE subscriptions ADD COLUMN user_id INTEGER;  -- whose role and software (NULL: the chat's)
UPDATE subscriptions SET user_id = chat_id;
ALTER TABLE web_feedback ADD COLUMN channel TEXT NOT NULL DEFAULT 'web';  -- web or telegram
ALTER TABLE web_feedback ADD COLUMN comment TEXT;  -- what a 👎 said was missing
CREATE TABLE relays (
    support_chat_id INTEGER NOT NULL,
    message_id      INTEGER NOT NULL,  -- the relayed message, in the support chat
    chat_id         INTEGER NOT NULL,  -- where the user asked, and where the reply goes
    user_id         INTEGER NOT NULL,
    reply_to        INTEGER,           -- the user's question there, to answer in its thread
    lang            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (support_chat_id, message_id)
);
CREATE TABLE suggestion_picks (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    channel   TEXT NOT NULL,
    question  TEXT NOT NULL,
    topic     TEXT NOT NULL,
    lang      TEXT NOT NULL,
    chat_hash TEXT NOT NULL
);
CREATE INDEX suggestion_picks_at ON suggestion_picks (at);
CREATE TABLE command_uses (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    command TEXT NOT NULL
);
CREATE INDEX command_uses_at ON command_uses (at);
""",
    # The Telegram inbox and outbox (bot.store.inbox, bot.store.outbox): updates stored before
    # Telegram is told they arrived, replies kept while Telegram cannot take them.
    4: """
CREATE TABLE inbox (
    update_id   INTEGER PRIMARY KEY,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
    raw         TEXT,             -- the update as Telegram sent it (JSON), NULL once handled
    attempts    INTEGER NOT NULL DEFAULT 0,  -- starts that handed it to the bot again
    received_at TEXT NOT NULL,
    done_at     TEXT
);
CREATE INDEX inbox_pending ON inbox (status, update_id);
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    chat_id    INTEGER NOT NULL,
    method     TEXT NOT NULL,     -- the Bot API method, e.g. sendMessage
    params     TEXT,              -- its parameters (JSON), NULL once given up
    status     TEXT NOT NULL CHECK (status IN ('pending', 'failed')),
    created_at TEXT NOT NULL,
    give_up_at REAL NOT NULL,     -- Unix time after which it is recorded as failed
    reason     TEXT               -- why it failed: the error's kind, never its text
);
CREATE INDEX outbox_pending ON outbox (status, id);
""",
    # A 👎 waiting for its comment, or a relay for its question: the user's next message is
    # theirs, also after a restart (until: Unix time after which the wait is over).
    5: """
CREATE TABLE telegram_waits (
    chat_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('comment', 'relay')),
    vote_id INTEGER,
    lang    TEXT NOT NULL,
    until   REAL NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);
""",
}


def prepare(conn: sqlite3.Connection, path: Path, create: bool) -> None:
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
        execute_all(conn, SCHEMA)
        for target in range(2, SCHEMA_VERSION + 1):
            execute_all(conn, MIGRATIONS[target])
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    elif version < SCHEMA_VERSION and create:
        # (A reader, create=False, reads an older file as it is: it never writes.)
        # The tables of the versions in between, and the bump, in one transaction: existing
        # tables and rows are left as they are.
        conn.execute("BEGIN IMMEDIATE")
        try:
            for target in range(version + 1, SCHEMA_VERSION + 1):
                execute_all(conn, MIGRATIONS[target])
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


def execute_all(conn: sqlite3.Connection, script: str) -> None:
    """Statement by statement (executescript would commit on its own, mid-transaction)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)
