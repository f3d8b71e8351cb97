"""A hostile network and a hostile user: 429, 5xx, webhooks with wrong secrets, floods, leaks."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from bot import logs
from bot.devtools.fake_bot_api.records import DEFAULT_CHAT_ID, Fault
from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.devtools.fake_bot_api.updates import make_message
from bot.logs import SecretFilter, configure_logging
from bot.settings import Settings
from tests.helpers.telegram import exchange, free_port, running, settle, webhook_running


@pytest.mark.asyncio
# AIORateLimiter reads RetryAfter.retry_after, which PTB 22 flags as changing type.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_429_and_502_still_deliver_the_reply_exactly_once(api: FakeBotApi, make_app) -> None:
    api.inject("sendMessage", Fault.retry_after(1), Fault.status(502), Fault.drop())
    async with running(make_app()):
        (reply,) = await exchange(api, "c quoi le budget du segur", timeout=8)
        await settle(0.3)
    assert "2 milliards" in reply["text"]
    assert len(api.sent_messages()) == 1
    statuses = [(c.status, c.faulted) for c in api.calls("sendMessage")]
    assert statuses[:2] == [(429, Fault.retry_after(1)), (502, Fault.status(502))]
    assert statuses[2][1] == Fault.drop() and statuses[3] == (200, None)
    first, *_, last = api.calls("sendMessage")
    assert last.time - first.time >= 1.0  # the retry_after was honoured


@pytest.mark.asyncio
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_a_hostile_network_delivers_every_reply_exactly_once(
    api: FakeBotApi, make_app
) -> None:
    # Replies meet a timeout, a burst of 5xx, a 429 and a dropped connection; polling meets a
    # 5xx burst and a dropped connection. The bot keeps running and nobody gets two answers.
    api.inject(
        "sendMessage",
        Fault.delay(1.5),  # longer than the request timeout below: the client gives up
        Fault.status(502),
        Fault.status(503),
        Fault.status(504),
        Fault.status(500),
        Fault.retry_after(1),
        Fault.drop(),
    )
    api.inject("getUpdates", Fault.status(502), Fault.status(504), Fault.drop())
    questions = {
        2001: "c quoi le budget du segur",
        2002: "qui est olivier clatz",
        2003: "prochaine date limite ?",
    }
    async with running(make_app(request_timeout=1.0)):
        for chat_id, text in questions.items():
            api.push_message(text, chat_id=chat_id)
        await api.wait_for_messages_async(len(questions), timeout=30)
        await settle(2.0)  # time for any duplicate to show up
        api.push_message("c quoi sun-es", chat_id=2004)  # still running afterwards
        await api.wait_for_messages_async(len(questions) + 1, timeout=10)
    for chat_id in [*questions, 2004]:
        assert len(api.sent_messages(chat_id)) == 1, chat_id
    faulted = [c for c in api.calls("sendMessage") if c.faulted is not None]
    assert len(faulted) == 7  # every injected fault was met, and survived


@pytest.mark.asyncio
async def test_webhook_refuses_a_wrong_secret_and_answers_the_right_one(
    api: FakeBotApi, make_app
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    overrides = {
        "webhook_url": url,
        "webhook_secret": "s3cret-webhook",
        "listen": "127.0.0.1",
        "port": port,
    }
    app = make_app(**overrides)
    settings = Settings(**{**overrides, "token": api.token})
    async with webhook_running(app, settings):
        (registered,) = api.calls("setWebhook")
        assert (
            registered.params["url"] == url
            and registered.params["secret_token"] == "s3cret-webhook"
        )
        wrong = await api.post_webhook_async(url, make_message("intrus"), secret="guess")
        missing = await api.post_webhook_async(url, make_message("intrus"), secret=None)
        right = await api.post_webhook_async(
            url, make_message("c quoi le budget du segur"), secret="s3cret-webhook"
        )
        (reply,) = await api.wait_for_messages_async(1)
        await settle()
    assert (wrong, missing, right) == (403, 403, 200)
    assert "2 milliards" in reply["text"]
    assert len(api.sent_messages()) == 1


@pytest.mark.asyncio
async def test_a_flooding_user_gets_one_notice_and_others_are_still_answered(
    api: FakeBotApi, make_app
) -> None:
    flooder, other = DEFAULT_CHAT_ID, 2002
    async with running(make_app(flood=True)):
        for i in range(60):
            api.push_message(f"message {i}", chat_id=flooder)
        start = time.monotonic()
        (answer,) = await exchange(api, "c quoi le budget du segur", chat_id=other)
        waited = time.monotonic() - start
        await settle(0.5)
    assert "2 milliards" in answer["text"] and waited < 1.0
    texts = [m["text"] for m in api.sent_messages(flooder)]
    notices = [t for t in texts if t.startswith("Vous m'envoyez beaucoup de messages")]
    assert len(notices) == 1
    assert 8 <= len(texts) - 1 <= 10  # the burst (8), maybe a refilled token, not 60 answers


def test_secret_filter_redacts_messages_arguments_and_tracebacks() -> None:
    redactor = SecretFilter(["123456:SECRET-KEY-abcdef", "hook-secret-xyz", ""])
    try:
        raise RuntimeError("POST https://api.telegram.org/bot123456:SECRET-KEY-abcdef/getMe failed")
    except RuntimeError as exc:
        error = exc
    record = logging.LogRecord(
        "x",
        logging.ERROR,
        __file__,
        1,
        "url %s and %s",
        ("https://h/bot123456:SECRET-KEY-abcdef/x", "hook-secret-xyz"),
        (RuntimeError, error, error.__traceback__),
    )
    assert redactor.filter(record) is True
    text = logging.Formatter().format(record)
    assert "SECRET-KEY" not in text and "hook-secret-xyz" not in text
    assert "https://h/bot***/x and ***" in text and "bot***/getMe failed" in text


def test_no_secret_reaches_any_log_handler(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    token, secret = "987654:LEAKY-TOKEN-value", "leaky-webhook-secret"
    monkeypatch.setattr(logs, "_redactor", None)
    factory = logging.getLogRecordFactory()
    try:
        configure_logging(Settings(token=token, webhook_secret=secret, db_path=tmp_path / "x"))
        log = logging.getLogger("segur.test")
        log.warning("calling https://api.telegram.org/bot%s/getMe with %s", token, secret)
        try:
            raise ValueError(f"bad url .../bot{token}/sendMessage")
        except ValueError:
            log.exception("send failed")
        logging.getLogger("httpx").info(
            "HTTP Request: POST https://api.telegram.org/bot%s/getUpdates", token
        )
    finally:
        logging.setLogRecordFactory(factory)
        for handler in logging.getLogger().handlers:
            for flt in [f for f in handler.filters if isinstance(f, SecretFilter)]:
                handler.removeFilter(flt)
    assert "send failed" in caplog.text and "calling" in caplog.text
    assert (
        token not in caplog.text and "LEAKY-TOKEN" not in caplog.text and secret not in caplog.text
    )
    assert "HTTP Request" not in caplog.text  # httpx is raised to WARNING
    assert logging.getLogger("httpx").level == logging.WARNING
