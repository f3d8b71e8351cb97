"""The reminder ledger: each (chat, item, stage) is claimed before it is sent, so it goes out once.

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
"""

from __future__ import annotations

import datetime as dt

from bot.store.connection import StoreBase
from bot.store.records import Recipient, ReminderRow, software_set, software_text, stamp


class ReminderLedger(StoreBase):
    """The sent_reminders table."""

    # --- the reminder ledger ---

    def reminder_recipients(
        self,
        role: str,
        item_id: str,
        days_before: int,
        subscribed_by: dt.datetime,
        software: frozenset[str] | None = None,
    ) -> list[Recipient]:
        """Subscribers with this role (and, given, exactly this stored software), subscribed by
        then, who have not been sent this reminder.

        One query for a whole profile, whatever the number of subscribers.
        """
        wanted = None if software is None else (software_text(software) or "")
        with self._db() as conn:
            rows = conn.execute(
                "SELECT s.chat_id, coalesce(u.lang, s.lang), u.software FROM subscriptions s "
                "JOIN users u ON u.chat_id = coalesce(s.user_id, s.chat_id) "
                "WHERE u.role = ? AND (? IS NULL OR coalesce(u.software, '') = ?) "
                "AND s.created_at <= ? AND NOT EXISTS ("
                "  SELECT 1 FROM sent_reminders r WHERE r.chat_id = s.chat_id"
                "  AND r.item_id = ? AND r.days_before = ?) "
                "ORDER BY s.chat_id",
                (role, wanted, wanted, stamp(subscribed_by), item_id, days_before),
            ).fetchall()
        return [Recipient(r[0], r[1], software_set(r[2])) for r in rows]

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
