"""The typed hand-off between the Application and its handlers and jobs: `context.bot_data`.

PTB creates bot_data by calling BotData() (ContextTypes(bot_data=BotData)); build_application
then sets the engine and the store, before the first update. Context and BotApp are the
CallbackContext and Application types that carry it, for the handlers' and hooks' annotations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, JobQueue

from bot.clock import paris_now
from bot.core.conversation import Conversations
from bot.core.engine import Engine
from bot.store import Store
from bot.telegram_app.bounded import BoundedSet
from bot.telegram_app.flood import FloodGuard
from bot.telegram_app.memory import SupportMemory
from bot.telegram_app.replies import ReplyMap


@dataclass
class BotData:
    """What every handler and job shares, for the life of the Application."""

    engine: Engine = field(init=False, repr=False)  # replaced whole by /reload
    store: Store = field(init=False, repr=False)
    clock: Callable[[], dt.datetime] = paris_now
    admin_ids: frozenset[int] = frozenset()
    # Where /reload reads from: (knowledge_dir, calendar_path); None means the packaged data.
    reload_sources: tuple[Path | None, Path | None] = (None, None)
    # One burst per chat, then one notice (bot.telegram_app.flood): a flood cannot slow other
    # users down.
    flood: FloodGuard = field(default_factory=FloodGuard)
    # Chats that blocked the bot, logged once (cleared when a message reaches them again); the
    # oldest forgotten past 10,000, so a stream of blocking chats cannot grow memory.
    blocked: BoundedSet = field(default_factory=BoundedSet)
    # Each user's last question frame, for follow-ups ("et pour l'avance ?"); in memory only:
    # after a restart or a quiet half hour a question starts afresh.
    conversations: Conversations = field(
        default_factory=lambda: Conversations(lambda: paris_now().timestamp())
    )
    # Which of the bot's messages answered which question, so that an edited question edits
    # its answer (bot.telegram_app.edits); bounded, in memory only.
    replies: ReplyMap = field(default_factory=ReplyMap)
    # The support loop (bot.telegram_app.support): the chat questions are relayed to
    # (SUPPORT_CHAT_ID, None: no relay), what it remembers for a few minutes, and how to clean
    # a text of the token and the webhook secret before it reaches an admin's chat.
    support_chat_id: int | None = None
    memory: SupportMemory = field(default_factory=SupportMemory)
    redact: Callable[[str], str] = str


Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]
BotApp = Application[
    ExtBot[None], Context, dict[Any, Any], dict[Any, Any], BotData, JobQueue[Context]
]
CONTEXT_TYPES = ContextTypes(bot_data=BotData)


def _engine(context: Context) -> Engine:
    # Read at every update: /reload swaps it.
    return context.bot_data.engine


def _store(context: Context) -> Store:
    return context.bot_data.store


def _now(context: Context) -> dt.datetime:
    return context.bot_data.clock()
