"""The fake Bot API, driven by the real python-telegram-bot Application (no mocks).

The server-level checks use plain httpx; everything else goes through PTB so that
the fake stays honest about what PTB really sends and expects.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, EndPointNotFound, NetworkError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.devtools.fake_bot_api.records import Fault
from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.devtools.fake_bot_api.updates import (
    make_callback_query,
    make_edited_message,
    make_message,
    make_photo_message,
    make_sticker_message,
    make_voice_message,
)


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi() as server:
        yield server


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.message.text is not None
    await update.message.reply_text(update.message.text)


def _build_app(api: FakeBotApi, *, rate_limiter: AIORateLimiter | None = None) -> Application:
    builder = Application.builder().token(api.token).base_url(api.base_url)
    if rate_limiter is not None:
        builder = builder.rate_limiter(rate_limiter)
    app = builder.build()
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    errors: list[BaseException] = []

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert context.error is not None
        errors.append(context.error)

    app.add_error_handler(on_error)
    app.bot_data["errors"] = errors
    return app


@contextlib.asynccontextmanager
async def _polling(app: Application) -> AsyncIterator[Application]:
    """The manual lifecycle: initialise, poll, start; then stop in reverse order."""
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await app.start()
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --------------------------------------------------------------------------- through PTB


@pytest.mark.asyncio
async def test_echo_round_trip(api: FakeBotApi) -> None:
    app = _build_app(api)
    async with _polling(app):
        update = api.push_message("bonjour le Ségur")
        sent = await api.wait_for_messages_async(1)

    assert sent == [{"chat_id": 1001, "text": "bonjour le Ségur"}]
    (call,) = api.calls("sendMessage")
    # The Message the bot got back: next id in the chat, from the bot itself.
    assert call.result["message_id"] == update["message"]["message_id"] + 1
    assert call.result["from"]["is_bot"] is True
    assert call.result["chat"] == {"id": 1001, "type": "private", "first_name": "Test"}
    assert app.bot_data["errors"] == []


@pytest.mark.asyncio
async def test_offset_confirms_each_update_once(api: FakeBotApi) -> None:
    app = _build_app(api)
    async with _polling(app):
        for i in range(3):
            api.push_message(f"message {i}")
            await api.wait_for_messages_async(i + 1)

    assert [m["text"] for m in api.sent_messages()] == ["message 0", "message 1", "message 2"]
    delivered = [u["update_id"] for c in api.calls("getUpdates") if c.ok for u in c.result]
    assert sorted(delivered) == [1, 2, 3]  # no update handed out twice
    assert api.pending_updates == 0  # PTB's last getUpdates confirmed the final offset


@pytest.mark.asyncio
# AIORateLimiter reads RetryAfter.retry_after, which PTB 22 flags as changing type.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_retry_after_is_honoured_and_reply_arrives_once(api: FakeBotApi) -> None:
    api.inject("sendMessage", Fault.retry_after(1))
    app = _build_app(api, rate_limiter=AIORateLimiter(max_retries=3))
    async with _polling(app):
        api.push_message("429 please")
        sent = await api.wait_for_messages_async(1)
        await asyncio.sleep(0.2)  # room for a duplicate to show up, if any

    assert [m["text"] for m in sent] == ["429 please"]
    assert len(api.sent_messages()) == 1
    first, second = api.calls("sendMessage")
    assert first.faulted == Fault.retry_after(1) and first.status == 429
    assert second.ok and second.time - first.time >= 1.0
    assert app.bot_data["errors"] == []


@pytest.mark.asyncio
async def test_502_burst_on_get_updates_polling_recovers(api: FakeBotApi) -> None:
    api.inject("getUpdates", Fault.status(502), Fault.status(502))
    app = _build_app(api)
    async with _polling(app):
        api.push_message("after the outage")
        sent = await api.wait_for_messages_async(1, timeout=8)

    assert [m["text"] for m in sent] == ["after the outage"]
    polls = api.calls("getUpdates")
    assert [p.status for p in polls[:2]] == [502, 502]
    assert all(p.faulted == Fault.status(502) for p in polls[:2])


@pytest.mark.asyncio
async def test_502_burst_on_send_message_is_not_delivered(api: FakeBotApi) -> None:
    api.inject("sendMessage", *[Fault.status(502)] * 3)
    app = _build_app(api)
    async with _polling(app):
        for i in range(4):
            api.push_message(f"m{i}")
        sent = await api.wait_for_messages_async(1)
        await asyncio.sleep(0.1)

    # PTB does not retry by itself: three handler errors, one delivered reply.
    assert [m["text"] for m in sent] == ["m3"]
    assert len(api.sent_messages()) == 1
    assert [c.status for c in api.calls("sendMessage")] == [502, 502, 502, 200]
    errors = app.bot_data["errors"]
    assert len(errors) == 3 and all(isinstance(e, NetworkError) for e in errors)


@pytest.mark.asyncio
async def test_callback_query_answers_and_edits(api: FakeBotApi) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        button = InlineKeyboardButton("Budget", callback_data="topic:budget")
        await update.message.reply_text("Choisissez", reply_markup=InlineKeyboardMarkup([[button]]))

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and query.message is not None
        await query.answer()
        await query.edit_message_text(f"Vous avez choisi {query.data}")

    app = _build_app(api)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(on_button))
    async with _polling(app):
        api.push_message("/start")
        (menu,) = await api.wait_for_messages_async(1)
        assert menu["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "topic:budget"
        message_id = api.calls("sendMessage")[0].result["message_id"]

        update = api.push_callback("topic:budget", message_id=message_id)
        _, edit = await api.wait_for_messages_async(2)

    assert edit == {
        "chat_id": 1001,
        "message_id": message_id,
        "text": "Vous avez choisi topic:budget",
    }
    (answer,) = api.calls("answerCallbackQuery")
    assert answer.ok
    assert answer.params["callback_query_id"] == update["callback_query"]["id"]
    # The query carried the bot's own message, with its keyboard.
    assert update["callback_query"]["message"]["text"] == "Choisissez"
    assert app.bot_data["errors"] == []


@pytest.mark.asyncio
async def test_webhook_mode_checks_the_secret(api: FakeBotApi) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/hook"
    app = _build_app(api)
    async with app:
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1", port=port, url_path="hook", secret_token="s3cret", webhook_url=url
        )
        await app.start()
        try:
            (set_webhook,) = api.calls("setWebhook")
            assert set_webhook.params["url"] == url
            assert set_webhook.params["secret_token"] == "s3cret"

            ok = await api.post_webhook_async(url, make_message("via webhook"), secret="s3cret")
            assert ok == 200
            sent = await api.wait_for_messages_async(1)
            assert [m["text"] for m in sent] == ["via webhook"]

            wrong = await api.post_webhook_async(url, make_message("intrus"), secret="nope")
            missing = await api.post_webhook_async(url, make_message("intrus"), secret=None)
            assert (wrong, missing) == (403, 403)
            await asyncio.sleep(0.1)
            assert len(api.sent_messages()) == 1
        finally:
            await app.updater.stop()
            await app.stop()


@pytest.mark.asyncio
async def test_bot_methods_through_ptb(api: FakeBotApi) -> None:
    async with Bot(api.token, base_url=api.base_url) as bot:
        me = await bot.get_me()
        assert me.is_bot and me.username == "segur_test_bot" and me.id == 123456

        await bot.set_my_commands([("aide", "Aide"), ("delais", "Les délais")], language_code="fr")
        commands = await bot.get_my_commands(language_code="fr")
        assert [c.command for c in commands] == ["aide", "delais"]
        assert await bot.get_my_commands() == ()  # another language: nothing stored
        assert await bot.delete_my_commands(language_code="fr")
        assert api.commands(language_code="fr") == []

        info = await bot.get_webhook_info()
        assert info.url == "" and info.pending_update_count == 0
        assert await bot.send_chat_action(1001, "typing")

        with pytest.raises(BadRequest, match="too long"):
            await bot.send_message(1001, "x" * 4097)
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message("@some_channel", "hello")

        sent = await bot.send_message(1001, "v1")
        edited = await bot.edit_message_text("v2", chat_id=1001, message_id=sent.message_id)
        assert isinstance(edited, Message) and edited.text == "v2" and edited.edit_date
        with pytest.raises(BadRequest, match="not modified"):  # as Telegram does
            await bot.edit_message_text("v2", chat_id=1001, message_id=sent.message_id)
        with pytest.raises(EndPointNotFound):
            await bot.do_api_request("noSuchMethod")
    # Rejected calls are not delivered.
    assert [m["text"] for m in api.sent_messages()] == ["v1", "v2"]


def _png(width: int, height: int) -> bytes:
    """A PNG header: all the fake reads of a photo (its size)."""
    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x02\x00\x00\x00"
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + ihdr + b"\x00" * 16


@pytest.mark.asyncio
async def test_documents_and_photos_are_uploaded_and_checked(api: FakeBotApi) -> None:
    async with Bot(api.token, base_url=api.base_url) as bot:
        doc = await bot.send_document(1001, b"BEGIN:VCALENDAR", filename="a.ics", caption="c")
        assert doc.document is not None and doc.document.file_name == "a.ics"
        assert doc.document.file_size == 15 and doc.caption == "c"
        photo = await bot.send_photo(1001, _png(1080, 900), filename="t.png")
        assert [(p.width, p.height) for p in photo.photo] == [(1080, 900)]
        with pytest.raises(BadRequest, match=r"(?i)photo_invalid_dimensions"):
            await bot.send_photo(1001, _png(2100, 100))
        with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
            await bot.send_photo(1001, b"not a picture")
        with pytest.raises(BadRequest, match="caption is too long"):
            await bot.send_document(1001, b"x", filename="x.txt", caption="x" * 1025)
        with pytest.raises(BadRequest, match=r"(?i)there is no document"):
            await bot.send_document(1001, "some-file-id")
    sent = api.sent_messages()
    assert [m["document"]["filename"] if "document" in m else "photo" for m in sent] == [
        "a.ics",
        "photo",
    ]
    assert sent[0]["document"]["data"] == b"BEGIN:VCALENDAR"


def test_updates_built_by_make_parse_in_ptb() -> None:
    updates = {
        "sticker": make_sticker_message(update_id=1),
        "photo": make_photo_message(caption="scan", update_id=2),
        "voice": make_voice_message(update_id=3),
        "edited": make_edited_message("corrigé", update_id=4),
        "callback": make_callback_query("x", update_id=5),
        "command": make_message("/start ref", chat_id=-100, chat_type="group", update_id=6),
    }
    parsed = {name: Update.de_json(data, None) for name, data in updates.items()}
    assert parsed["sticker"].message.sticker.emoji == "👍"
    assert parsed["photo"].message.photo[-1].width == 800
    assert parsed["photo"].message.caption == "scan"
    assert parsed["voice"].message.voice.mime_type == "audio/ogg"
    assert parsed["edited"].edited_message.text == "corrigé"
    assert parsed["callback"].callback_query.data == "x"
    command = parsed["command"].message
    assert command.entities[0].type == "bot_command" and command.entities[0].length == 6
    assert command.from_user.id != command.chat.id  # in groups the sender is not the chat


def test_pushed_media_and_edits_share_the_chat_message_ids(api: FakeBotApi) -> None:
    first = api.push_message("bonjour")["message"]["message_id"]
    edited = api.push_edited_message("bonsoir")["edited_message"]
    assert edited["message_id"] == first
    assert api.push_sticker()["message"]["message_id"] == first + 1
    assert api.push_photo(caption="c")["message"]["message_id"] == first + 2
    assert api.push_voice()["message"]["message_id"] == first + 3
    update_ids = [
        u["update_id"] for u in httpx.get(f"{api.base_url}{api.token}/getUpdates").json()["result"]
    ]
    assert update_ids == [1, 2, 3, 4, 5]


# --------------------------------------------------------------------------- raw HTTP


def test_get_updates_offset_limit_and_long_poll(api: FakeBotApi) -> None:
    url = f"{api.base_url}{api.token}/getUpdates"
    with httpx.Client() as client:
        for text in ("a", "b", "c"):
            api.push_message(text)
        unconfirmed = client.post(url, data={"limit": "2"}).json()["result"]
        again = client.post(url, data={"limit": "2"}).json()["result"]
        assert [u["update_id"] for u in unconfirmed] == [u["update_id"] for u in again] == [1, 2]

        confirmed = client.post(url, json={"offset": 3}).json()["result"]  # JSON bodies too
        assert [u["message"]["text"] for u in confirmed] == ["c"]
        assert api.pending_updates == 1

        # An empty long poll waits for its timeout...
        start = time.monotonic()
        assert client.post(url, data={"offset": "4", "timeout": "1"}).json()["result"] == []
        assert 0.9 <= time.monotonic() - start < 1.5
        # ...but answers as soon as an update arrives.
        threading.Timer(0.2, api.push_message, args=("late",)).start()
        start = time.monotonic()
        late = client.post(url, data={"offset": "4", "timeout": "5"}).json()["result"]
        assert [u["message"]["text"] for u in late] == ["late"]
        assert time.monotonic() - start < 1.0


def test_routes_tokens_and_decoding(api: FakeBotApi) -> None:
    with httpx.Client(base_url=api.url) as client:
        assert client.post(f"/bot{api.token}/getMe").json()["result"]["is_bot"] is True
        unknown = client.post(f"/bot{api.token}/frobnicate")
        assert (unknown.status_code, unknown.json()["ok"]) == (404, False)
        assert client.post("/bot999:WRONG/getMe").status_code == 401
        assert client.get(f"/file/bot{api.token}/photos/x.jpg").status_code == 404

        markup = '{"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}'
        sent = client.post(
            f"/bot{api.token}/sendMessage",
            data={"chat_id": "42", "text": "123", "reply_markup": markup},
        ).json()["result"]
        assert sent["reply_markup"]["inline_keyboard"][0][0]["text"] == "A"
        files = {"document": ("a.txt", b"hello", "text/plain")}
        client.post(f"/bot{api.token}/sendDocument", data={"chat_id": "42"}, files=files)

    send, doc = api.calls("sendMessage")[0], api.calls("sendDocument")[0]
    # Fields are decoded, but a text stays a string even when it looks like a number.
    assert send.params["chat_id"] == 42 and send.params["text"] == "123"
    assert doc.params["document"]["data"] == b"hello" and doc.status == 200
    assert "TEST-TOKEN" not in repr(api) and "TEST-TOKEN" not in api.base_url


def test_drop_and_delay_faults_are_not_delivered(api: FakeBotApi) -> None:
    url = f"{api.base_url}{api.token}/sendMessage"
    api.inject("sendMessage", Fault.drop(), Fault.delay(0.6), Fault.delay(0.2))
    api.inject("*", Fault.status(503))
    with httpx.Client() as client:
        with pytest.raises(httpx.RemoteProtocolError):
            client.post(url, data={"chat_id": "1", "text": "dropped"})
        with pytest.raises(httpx.ReadTimeout):  # the client gives up before the answer
            client.post(url, data={"chat_id": "1", "text": "too late"}, timeout=0.2)
        patient = client.post(url, data={"chat_id": "1", "text": "slow but fine"}, timeout=2)
        assert patient.status_code == 200
        assert client.post(url, data={"chat_id": "1", "text": "503"}).status_code == 503
        assert client.post(url, data={"chat_id": "1", "text": "ok"}).status_code == 200
        time.sleep(0.6)  # let the abandoned delayed request notice its client left

    assert [m["text"] for m in api.sent_messages()] == ["slow but fine", "ok"]
    faults = {c.params["text"]: c.faulted for c in api.calls("sendMessage")}
    assert faults == {
        "dropped": Fault.drop(),
        "too late": Fault.delay(0.6),
        "slow but fine": None,
        "503": Fault.status(503),
        "ok": None,
    }


@pytest.mark.asyncio
async def test_latency_delays_concurrent_requests_concurrently() -> None:
    with FakeBotApi(latency=0.3) as api:
        async with httpx.AsyncClient() as client:
            start = time.monotonic()
            replies = await asyncio.gather(
                *(client.post(f"{api.base_url}{api.token}/getMe") for _ in range(5))
            )
            elapsed = time.monotonic() - start
    assert all(r.status_code == 200 for r in replies)
    assert 0.3 <= elapsed < 0.9  # serialised, it would take 1.5 s


@pytest.mark.asyncio
async def test_blocking_helpers_refuse_to_stall_the_event_loop(api: FakeBotApi) -> None:
    with pytest.raises(RuntimeError, match="async"):
        api.wait_for_messages(1, timeout=0.1)
    with pytest.raises(RuntimeError, match="async"):
        api.post_webhook("http://127.0.0.1:1/hook", make_message("x"))


def test_wait_for_messages_reports_what_arrived(api: FakeBotApi) -> None:
    httpx.post(f"{api.base_url}{api.token}/sendMessage", data={"chat_id": "7", "text": "seul"})
    assert [m["text"] for m in api.wait_for_messages(1, chat_id=7)] == ["seul"]
    with pytest.raises(TimeoutError, match=r"expected 2 messages in chat 7 .* got 1: \['seul'\]"):
        api.wait_for_messages(2, chat_id=7, timeout=0.2)


def test_refuses_non_loopback_addresses() -> None:
    with pytest.raises(ValueError, match="loopback"):
        FakeBotApi(host="0.0.0.0")
    with pytest.raises(ValueError, match="loopback"):
        FakeBotApi().post_webhook("http://example.org/hook", make_message("x"))
