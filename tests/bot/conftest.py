"""Shared Telegram fixtures: a fake Bot API, the real Application wired by build_application, a
real SQLite file in tmp_path and a clock the tests can set.

The bot runs with the manual lifecycle (`async with app`, then polling, then `app.start()`, and
the reverse on exit) plus the post_init/post_shutdown hooks that run_polling would call, so the
tests exercise exactly what production runs, minus the signal handling.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.clock import PARIS
from bot.fake_bot_api import DEFAULT_CHAT_ID, FakeBotApi
from bot.flood import FloodGuard
from bot.settings import Settings
from bot.store import Store
from bot.telegram_app import build_application

ADMIN_ID = 777
SALT = "test-salt"


class FakeClock:
    """Paris time that starts where a test wants and then runs at the speed of real time.

    Running (not frozen) so that a reminder scheduled "in 1.5 s" by the bot's clock really fires
    1.5 s later on the JobQueue's real clock.
    """

    def __init__(self, start: dt.datetime) -> None:
        self.set(start)

    def set(self, start: dt.datetime) -> None:
        self._start = start if start.tzinfo else start.replace(tzinfo=PARIS)
        self._t0 = time.monotonic()

    def __call__(self) -> dt.datetime:
        return self._start + dt.timedelta(seconds=time.monotonic() - self._t0)


def paris(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)  # type: ignore[misc]


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi() as server:
        yield server


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "segur-bot.sqlite3"


@pytest.fixture
def clock() -> FakeClock:
    # A day in April 2026: every deadline in the calendar has passed.
    return FakeClock(paris(2026, 4, 20, 10, 0))


def make_settings(api: FakeBotApi, db_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "token": api.token,
        "base_url": api.base_url,
        "db_path": db_path,
        "admin_ids": frozenset({ADMIN_ID}),
        "hash_salt": SALT,
        "concurrent_updates": 8,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def make_app(
    api: FakeBotApi, db_path: Path, engine, clock: FakeClock
) -> Callable[..., Application]:
    """Build a fresh Application over the test's SQLite file (call again for a "restart")."""

    def build(
        *, flood: bool = False, clock_: Callable[[], dt.datetime] | None = None, **overrides: Any
    ) -> Application:
        settings = make_settings(api, db_path, **overrides)
        store = Store.open(db_path, SALT)
        app = build_application(settings, engine, store, clock=clock_ or clock)
        if not flood:
            # Tests send bursts from one chat; the flood guard has its own test.
            app.bot_data["flood"] = FloodGuard(capacity=10_000)
        return app

    return build


@contextlib.asynccontextmanager
async def running(app: Application) -> AsyncIterator[Application]:
    """What run_polling does, step by step, minus the signal handlers."""
    async with app:
        assert app.post_init is not None and app.updater is not None
        await app.post_init(app)
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await app.start()
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


async def exchange(
    api: FakeBotApi,
    text: str,
    *,
    replies: int = 1,
    chat_id: int = DEFAULT_CHAT_ID,
    timeout: float = 5.0,
    **kwargs: Any,
) -> list[dict[str, Any]]:
    """Send one message as a user and return the bot's `replies` new messages in that chat."""
    before = len(api.sent_messages(chat_id))
    api.push_message(text, chat_id=chat_id, **kwargs)
    sent = await api.wait_for_messages_async(before + replies, chat_id=chat_id, timeout=timeout)
    return sent[before:]


async def press(
    api: FakeBotApi,
    data: str,
    *,
    replies: int = 1,
    chat_id: int = DEFAULT_CHAT_ID,
    message_id: int = 1,
    **kwargs: Any,
) -> list[dict[str, Any]]:
    """Press a button (callback data) and return the bot's `replies` new messages."""
    before = len(api.sent_messages(chat_id))
    api.push_callback(data, chat_id=chat_id, message_id=message_id, **kwargs)
    sent = await api.wait_for_messages_async(before + replies, chat_id=chat_id)
    return sent[before:]


def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    """(text, callback_data) of every inline button of a sent message."""
    markup = message.get("reply_markup") or {}
    return [
        (b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", []) for b in row
    ]


def last_bot_message_id(api: FakeBotApi) -> int:
    return api.calls("sendMessage")[-1].result["message_id"]


async def settle(seconds: float = 0.2) -> None:
    """Leave room for a wrong extra message to show up before asserting there is none."""
    await asyncio.sleep(seconds)


async def wait_calls(api: FakeBotApi, method: str, count: int, timeout: float = 5.0) -> list[Any]:
    """Wait until the bot made `count` calls to `method` (faulted ones included)."""
    deadline = time.monotonic() + timeout
    while len(calls := api.calls(method)) < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"expected {count} {method} calls, got {len(calls)}")
        await asyncio.sleep(0.01)
    return calls
