"""Users' settings (role, language) and their reminder subscriptions."""

from __future__ import annotations

import datetime as dt

from bot.store.connection import StoreBase
from bot.store.records import UserPrefs, stamp


class UserTables(StoreBase):
    """Per-chat settings and subscriptions."""

    # --- users ---

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

    # --- subscriptions ---

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
