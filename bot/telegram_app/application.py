"""The bot's Application: python-telegram-bot's, minus what it keeps for a persistence the bot
does not have.

Why: after every update, Application marks the update's chat and user for the next persistence
write, in two sets that only `update_persistence()` empties, and that runs only when a persistence
is configured. The bot keeps its state in its own SQLite store and has none, so the two sets held
every chat and user id ever seen: in a 30-minute soak of 60,000 chats that was the slow climb of
the resident memory that stayed after every cache was full (found with gc type counts on the
running bot).
"""

from __future__ import annotations

from typing import Any

from telegram.ext import Application


class BotApplication(Application):  # type: ignore[type-arg]
    __slots__ = ()

    def _mark_for_persistence_update(
        self, *, update: object | None = None, job: Any = None
    ) -> None:
        if self.persistence is not None:
            super()._mark_for_persistence_update(update=update, job=job)
