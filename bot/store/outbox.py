"""The Telegram outbox: replies Telegram could not take yet (an outage, a 429 storm).

The adapter (bot.telegram_app.outbox) writes a reply here when Telegram fails it with a network
error, a 5xx or a 429, and sends it later, in order, until its give-up time; a restart in
between sends it after the start. A reply finally given up keeps its chat id, its method and the
kind of error, not its text, so the support report can count it.
"""

from __future__ import annotations

import datetime as dt

from bot.store.connection import StoreBase
from bot.store.records import OutboxRow, stamp


class OutboxTables(StoreBase):
    """The outbox table."""

    def outbox_add(
        self, chat_id: int, method: str, params: str, at: dt.datetime, give_up_at: float
    ) -> int:
        with self._write() as conn:
            cur = conn.execute(
                "INSERT INTO outbox (chat_id, method, params, status, created_at, give_up_at) "
                "VALUES (?, ?, ?, 'pending', ?, ?)",
                (chat_id, method, params, stamp(at), give_up_at),
            )
            return int(cur.lastrowid or 0)

    def outbox_pending(self) -> list[OutboxRow]:
        """The replies waiting, in the order they were written."""
        with self._db() as conn:
            rows = conn.execute(
                "SELECT id, chat_id, method, params, give_up_at FROM outbox "
                "WHERE status = 'pending' ORDER BY id"
            ).fetchall()
        return [OutboxRow(int(r[0]), int(r[1]), str(r[2]), str(r[3]), float(r[4])) for r in rows]

    def outbox_sent(self, row_id: int) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM outbox WHERE id = ?", (row_id,))

    def outbox_failed(self, row_id: int, reason: str) -> None:
        """Given up: the text goes, the fact stays for the report."""
        with self._write() as conn:
            conn.execute(
                "UPDATE outbox SET status = 'failed', params = NULL, reason = ? WHERE id = ?",
                (reason, row_id),
            )

    def undelivered_count(self, since: dt.datetime | None = None) -> int:
        """Replies given up, for the support report."""
        with self._db() as conn:
            row = conn.execute(
                "SELECT count(*) FROM outbox WHERE status = 'failed' AND created_at >= ?",
                (stamp(since) if since else "",),
            ).fetchone()
        return int(row[0])
