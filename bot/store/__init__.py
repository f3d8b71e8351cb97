"""The bot's memory: one SQLite file for user settings, reminder subscriptions and support data.

Why a store of our own rather than a PTB persistence: reminders need a per-(chat, item, stage)
ledger that survives restarts, and the support report needs plain tables a command-line tool can
read while the bot runs (WAL lets one writer and many readers share the file).

One module per group of tables; `Store` puts them together on one connection (`connection.py`).
"""

from __future__ import annotations

import contextlib

from bot.store.files import StoreError
from bot.store.inbox import InboxTables
from bot.store.outbox import OutboxTables
from bot.store.reminders import ReminderLedger
from bot.store.support import SupportTables
from bot.store.telegram import TelegramTables
from bot.store.users import UserTables
from bot.store.web import WebTables


class Store(
    UserTables, ReminderLedger, TelegramTables, SupportTables, WebTables, InboxTables, OutboxTables
):
    """The whole database: open it with Store.open(path, salt)."""

    def close(self) -> None:
        """Write the pending question batch, then checkpoint and close; safe twice."""
        with contextlib.suppress(StoreError):
            self.flush_questions()
        super().close()
