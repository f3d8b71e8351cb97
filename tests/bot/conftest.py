"""Fixtures shared by the tests of bot/: a fake Bot API and a SQLite file in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.devtools.fake_bot_api.server import FakeBotApi


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi() as server:
        yield server


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "segur-bot.sqlite3"
