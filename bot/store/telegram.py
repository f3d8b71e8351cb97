"""What the Telegram support loop keeps: votes on answers and what a 👎 said was missing, the
questions relayed to a support chat, the suggestions users picked, and command counts.

As in the rest of the support data, nothing here names a user: votes and picks carry the salted
chat hash of the user id, and a relay keeps only the ids needed to send an agent's reply back.
"""

from __future__ import annotations

import datetime as dt

from bot.store.records import MAX_STORED_TEXT, PickRow, Relay, Wait, stamp
from bot.store.support import SupportTables

TELEGRAM = "telegram"


class TelegramTables(SupportTables):
    """Telegram's rows of web_feedback, and the relays, suggestion_picks and command_uses tables
    (a SupportTables for its chat hash)."""

    # --- votes ---

    def record_vote(
        self,
        at: dt.datetime,
        user_id: int,
        *,
        topic: str | None,
        lang: str,
        vote: int,
        question: str,
        channel: str = TELEGRAM,
    ) -> int:
        """One 👍 (1) or 👎 (-1) on an answer; returns its id, for the comment that may follow."""
        if vote not in (-1, 1):
            raise ValueError(f"a vote is -1 or 1, got {vote!r}")
        with self._write() as conn:
            cur = conn.execute(
                "INSERT INTO web_feedback (at, session_hash, topic, lang, vote, question, channel) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    stamp(at),
                    self.chat_hash(user_id),
                    topic,
                    lang,
                    vote,
                    question[:MAX_STORED_TEXT],
                    channel,
                ),
            )
            return int(cur.lastrowid or 0)

    def set_vote_comment(self, vote_id: int, comment: str) -> bool:
        """What the user said was missing, after a 👎; False if that vote is gone."""
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE web_feedback SET comment = ? WHERE id = ?",
                (comment[:MAX_STORED_TEXT], vote_id),
            )
            return cur.rowcount == 1

    # --- what the bot waits for: a 👎's comment, a relay's question ---

    def save_wait(self, wait: Wait) -> None:
        """One wait per user and chat: a new one replaces the old."""
        with self._write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO telegram_waits "
                "(chat_id, user_id, kind, vote_id, lang, until) VALUES (?, ?, ?, ?, ?, ?)",
                (wait.chat_id, wait.user_id, wait.kind, wait.vote_id, wait.lang, wait.until),
            )

    def drop_wait(self, chat_id: int, user_id: int) -> None:
        with self._write() as conn:
            conn.execute(
                "DELETE FROM telegram_waits WHERE chat_id = ? AND user_id = ?", (chat_id, user_id)
            )

    def waits(self, now: float) -> list[Wait]:
        """The waits not over at `now` (Unix time); the others are deleted."""
        with self._write() as conn:
            conn.execute("DELETE FROM telegram_waits WHERE until <= ?", (now,))
            rows = conn.execute(
                "SELECT chat_id, user_id, kind, vote_id, lang, until FROM telegram_waits"
            ).fetchall()
        return [Wait(*row) for row in rows]

    # --- relays to the support chat ---

    def add_relay(
        self,
        support_chat_id: int,
        message_id: int,
        *,
        chat_id: int,
        user_id: int,
        lang: str,
        at: dt.datetime,
        reply_to: int | None = None,
    ) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO relays "
                "(support_chat_id, message_id, chat_id, user_id, reply_to, lang, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (support_chat_id, message_id, chat_id, user_id, reply_to, lang, stamp(at)),
            )

    def relay_for(self, support_chat_id: int, message_id: int) -> Relay | None:
        """Where an agent's reply to the relayed message `message_id` goes back."""
        with self._db() as conn:
            row = conn.execute(
                "SELECT chat_id, user_id, lang, reply_to FROM relays "
                "WHERE support_chat_id = ? AND message_id = ?",
                (support_chat_id, message_id),
            ).fetchone()
        return Relay(*row) if row else None

    def relay_count(self, since: dt.datetime | None = None) -> int:
        if self.schema_version < 3:
            return 0
        with self._db() as conn:
            row = conn.execute(
                "SELECT count(*) FROM relays WHERE created_at >= ?",
                (stamp(since) if since else "",),
            ).fetchone()
        return int(row[0])

    # --- suggestion picks: candidate question variants ---

    def record_pick(
        self,
        at: dt.datetime,
        *,
        question: str,
        topic: str,
        lang: str,
        chat_id: int,
        channel: str = TELEGRAM,
    ) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO suggestion_picks (at, channel, question, topic, lang, chat_hash) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    stamp(at),
                    channel,
                    question[:MAX_STORED_TEXT],
                    topic,
                    lang,
                    self.chat_hash(chat_id),
                ),
            )

    def picks(self, since: dt.datetime | None = None) -> list[PickRow]:
        if self.schema_version < 3:
            return []
        with self._db() as conn:
            rows = conn.execute(
                "SELECT at, channel, question, topic, lang FROM suggestion_picks "
                "WHERE at >= ? ORDER BY at, id",
                (stamp(since) if since else "",),
            ).fetchall()
        return [PickRow(*r) for r in rows]

    # --- command counts ---

    def record_command(self, at: dt.datetime, command: str) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO command_uses (at, command) VALUES (?, ?)", (stamp(at), command[:32])
            )

    def command_counts(self, since: dt.datetime | None = None) -> list[tuple[str, int]]:
        """(command, uses), the most used first."""
        if self.schema_version < 3:
            return []
        with self._db() as conn:
            rows = conn.execute(
                "SELECT command, count(*) AS n FROM command_uses WHERE at >= ? "
                "GROUP BY command ORDER BY n DESC, command",
                (stamp(since) if since else "",),
            ).fetchall()
        return [(r[0], int(r[1])) for r in rows]
