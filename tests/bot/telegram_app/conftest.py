"""Telegram fixtures: the real Application wired by build_application over the test's fake Bot
API and SQLite file, and a clock the tests can set.

The tests run the bot with tests.helpers.telegram.running(app): the manual lifecycle plus the
post_init/post_shutdown hooks that run_polling would call, so they exercise exactly what
production runs, minus the signal handling.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.store import Store
from bot.telegram_app.app import build_application
from bot.telegram_app.context import BotApp
from bot.telegram_app.flood import FloodGuard
from tests.helpers.telegram import SALT, FakeClock, make_settings, paris


@pytest.fixture
def clock() -> FakeClock:
    # A day in April 2026: every deadline in the calendar has passed.
    return FakeClock(paris(2026, 4, 20, 10, 0))


@pytest.fixture
def make_app(api: FakeBotApi, db_path: Path, engine, clock: FakeClock) -> Callable[..., BotApp]:
    """Build a fresh Application over the test's SQLite file (call again for a "restart")."""

    def build(
        *, flood: bool = False, clock_: Callable[[], dt.datetime] | None = None, **overrides: Any
    ) -> BotApp:
        settings = make_settings(api, db_path, **overrides)
        store = Store.open(db_path, SALT)
        app = build_application(settings, engine, store, clock=clock_ or clock)
        if not flood:
            # Tests send bursts from one chat; the flood guard has its own test.
            app.bot_data.flood = FloodGuard(capacity=10_000)
        return app

    return build
