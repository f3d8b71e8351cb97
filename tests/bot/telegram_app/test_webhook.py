"""A hostile webhook: the path and the secret are checked before the body is read, a body too
large is refused unread (413), and an update Telegram posts twice is answered once."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.devtools.fake_bot_api.updates import make_message
from bot.settings import Settings
from bot.telegram_app.webhook import MAX_BODY
from tests.helpers.cli import REPO
from tests.helpers.telegram import free_port, settle, webhook_running

SECRET = "s3cret-webhook"
HUGE = 95 * 1024 * 1024


def _setup(api: FakeBotApi, make_app: Any) -> tuple[Any, Settings, int]:
    port = free_port()
    overrides = {
        "webhook_url": f"http://127.0.0.1:{port}/telegram/hook",
        "webhook_secret": SECRET,
        "listen": "127.0.0.1",
        "port": port,
    }
    return make_app(**overrides), Settings(**{**overrides, "token": api.token}), port


def _headers_only(port: int, path: str, headers: dict[str, str], body: bytes = b"") -> str:
    """Send a request's headers (and `body`, if any) and read the answer: the status line."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        head = [
            f"POST {path} HTTP/1.1",
            "Host: 127.0.0.1",
            *(f"{k}: {v}" for k, v in headers.items()),
        ]
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk  # until the server closes: it does not wait for the body
    return answer.split(b"\r\n", 1)[0].decode()


@pytest.mark.asyncio
async def test_refusals_come_from_the_headers_before_any_body_is_read(
    api: FakeBotApi, make_app
) -> None:
    app, settings, port = _setup(api, make_app)
    json_ = {"Content-Type": "application/json", "Content-Length": str(HUGE)}
    cases = {
        "no secret": ("/telegram/hook", json_),
        "wrong secret": ("/telegram/hook", {**json_, "X-Telegram-Bot-Api-Secret-Token": "guess"}),
        "wrong path": ("/elsewhere", {**json_, "X-Telegram-Bot-Api-Secret-Token": SECRET}),
        "not json": (
            "/telegram/hook",
            {**json_, "Content-Type": "text/plain", "X-Telegram-Bot-Api-Secret-Token": SECRET},
        ),
        "too large": ("/telegram/hook", {**json_, "X-Telegram-Bot-Api-Secret-Token": SECRET}),
    }
    async with webhook_running(app, settings):
        # 95 MB announced, not one byte of it sent: each answer can only come from the headers.
        statuses = {
            name: await asyncio.to_thread(_headers_only, port, path, headers)
            for name, (path, headers) in cases.items()
        }
        ok = await api.post_webhook_async(
            settings.webhook_url or "", make_message("c quoi le budget du segur"), secret=SECRET
        )
        (reply,) = await api.wait_for_messages_async(1)
    assert statuses == {
        "no secret": "HTTP/1.1 403 Forbidden",
        "wrong secret": "HTTP/1.1 403 Forbidden",
        "wrong path": "HTTP/1.1 404 Not Found",
        "not json": "HTTP/1.1 415 Unsupported Media Type",
        "too large": "HTTP/1.1 413 Request Entity Too Large",
    }
    assert ok == 200 and "2 milliards" in reply["text"]


def _stream_chunked(port: int, total: int) -> tuple[int, str]:
    """POST a chunked body of `total` bytes; (bytes sent before the server cut us off, status)."""
    headers = (
        "POST /telegram/hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Transfer-Encoding: chunked\r\nX-Telegram-Bot-Api-Secret-Token: {SECRET}\r\n\r\n"
    )
    piece = b"x" * 65536
    chunk = b"%x\r\n%s\r\n" % (len(piece), piece)
    sent, answer = 0, b""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(headers.encode())
        try:
            while sent < total:
                sock.sendall(chunk)
                sent += len(piece)
            answer = sock.recv(65536)
        except (BrokenPipeError, ConnectionResetError):
            pass  # cut off mid-body: the answer may be lost in the reset
        with contextlib.suppress(OSError):
            answer = answer or sock.recv(65536)
    return sent, answer.split(b"\r\n", 1)[0].decode()


@pytest.mark.asyncio
async def test_a_chunked_body_is_cut_at_the_cap(api: FakeBotApi, make_app) -> None:
    app, settings, _port = _setup(api, make_app)
    async with webhook_running(app, settings):
        sent, status = await asyncio.to_thread(_stream_chunked, _port, 40 * 1024 * 1024)
        ok = await api.post_webhook_async(
            settings.webhook_url or "", make_message("c quoi sun-es"), secret=SECRET
        )
        await api.wait_for_messages_async(1)
    assert sent < 8 * MAX_BODY  # refused near the cap, not after 40 MB
    assert status in ("HTTP/1.1 413 Request Entity Too Large", "")  # "" : lost in the reset
    assert ok == 200 and len(api.sent_messages()) == 1  # and the bot still serves Telegram


@pytest.mark.asyncio
async def test_the_same_update_posted_twice_is_answered_once(api: FakeBotApi, make_app) -> None:
    app, settings, _ = _setup(api, make_app)
    update = make_message("c quoi le budget du segur")
    update["update_id"] = 4242
    async with webhook_running(app, settings):
        url = settings.webhook_url or ""
        first = await api.post_webhook_async(url, dict(update), secret=SECRET)
        second = await api.post_webhook_async(url, dict(update), secret=SECRET)
        await api.wait_for_messages_async(1)
        await settle(0.3)
    assert (first, second) == (200, 200)  # Telegram stops resending...
    assert len(api.sent_messages()) == 1  # ...and the user is answered once


@pytest.mark.asyncio
async def test_a_poison_update_posted_to_the_webhook_is_accepted_and_skipped(
    api: FakeBotApi, make_app
) -> None:
    app, settings, _ = _setup(api, make_app)
    poison = {"update_id": 5151, "message": {"chat": {"id": 1, "type": "private"}, "text": "x"}}
    async with webhook_running(app, settings):
        url = settings.webhook_url or ""
        status = await api.post_webhook_async(url, poison, secret=SECRET)
        answered = await api.post_webhook_async(url, make_message("/aide"), secret=SECRET)
        await api.wait_for_messages_async(1)
    assert (status, answered) == (200, 200)  # 200: Telegram must not send the poison again
    assert len(api.sent_messages()) == 1


def test_the_bot_process_in_webhook_mode_answers_and_stops_on_sigterm(
    api: FakeBotApi, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(
        PYTHONPATH=str(REPO), TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_BASE_URL=api.base_url,
        WEBHOOK_URL=url, WEBHOOK_SECRET=SECRET, LISTEN="127.0.0.1", PORT=str(port),
        SEGUR_BOT_DB=str(tmp_path / "bot.sqlite3"),
    )  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot"], env=env, cwd=REPO, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 15
        while not api.calls("setWebhook") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert (
            api.post_webhook(url, make_message("c quoi le budget du segur"), secret=SECRET) == 200
        )
        assert "2 milliards" in api.wait_for_messages(1, timeout=10)[0]["text"]
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "starting in webhook mode" in err and "stopped" in err and SECRET not in err
