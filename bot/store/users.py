"""Users' settings (role, language, software) and their reminder subscriptions.

Settings are per user, also in groups: `users.chat_id` holds a Telegram user id (since schema 3;
a private chat's id is its user's, so the rows written before stay right). A subscription is per
chat (the reminders go where /rappel was sent) and follows the role and software of the user who
made it (`subscriptions.user_id`).
"""

from __future__ import annotations

import datetime as dt

from bot.store.connection import StoreBase
from bot.store.records import UserPrefs, software_set, software_text, stamp


class UserTables(StoreBase):
    """Per-user settings and per-chat subscriptions."""

    # --- users ---

    def get_user(self, user_id: int) -> UserPrefs | None:
        software = "software" if self.schema_version >= 3 else "NULL"
        with self._db() as conn:
            row = conn.execute(
                f"SELECT role, lang, {software} FROM users WHERE chat_id = ?", (user_id,)
            ).fetchone()
        return UserPrefs(row[0], row[1], software_set(row[2])) if row else None

    def set_role(
        self,
        user_id: int,
        role: str | None,
        at: dt.datetime,
        software: frozenset[str] | None = None,
    ) -> None:
        """Store the role (None: not known, as before the user said it); `software` given
        replaces the stored software (empty: forget it), None keeps it."""
        keep = software is None
        with self._write() as conn:
            conn.execute(
                "INSERT INTO users (chat_id, role, lang, software, updated_at) "
                "VALUES (?, ?, NULL, ?, ?) "
                "ON CONFLICT (chat_id) DO UPDATE SET role = excluded.role, "
                "software = CASE WHEN ? THEN users.software ELSE excluded.software END, "
                "updated_at = excluded.updated_at",
                (user_id, role, software_text(software or frozenset()), stamp(at), keep),
            )

    def set_lang(self, user_id: int, lang: str, at: dt.datetime) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO users (chat_id, role, lang, updated_at) VALUES (?, NULL, ?, ?) "
                "ON CONFLICT (chat_id) DO UPDATE SET lang = excluded.lang, updated_at = excluded.updated_at",
                (user_id, lang, stamp(at)),
            )

    # --- subscriptions ---

    def subscribe(
        self, chat_id: int, at: dt.datetime, lang: str | None = None, user_id: int | None = None
    ) -> bool:
        """True if the chat was not subscribed yet (an existing subscription keeps its date).

        The reminders follow the role and software of `user_id` (default: the chat's own row,
        which in a private chat is its user); a later /rappel by someone else in the same
        group makes the subscription theirs.
        """
        user = chat_id if user_id is None else user_id
        with self._write() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO subscriptions (chat_id, created_at, lang, user_id) "
                "VALUES (?, ?, ?, ?)",
                (chat_id, stamp(at), lang, user),
            )
            if cur.rowcount == 1:
                return True
            conn.execute("UPDATE subscriptions SET user_id = ? WHERE chat_id = ?", (user, chat_id))
            return False

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

    def subscriber_of(self, chat_id: int) -> int | None:
        """The user whose role and software a chat's subscription follows."""
        with self._db() as conn:
            row = conn.execute(
                "SELECT coalesce(user_id, chat_id) FROM subscriptions WHERE chat_id = ?",
                (chat_id,),
            ).fetchone()
        return int(row[0]) if row else None

    def subscribed_profiles(self) -> set[tuple[str, frozenset[str]]]:
        """The (role, software) pairs that have at least one subscriber: reminders are
        scheduled per pair, whatever the number of subscribers."""
        with self._db() as conn:
            rows = conn.execute(
                "SELECT DISTINCT u.role, u.software FROM subscriptions s "
                "JOIN users u ON u.chat_id = coalesce(s.user_id, s.chat_id) "
                "WHERE u.role IS NOT NULL"
            ).fetchall()
        return {(r[0], software_set(r[1])) for r in rows}

    def subscribed_roles(self) -> set[str]:
        """The roles that have at least one subscriber."""
        return {role for role, _ in self.subscribed_profiles()}

    def subscription_count(self) -> int:
        with self._db() as conn:
            return int(conn.execute("SELECT count(*) FROM subscriptions").fetchone()[0])
