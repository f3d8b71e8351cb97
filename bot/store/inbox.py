"""The Telegram inbox: every update stored before Telegram is told it arrived, until answered.

Polling confirms a batch of updates by asking for the next one; webhook mode by answering 200.
Either way Telegram then forgets them, so an update fetched but not yet answered when the bot is
killed would be lost. The adapter (bot.telegram_app.inbox) stores each batch here first, marks an
update done once its handler returned, and hands the pending ones to the bot again at start. A
done row keeps only its id (the user's text is dropped), so that Telegram sending it again is
recognised, until Telegram can no longer send it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from bot.store.connection import StoreBase
from bot.store.records import InboxRow, stamp


class InboxTables(StoreBase):
    """The inbox table."""

    def inbox_add(self, updates: Iterable[tuple[int, str]], at: dt.datetime) -> set[int]:
        """Store (update_id, JSON) pairs in one transaction; returns the ids that were new (an
        id already there, pending or done, is left as it is)."""
        when = stamp(at)
        new: set[int] = set()
        with self._write() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for update_id, raw in updates:
                    cur = conn.execute(
                        "INSERT OR IGNORE INTO inbox (update_id, status, raw, received_at) "
                        "VALUES (?, 'pending', ?, ?)",
                        (update_id, raw, when),
                    )
                    if cur.rowcount == 1:
                        new.add(update_id)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        return new

    def inbox_done(self, update_id: int, at: dt.datetime, *, failed: bool = False) -> None:
        """The update was handled (or, failed, given up): forget its content, keep its id."""
        with self._write() as conn:
            conn.execute(
                "UPDATE inbox SET status = ?, raw = NULL, done_at = ? "
                "WHERE update_id = ? AND status = 'pending'",
                ("failed" if failed else "done", stamp(at), update_id),
            )

    def inbox_pending(self) -> list[InboxRow]:
        """The updates stored but not handled, oldest first."""
        with self._db() as conn:
            rows = conn.execute(
                "SELECT update_id, raw, attempts FROM inbox WHERE status = 'pending' "
                "ORDER BY update_id"
            ).fetchall()
        return [InboxRow(int(r[0]), str(r[1]), int(r[2])) for r in rows]

    def inbox_attempt(self, update_id: int) -> None:
        """One more start hands this update to the bot."""
        with self._write() as conn:
            conn.execute(
                "UPDATE inbox SET attempts = attempts + 1 WHERE update_id = ?", (update_id,)
            )

    def inbox_forget(self, *, below: int | None = None, before: dt.datetime | None = None) -> int:
        """Delete handled rows Telegram can no longer send again: ids below the confirmed
        offset (polling), or handled before `before` (Telegram keeps updates 24 hours)."""
        clauses: list[str] = []
        args: list[object] = []
        if below is not None:
            clauses.append("update_id < ?")
            args.append(below)
        if before is not None:
            clauses.append("done_at < ?")
            args.append(stamp(before))
        if not clauses:
            return 0
        with self._write() as conn:
            cur = conn.execute(
                f"DELETE FROM inbox WHERE status = 'done' AND ({' OR '.join(clauses)})", args
            )
            return int(cur.rowcount)

    def inbox_failed_count(self, since: dt.datetime | None = None) -> int:
        """Updates given up after several starts, for the support report."""
        with self._db() as conn:
            row = conn.execute(
                "SELECT count(*) FROM inbox WHERE status = 'failed' AND done_at >= ?",
                (stamp(since) if since else "",),
            ).fetchone()
        return int(row[0])
