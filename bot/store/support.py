"""What the support report reads: question counts and the questions the bot could not answer.

Nothing here identifies a user: unanswered questions carry only a salted SHA-256 of the chat id,
so a support team can see that questions came from one chat, not whose.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3

from bot.store.connection import StoreBase
from bot.store.files import StoreError, StoreLostError, explain
from bot.store.records import MAX_STORED_TEXT, UnansweredRow, stamp

QUESTION_BATCH = 32
# Question statistics waiting for a store that cannot take them are capped: memory stays bounded.
MAX_PENDING_QUESTIONS = 10_000


class SupportTables(StoreBase):
    """The questions and unanswered tables, written behind in batches."""

    # --- questions, for the support report ---

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
                raise explain(self.path, exc) from None
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
