"""The web chat's sessions (a random id in a cookie, no login) and the votes on answers (the
web's, and since schema 3 Telegram's too: bot/store/telegram.py writes them)."""

from __future__ import annotations

import datetime as dt
import hashlib

from bot.store.connection import StoreBase
from bot.store.records import MAX_STORED_TEXT, FeedbackRow, WebSession, stamp


class WebTables(StoreBase):
    """The web_sessions and web_feedback tables."""

    # --- web chat sessions ---

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
        """Every channel's votes (the web's and Telegram's), oldest first."""
        extra = "channel, comment" if self.schema_version >= 3 else "'web', NULL"
        with self._db() as conn:
            rows = conn.execute(
                f"SELECT at, session_hash, topic, lang, vote, question, {extra} FROM web_feedback "
                "WHERE at >= ? ORDER BY at, id",
                (stamp(since) if since else "",),
            ).fetchall()
        return [FeedbackRow(*r) for r in rows]
