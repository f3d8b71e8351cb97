"""Web chat test helpers: the real server on 127.0.0.1 in a thread, and its test settings."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bot.clock import paris_now
from bot.core.engine import Engine
from bot.devtools.web_server import WebServerThread
from bot.settings import Settings
from bot.store import Store

SALT = "test-salt"
PARTNER = "https://partner.example.org"


def web_settings(db_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "db_path": db_path,
        "hash_salt": SALT,
        "web_allowed_origins": (PARTNER,),
        "web_session_rate": 1000,
        "web_address_rate": 1000,
    }
    values.update(overrides)
    return Settings(**values)


@contextlib.contextmanager
def serving(
    engine: Engine,
    db_path: Path,
    clock: Callable[[], dt.datetime] = paris_now,
    **overrides: Any,
) -> Iterator[WebServerThread]:
    """The web chat over a real SQLite file, served on a free port of 127.0.0.1."""
    settings = web_settings(db_path, **overrides)
    with (
        Store.open(settings.db_path, settings.hash_salt) as store,
        WebServerThread(settings, engine, store, clock) as server,
    ):
        yield server
