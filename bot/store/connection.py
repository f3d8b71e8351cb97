"""The connection every table module shares: opening, closing, locking and the lost-file check.

A file deleted or replaced while the bot runs (see `_write`): the open connection would go on
writing into the lost file, and every change would vanish at the next start. So after every
write the store checks that the path still names the file it opened; when it does not, the
write raises StoreLostError (the adapter tells the user it was not saved) and every later write
is refused the same way. At the next start, a missing file that the identity record says existed
is refused too, unless SEGUR_BOT_DB_START_EMPTY=1 says to start empty on purpose.
`segur-bot backup` makes a consistent copy with SQLite's online backup API, while the bot runs.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from bot.store.files import (
    StoreError,
    StoreLostError,
    check_file,
    explain,
    file_identity,
    identity_file,
    record_identity,
    restore_advice,
    set_aside_stale_journal,
)
from bot.store.schema import prepare

logger = logging.getLogger(__name__)


class StoreBase:
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
        self._identity = file_identity(path)
        self._lost: str | None = None
        # A reader (create=False) reads an older file as it is: queries of newer columns check
        # this and read what the old file has.
        self.schema_version = int(conn.execute("PRAGMA user_version").fetchone()[0])

    @classmethod
    def open(
        cls,
        path: str | Path,
        salt: str,
        *,
        create: bool = True,
        lock_timeout: float = 5.0,
        start_empty: bool = False,
    ) -> Self:
        """Open (and, with create, initialise) the database; StoreError says what is wrong.

        create=False is for readers such as `segur-bot report`: a missing file is an error, not
        a reason to make an empty one. An existing file is never overwritten or re-initialised,
        and a missing one the bot had before is not replaced by an empty one unless start_empty.
        """
        path = Path(path)
        if create and not start_empty and not path.exists() and identity_file(path).exists():
            raise StoreError(
                f"database {path} is missing, but the bot had one there ({identity_file(path)} "
                f"records it): to restore it, {restore_advice(path)}; to start with an empty "
                f"database on purpose, set SEGUR_BOT_DB_START_EMPTY=1 for one start"
            )
        if create:
            set_aside_stale_journal(path)
        check_file(path, create)
        try:
            conn = sqlite3.connect(
                path, timeout=lock_timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise explain(path, exc) from None
        try:
            prepare(conn, path, create)
        except sqlite3.Error as exc:
            conn.close()
            raise explain(path, exc) from None
        except StoreError:
            conn.close()
            raise
        if create:
            record_identity(path)
        return cls(conn, path, salt)

    def close(self) -> None:
        """Checkpoint the WAL into the main file and close; safe twice."""
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

    def __enter__(self) -> Self:
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
            raise explain(target, exc) from None
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
                raise explain(self.path, exc) from None

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
        now = file_identity(self.path)
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
