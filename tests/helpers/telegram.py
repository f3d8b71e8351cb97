"""Telegram test helpers: a clock the tests can set, the settings of a test bot, the manual
lifecycle of an Application (what run_polling does, minus the signal handlers), and short ways
to talk to the bot through the fake Bot API."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from telegram.ext import Application

from bot.clock import PARIS
from bot.devtools.fake_bot_api.html_text import folded_text, parse_html
from bot.devtools.fake_bot_api.records import DEFAULT_CHAT_ID
from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.settings import Settings
from bot.telegram_app import webhook

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
    """(text, callback_data) of every inline button of a sent message that answers a press."""
    markup = message.get("reply_markup") or {}
    return [
        (b["text"], b["callback_data"])
        for row in markup.get("inline_keyboard", [])
        for b in row
        if "callback_data" in b
    ]


def url_buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    """(text, url) of every inline button of a sent message that opens a page."""
    markup = message.get("reply_markup") or {}
    return [
        (b["text"], b["url"])
        for row in markup.get("inline_keyboard", [])
        for b in row
        if "url" in b
    ]


def plain(message: dict[str, Any]) -> str:
    """What the user reads of a sent message: its HTML as Telegram parses it, tags gone."""
    text: str = message["text"]
    return parse_html(text)[0] if message.get("parse_mode") == "HTML" else text


def folded(message: dict[str, Any]) -> str:
    """What a phone shows of a sent message before any tap: folded blockquotes cut short."""
    text, entities = parse_html(message["text"])
    return folded_text(text, entities)


def links(message: dict[str, Any]) -> list[str]:
    """The addresses a sent message links to (<a href>), in order."""
    _, entities = parse_html(message["text"])
    return [e["url"] for e in entities if e["type"] == "text_link"]


def bold(message: dict[str, Any]) -> list[str]:
    """The bold parts of a sent message, in order."""
    text, entities = parse_html(message["text"])
    units = text.encode("utf-16-le")
    return [
        units[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in entities
        if e["type"] == "bold"
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.asynccontextmanager
async def webhook_running(app: Application, settings: Settings) -> AsyncIterator[Application]:
    """What serve_webhook does, step by step, minus the signal handlers."""
    server = webhook.make_server(app, settings)
    async with app:
        assert app.post_init is not None
        await app.post_init(app)
        await webhook.register(app, settings)
        await app.start()
        try:
            yield app
        finally:
            await webhook.stop_server(server)
            await app.stop()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)
