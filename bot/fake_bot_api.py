"""A fake Telegram Bot API server for tests and for ``segur-bot bench``.

It speaks enough of the Bot API over real HTTP for python-telegram-bot (PTB) to
run unmodified against it, on 127.0.0.1 only (it never reaches the network),
on an ephemeral port, in its own thread with its own event loop, so it does not
care which event loop (pytest-asyncio's, the bench's) drives the bot.

Usage::

    from bot.fake_bot_api import Fault, FakeBotApi

    with FakeBotApi() as api:                       # or api = FakeBotApi().start() ... api.stop()
        app = Application.builder().token(api.token).base_url(api.base_url).build()
        ...                                          # start polling as usual
        api.push_message("bonjour")                  # queue an update for getUpdates
        api.inject("sendMessage", Fault.retry_after(1), Fault.status(502))
        replies = await api.wait_for_messages_async(1)   # from a coroutine
        replies = api.wait_for_messages(1)               # from a plain thread
        assert replies[0]["text"] == "bonjour"

What the bot did is in ``api.requests`` (every call, decoded, with faults
marked) and ``api.sent_messages()`` (delivered sendMessage/editMessageText
parameters, in order). ``make_*`` build update dicts for ``push_update`` or for
``post_webhook``, which plays Telegram's side of a webhook delivery.

Faults are consumed one per request, in the order they were injected, first from
the method's own queue, then from the ``"*"`` queue. A request that met a fault
is recorded with ``faulted`` set and is never counted as delivered, so tests can
check exactly-once delivery across client retries.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import ipaddress
import json
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from types import TracebackType
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit

__all__ = [
    "DEFAULT_CHAT_ID",
    "DEFAULT_TOKEN",
    "FakeBotApi",
    "Fault",
    "Recorded",
    "make_callback_query",
    "make_chat",
    "make_edited_message",
    "make_message",
    "make_photo_message",
    "make_sticker_message",
    "make_user",
    "make_voice_message",
]

JSON = dict[str, Any]

DEFAULT_TOKEN = "123456:TEST-TOKEN"
DEFAULT_CHAT_ID = 1001
# In groups the sender cannot share the (negative) chat id, so it gets its own.
DEFAULT_GROUP_USER_ID = 4242
MAX_TEXT_LENGTH = 4096  # Telegram's limit; bots must split longer answers.

# Methods whose successful calls count as "a message the user saw".
MESSAGE_METHODS = frozenset({"sendMessage", "editMessageText"})

# PTB sends str values as-is and JSON-encodes everything else, so a field can only
# be decoded safely if we know it is a string: "123" must stay the text "123".
_STRING_FIELDS = frozenset(
    {
        "action",
        "animation",
        "audio",
        "business_connection_id",
        "callback_query_id",
        "caption",
        "custom_emoji_id",
        "description",
        "document",
        "emoji",
        "file_id",
        "first_name",
        "inline_message_id",
        "ip_address",
        "language_code",
        "last_name",
        "message_effect_id",
        "name",
        "parse_mode",
        "photo",
        "query_id",
        "secret_token",
        "short_description",
        "sticker",
        "text",
        "title",
        "url",
        "username",
        "video",
        "video_note",
        "voice",
    }
)

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


# --------------------------------------------------------------------------- faults


@dataclass(frozen=True)
class Fault:
    """One misbehaviour of the server, consumed by one request."""

    kind: Literal["retry_after", "status", "delay", "drop"]
    seconds: float = 0.0
    code: int = 0

    @classmethod
    def retry_after(cls, seconds: int) -> Fault:
        """HTTP 429 with ``parameters.retry_after`` (PTB raises ``RetryAfter``)."""
        return cls("retry_after", seconds=seconds, code=HTTPStatus.TOO_MANY_REQUESTS)

    @classmethod
    def status(cls, code: int = HTTPStatus.BAD_GATEWAY) -> Fault:
        """An error status with an ``ok: false`` body (PTB raises ``NetworkError`` for 5xx)."""
        return cls("status", code=int(code))

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Answer ``seconds`` late, to trigger client read timeouts.

        If the client gave up (closed the connection) by then, the request is
        dropped and recorded as faulted, like a request lost in transit; if it is
        still waiting it gets the normal answer and the request counts as done.
        """
        return cls("delay", seconds=seconds)

    @classmethod
    def drop(cls) -> Fault:
        """Close the connection without answering (PTB raises ``NetworkError``)."""
        return cls("drop")


@dataclass(frozen=True)
class Recorded:
    """One request the bot made, as the server understood it."""

    method: str  # canonical name when known ("sendMessage"), else as sent
    params: JSON  # decoded: JSON-encoded fields parsed, uploaded files as dicts
    time: float  # time.monotonic() at arrival, to measure retry spacing
    status: int  # HTTP status answered; 0 when no answer was sent
    result: Any = None  # the "result" answered, when ok
    faulted: Fault | None = None  # the fault that kept this request from being served

    @property
    def ok(self) -> bool:
        return self.status == HTTPStatus.OK and self.faulted is None


class _ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


# --------------------------------------------------------------------------- update builders


def make_user(
    user_id: int,
    *,
    language_code: str | None = "fr",
    first_name: str = "Test",
    is_bot: bool = False,
) -> JSON:
    user: JSON = {
        "id": user_id,
        "is_bot": is_bot,
        "first_name": first_name,
        "username": f"user{user_id}",
    }
    if language_code is not None:
        user["language_code"] = language_code
    return user


def make_chat(chat_id: int, chat_type: str = "private") -> JSON:
    if chat_type == "private":
        return {"id": chat_id, "type": chat_type, "first_name": "Test"}
    return {"id": chat_id, "type": chat_type, "title": f"Test {chat_type} {chat_id}"}


def _default_user_id(chat_id: int, chat_type: str) -> int:
    # Telegram gives a private chat the id of the user in it.
    return chat_id if chat_type == "private" else DEFAULT_GROUP_USER_ID


def _command_entities(text: str) -> list[JSON]:
    if not text.startswith("/"):
        return []
    command = text.split(maxsplit=1)[0]
    # Telegram measures entities in UTF-16 code units.
    return [{"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}]


def _base_message(
    *,
    chat_id: int,
    message_id: int,
    user_id: int | None,
    language_code: str | None,
    chat_type: str,
    date: int | None,
) -> JSON:
    uid = _default_user_id(chat_id, chat_type) if user_id is None else user_id
    return {
        "message_id": message_id,
        "date": int(time.time()) if date is None else date,
        "chat": make_chat(chat_id, chat_type),
        "from": make_user(uid, language_code=language_code),
    }


def _update(kind: str, payload: JSON, update_id: int | None) -> JSON:
    update: JSON = {kind: payload}
    if update_id is not None:
        update["update_id"] = update_id
    return update


def make_message(
    text: str,
    *,
    chat_id: int = DEFAULT_CHAT_ID,
    message_id: int = 1,
    user_id: int | None = None,
    language_code: str | None = "fr",
    chat_type: str = "private",
    entities: list[JSON] | None = None,
    date: int | None = None,
    update_id: int | None = None,
) -> JSON:
    """A ``message`` update; text starting with "/" gets its bot_command entity.

    Without ``update_id`` the update gets one when pushed or posted.
    """
    message = _base_message(
        chat_id=chat_id,
        message_id=message_id,
        user_id=user_id,
        language_code=language_code,
        chat_type=chat_type,
        date=date,
    )
    message["text"] = text
    ents = _command_entities(text) if entities is None else entities
    if ents:
        message["entities"] = ents
    return _update("message", message, update_id)


def make_edited_message(text: str, *, update_id: int | None = None, **kwargs: Any) -> JSON:
    """An ``edited_message`` update (same keywords as :func:`make_message`)."""
    message = make_message(text, **kwargs)["message"]
    message["edit_date"] = message["date"] + 1
    return _update("edited_message", message, update_id)


def make_sticker_message(
    *,
    chat_id: int = DEFAULT_CHAT_ID,
    message_id: int = 1,
    user_id: int | None = None,
    language_code: str | None = "fr",
    chat_type: str = "private",
    emoji: str = "👍",
    update_id: int | None = None,
) -> JSON:
    message = _base_message(
        chat_id=chat_id,
        message_id=message_id,
        user_id=user_id,
        language_code=language_code,
        chat_type=chat_type,
        date=None,
    )
    message["sticker"] = {
        "file_id": f"fake-sticker-{chat_id}-{message_id}",
        "file_unique_id": f"fs{chat_id}{message_id}",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": emoji,
    }
    return _update("message", message, update_id)


def make_photo_message(
    *,
    chat_id: int = DEFAULT_CHAT_ID,
    message_id: int = 1,
    user_id: int | None = None,
    language_code: str | None = "fr",
    chat_type: str = "private",
    caption: str | None = None,
    update_id: int | None = None,
) -> JSON:
    message = _base_message(
        chat_id=chat_id,
        message_id=message_id,
        user_id=user_id,
        language_code=language_code,
        chat_type=chat_type,
        date=None,
    )
    message["photo"] = [
        {
            "file_id": f"fake-photo-{chat_id}-{message_id}-{side}",
            "file_unique_id": f"fp{chat_id}{message_id}{side}",
            "width": side,
            "height": side,
            "file_size": side * 40,
        }
        for side in (90, 320, 800)
    ]
    if caption is not None:
        message["caption"] = caption
    return _update("message", message, update_id)


def make_voice_message(
    *,
    chat_id: int = DEFAULT_CHAT_ID,
    message_id: int = 1,
    user_id: int | None = None,
    language_code: str | None = "fr",
    chat_type: str = "private",
    duration: int = 3,
    update_id: int | None = None,
) -> JSON:
    message = _base_message(
        chat_id=chat_id,
        message_id=message_id,
        user_id=user_id,
        language_code=language_code,
        chat_type=chat_type,
        date=None,
    )
    message["voice"] = {
        "file_id": f"fake-voice-{chat_id}-{message_id}",
        "file_unique_id": f"fv{chat_id}{message_id}",
        "duration": duration,
        "mime_type": "audio/ogg",
        "file_size": duration * 2000,
    }
    return _update("message", message, update_id)


def make_callback_query(
    data: str,
    *,
    chat_id: int = DEFAULT_CHAT_ID,
    message_id: int = 1,
    user_id: int | None = None,
    language_code: str | None = "fr",
    chat_type: str = "private",
    callback_id: str = "1",
    message: JSON | None = None,
    update_id: int | None = None,
) -> JSON:
    """A ``callback_query`` update for a button under the bot's message ``message_id``.

    ``message`` is that bot message; by default a bare one without text.
    """
    uid = _default_user_id(chat_id, chat_type) if user_id is None else user_id
    if message is None:
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": make_chat(chat_id, chat_type),
        }
    query = {
        "id": callback_id,
        "from": make_user(uid, language_code=language_code),
        "chat_instance": str(chat_id),
        "data": data,
        "message": message,
    }
    return _update("callback_query", query, update_id)


# --------------------------------------------------------------------------- HTTP helpers


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _decode_field(name: str, value: str) -> Any:
    if name in _STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value  # e.g. chat_id="@channel"


def _header_param(header: str, name: str) -> str | None:
    match = re.search(rf'(?:^|;)\s*{name}="((?:[^"\\]|\\.)*)"', header) or re.search(
        rf"(?:^|;)\s*{name}=([^;\s]+)", header
    )
    return match.group(1) if match else None


def _parse_multipart(body: bytes, content_type: str) -> JSON:
    boundary = _header_param(content_type, "boundary")
    if not boundary:
        raise _ApiError(400, "Bad Request: multipart body without boundary")
    params: JSON = {}
    for part in body.split(b"--" + boundary.encode("latin-1"))[1:]:
        if part.startswith(b"--"):
            break  # closing delimiter
        raw_head, _, data = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        data = data.removesuffix(b"\r\n")
        headers = {}
        for line in raw_head.decode("utf-8", "replace").split("\r\n"):
            key, _, val = line.partition(":")
            headers[key.strip().lower()] = val.strip()
        disposition = headers.get("content-disposition", "")
        name = _header_param(disposition, "name")
        if name is None:
            continue
        filename = _header_param(disposition, "filename")
        if filename is None:
            params[name] = _decode_field(name, data.decode("utf-8"))
        else:
            params[name] = {
                "filename": filename,
                "content_type": headers.get("content-type", "application/octet-stream"),
                "data": data,
            }
    return params


def _decode_params(query: str, body: bytes, content_type: str) -> JSON:
    params: JSON = {k: _decode_field(k, v) for k, v in parse_qsl(query, keep_blank_values=True)}
    if not body:
        return params
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime == "application/json":
        decoded = json.loads(body)
        if not isinstance(decoded, dict):
            raise _ApiError(400, "Bad Request: JSON body must be an object")
        params.update(decoded)
    elif mime == "multipart/form-data":
        params.update(_parse_multipart(body, content_type))
    else:  # Telegram treats anything else as a url-encoded form, and so do we.
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        params.update({k: _decode_field(k, v) for k, v in pairs})
    return params


def _http_response(status: int, payload: JSON, *, keep_alive: bool) -> bytes:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=repr).encode()
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Unknown"
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n"
    )
    return head.encode("latin-1") + body


def _error_payload(error: _ApiError) -> JSON:
    payload: JSON = {"ok": False, "error_code": error.code, "description": error.description}
    if error.parameters:
        payload["parameters"] = error.parameters
    return payload


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";", 1)[0], 16)
            if size == 0:
                while await reader.readuntil(b"\r\n") != b"\r\n":
                    pass  # trailers
                return b"".join(chunks)
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
    length = int(headers.get("content-length", "0") or 0)
    return await reader.readexactly(length) if length else b""


# --------------------------------------------------------------------------- the server


class FakeBotApi:
    """A fake Bot API on 127.0.0.1; see the module docstring."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        latency: float = 0.0,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_username: str = "segur_test_bot",
        bot_first_name: str = "Ségur Test Bot",
    ) -> None:
        if not _is_loopback(host):
            raise ValueError(f"FakeBotApi binds loopback addresses only, not {host!r}")
        self.token = token
        self.latency = latency
        self.host = host
        self._requested_port = port
        self.port = 0
        id_part = token.split(":", 1)[0]
        self.bot_user: JSON = {
            "id": int(id_part) if id_part.isdigit() else 123456,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

        # One Condition guards all state below: tests read it from their own thread
        # while the server thread writes it.
        self._cond = threading.Condition()
        self.requests: list[Recorded] = []
        self._delivered: list[Recorded] = []
        self._updates: collections.deque[JSON] = collections.deque()
        self._next_update_id = 1
        self._next_message_id: dict[int, int] = {}
        self._chats: dict[int, JSON] = {}
        self._bot_messages: dict[tuple[int, int], JSON] = {}
        self._faults: dict[str, collections.deque[Fault]] = {}
        self._commands: dict[tuple[str, str], list[JSON]] = {}
        self._webhook: JSON = {}
        self._callback_counter = 0

        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._started = threading.Event()
        self._start_error: BaseException | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self._update_event: asyncio.Event | None = None

        self._methods: dict[str, Callable[[JSON], Any]] = {
            "getMe": lambda _p: self.bot_user,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._true,
            "sendChatAction": self._true,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setMyDescription": self._true,
            "setMyShortDescription": self._true,
            "setMyName": self._true,
            "setChatMenuButton": self._true,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "close": self._true,
            "logOut": self._true,
        }
        # Telegram method names are case-insensitive.
        self._canonical = {name.lower(): name for name in [*self._methods, "getUpdates"]}

    def __repr__(self) -> str:  # never show the token
        return f"<FakeBotApi {self.host}:{self.port or '-'} latency={self.latency}>"

    # ------------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder.base_url``: PTB appends the token."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder.base_file_url`` (file downloads answer 404)."""
        return f"{self.url}/file/bot"

    @property
    def url(self) -> str:
        if not self.port:
            raise RuntimeError("FakeBotApi is not started")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> FakeBotApi:
        if self._thread is not None:
            raise RuntimeError("FakeBotApi already started")
        self._started.clear()
        self._start_error = None
        self._thread = threading.Thread(target=self._run, name="FakeBotApi", daemon=True)
        self._thread.start()
        if not self._started.wait(10):
            raise RuntimeError("FakeBotApi did not start within 10 s")
        if self._start_error is not None:
            self._thread.join()
            self._thread = None
            raise self._start_error
        return self

    def stop(self) -> None:
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        self._loop = None  # push_update stops waking pollers on a loop about to close
        try:
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(10)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)
            self._thread = None
            self.port = 0

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            self._server = loop.run_until_complete(
                asyncio.start_server(self._serve_connection, self.host, self._requested_port)
            )
        except BaseException as exc:  # reported by start() in the caller's thread
            self._start_error = exc
            loop.close()
            self._started.set()
            return
        self.port = self._server.sockets[0].getsockname()[1]
        self._update_event = asyncio.Event()
        self._loop = loop
        self._started.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        # Long polls and delays would otherwise hold the loop open until they end.
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    # ------------------------------------------------------------------ feeding updates

    def push_update(self, update: JSON) -> JSON:
        """Queue a raw update for getUpdates; fills ``update_id`` when missing."""
        with self._cond:
            self._assign_update_id(update)
            self._remember_chat(update)
            self._updates.append(update)
        loop = self._loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop closed under us: no poller left
                loop.call_soon_threadsafe(self._wake_pollers)
        return update

    def push_message(
        self,
        text: str,
        *,
        chat_id: int = DEFAULT_CHAT_ID,
        user_id: int | None = None,
        language_code: str | None = "fr",
        chat_type: str = "private",
        entities: list[JSON] | None = None,
    ) -> JSON:
        return self.push_update(
            make_message(
                text,
                chat_id=chat_id,
                message_id=self._new_message_id(chat_id),
                user_id=user_id,
                language_code=language_code,
                chat_type=chat_type,
                entities=entities,
            )
        )

    def push_edited_message(
        self,
        text: str,
        *,
        chat_id: int = DEFAULT_CHAT_ID,
        message_id: int | None = None,
        user_id: int | None = None,
        language_code: str | None = "fr",
        chat_type: str = "private",
    ) -> JSON:
        """Edit of ``message_id`` (by default the chat's latest message)."""
        if message_id is None:
            with self._cond:
                message_id = self._next_message_id.get(chat_id, 2) - 1
        return self.push_update(
            make_edited_message(
                text,
                chat_id=chat_id,
                message_id=message_id,
                user_id=user_id,
                language_code=language_code,
                chat_type=chat_type,
            )
        )

    def push_callback(
        self,
        data: str,
        *,
        chat_id: int = DEFAULT_CHAT_ID,
        message_id: int = 1,
        user_id: int | None = None,
        language_code: str | None = "fr",
    ) -> JSON:
        """A button press under the bot's message ``message_id`` (which, when the
        bot sent it through this server, is attached as the query's message)."""
        with self._cond:
            self._callback_counter += 1
            callback_id = f"cbq-{self._callback_counter}"
            message = self._bot_messages.get((chat_id, message_id))
            chat_type = self._chat(chat_id)["type"]
        return self.push_update(
            make_callback_query(
                data,
                chat_id=chat_id,
                message_id=message_id,
                user_id=user_id,
                language_code=language_code,
                chat_type=chat_type,
                callback_id=callback_id,
                message=dict(message) if message else None,
            )
        )

    def push_sticker(self, *, chat_id: int = DEFAULT_CHAT_ID, **kwargs: Any) -> JSON:
        mid = self._new_message_id(chat_id)
        return self.push_update(make_sticker_message(chat_id=chat_id, message_id=mid, **kwargs))

    def push_photo(self, *, chat_id: int = DEFAULT_CHAT_ID, **kwargs: Any) -> JSON:
        mid = self._new_message_id(chat_id)
        return self.push_update(make_photo_message(chat_id=chat_id, message_id=mid, **kwargs))

    def push_voice(self, *, chat_id: int = DEFAULT_CHAT_ID, **kwargs: Any) -> JSON:
        mid = self._new_message_id(chat_id)
        return self.push_update(make_voice_message(chat_id=chat_id, message_id=mid, **kwargs))

    @property
    def pending_updates(self) -> int:
        """Updates not yet confirmed by a getUpdates offset."""
        with self._cond:
            return len(self._updates)

    # ------------------------------------------------------------------ observing

    def sent_messages(self, chat_id: int | None = None) -> list[JSON]:
        """Parameters of delivered sendMessage/editMessageText calls, in order."""
        with self._cond:
            return self._sent_params(chat_id)

    def wait_for_messages(
        self, count: int, *, chat_id: int | None = None, timeout: float = 5.0
    ) -> list[JSON]:
        """Block until ``count`` messages were delivered; returns all delivered so far.

        Not for coroutines: blocking the loop that runs the bot would stall it, so
        this refuses to run there; use :meth:`wait_for_messages_async`.
        """
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            raise RuntimeError(
                "wait_for_messages would block the event loop; await wait_for_messages_async"
            )
        return self._wait(count, chat_id, timeout)

    async def wait_for_messages_async(
        self, count: int, *, chat_id: int | None = None, timeout: float = 5.0
    ) -> list[JSON]:
        """:meth:`wait_for_messages` for coroutines (waits in a worker thread)."""
        return await asyncio.to_thread(self._wait, count, chat_id, timeout)

    def _wait(self, count: int, chat_id: int | None, timeout: float) -> list[JSON]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                # Counting first keeps a waiter cheap while thousands of messages arrive.
                if chat_id is None and len(self._delivered) < count:
                    remaining = deadline - time.monotonic()
                    if remaining > 0:
                        self._cond.wait(remaining)
                        continue
                sent = self._sent_params(chat_id)
                if len(sent) >= count:
                    return sent
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    where = "" if chat_id is None else f" in chat {chat_id}"
                    texts = [m.get("text") for m in sent]
                    raise TimeoutError(
                        f"expected {count} messages{where} within {timeout}s, "
                        f"got {len(sent)}: {texts}"
                    )
                self._cond.wait(remaining)

    def calls(self, method: str) -> list[Recorded]:
        """Recorded requests to ``method`` (faulted ones included)."""
        name = self._canonical.get(method.lower(), method)
        with self._cond:
            return [r for r in self.requests if r.method == name]

    def commands(self, *, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        """The commands stored by setMyCommands for that scope and language."""
        with self._cond:
            return list(self._commands.get(self._commands_key(scope, language_code), []))

    # ------------------------------------------------------------------ faults

    def inject(self, method: str, *faults: Fault) -> None:
        """Queue faults for ``method`` ("sendMessage"), or for any method with "*"."""
        key = method if method == "*" else method.lower()
        with self._cond:
            self._faults.setdefault(key, collections.deque()).extend(faults)

    def clear_faults(self) -> None:
        with self._cond:
            self._faults.clear()

    def _take_fault(self, method: str) -> Fault | None:
        with self._cond:
            for key in (method.lower(), "*"):
                queue = self._faults.get(key)
                if queue:
                    return queue.popleft()
        return None

    # ------------------------------------------------------------------ webhook side

    def post_webhook(self, url: str, update: JSON, *, secret: str | None = None) -> int:
        """POST ``update`` to the bot's webhook as Telegram does; returns the HTTP status.

        Blocking: from a coroutine use :meth:`post_webhook_async`, or the webhook
        server (running on that coroutine's loop) could never answer.
        """
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            raise RuntimeError("post_webhook would block the event loop; await post_webhook_async")
        return self._post_webhook(url, update, secret)

    async def post_webhook_async(self, url: str, update: JSON, *, secret: str | None = None) -> int:
        return await asyncio.to_thread(self._post_webhook, url, update, secret)

    def _post_webhook(self, url: str, update: JSON, secret: str | None) -> int:
        host = urlsplit(url).hostname or ""
        if not _is_loopback(host):
            raise ValueError(f"post_webhook only posts to loopback addresses, not {host!r}")
        with self._cond:
            self._assign_update_id(update)
        headers = {"Content-Type": "application/json"}  # PTB's handler wants exactly this
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        request = urllib.request.Request(
            url, data=json.dumps(update).encode(), headers=headers, method="POST"
        )
        # No proxy, whatever the environment says: this traffic stays on loopback.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=10) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return exc.code

    # ------------------------------------------------------------------ state helpers (lock held)

    def _assign_update_id(self, update: JSON) -> None:
        if update.get("update_id") is None:
            update["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, int(update["update_id"]) + 1)

    def _new_message_id(self, chat_id: int) -> int:
        # Users and the bot share one message_id sequence per chat, as in Telegram.
        with self._cond:
            mid = self._next_message_id.get(chat_id, 1)
            self._next_message_id[chat_id] = mid + 1
            return mid

    def _remember_chat(self, update: JSON) -> None:
        for payload in update.values():
            if not isinstance(payload, dict):
                continue
            message = payload.get("message", payload)
            chat = message.get("chat") if isinstance(message, dict) else None
            if isinstance(chat, dict) and "id" in chat:
                self._chats[chat["id"]] = chat
                mid = message.get("message_id")
                if isinstance(mid, int) and "callback_query" not in update:
                    nxt = self._next_message_id.get(chat["id"], 1)
                    self._next_message_id[chat["id"]] = max(nxt, mid + 1)

    def _chat(self, chat_id: int) -> JSON:
        chat = self._chats.get(chat_id)
        if chat is None:
            # Unknown chats are accepted (Telegram would say "chat not found"): tests
            # often send to a chat before any update from it.
            chat = make_chat(chat_id, "private" if chat_id > 0 else "supergroup")
        return chat

    def _sent_params(self, chat_id: int | None) -> list[JSON]:
        return [
            r.params
            for r in self._delivered
            if chat_id is None or r.params.get("chat_id") == chat_id
        ]

    def _record(self, entry: Recorded) -> None:
        with self._cond:
            self.requests.append(entry)
            if entry.ok and entry.method in MESSAGE_METHODS:
                self._delivered.append(entry)
                self._cond.notify_all()

    @staticmethod
    def _commands_key(scope: Any, language_code: Any) -> tuple[str, str]:
        scope_key = json.dumps(scope or {"type": "default"}, sort_keys=True)
        return scope_key, str(language_code or "")

    # ------------------------------------------------------------------ Bot API methods

    @staticmethod
    def _true(_params: JSON) -> bool:
        return True

    @staticmethod
    def _require(params: JSON, *names: str) -> None:
        for name in names:
            if params.get(name) in (None, ""):
                raise _ApiError(400, f"Bad Request: {name} is empty")

    @classmethod
    def _chat_id(cls, params: JSON) -> int:
        cls._require(params, "chat_id")
        chat_id = params["chat_id"]
        if not isinstance(chat_id, int) or isinstance(chat_id, bool):
            # "@channelusername" targets: we know no channels.
            raise _ApiError(400, "Bad Request: chat not found")
        return chat_id

    def _send_message(self, params: JSON) -> JSON:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        if len(text.encode("utf-16-le")) // 2 > MAX_TEXT_LENGTH:
            raise _ApiError(400, "Bad Request: message is too long")
        chat_id = self._chat_id(params)
        message: JSON = {
            "message_id": self._new_message_id(chat_id),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self.bot_user,
            "text": text,
        }
        if isinstance(params.get("entities"), list):
            message["entities"] = params["entities"]
        self._attach_markup(message, params.get("reply_markup"))
        with self._cond:
            self._bot_messages[(chat_id, message["message_id"])] = message
        return message

    @staticmethod
    def _attach_markup(message: JSON, markup: Any) -> None:
        # Telegram echoes only inline keyboards in a Message (PTB would fail to parse
        # a reply keyboard there).
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)

    def _edited(self, params: JSON) -> JSON | None:
        if params.get("inline_message_id"):
            return None
        self._require(params, "message_id")
        chat_id, message_id = self._chat_id(params), params["message_id"]
        with self._cond:
            old = self._bot_messages.get((chat_id, message_id))
        message: JSON = (
            dict(old)
            if old
            else {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": self._chat(chat_id),
                "from": self.bot_user,
            }
        )
        message["edit_date"] = int(time.time())
        return message

    def _edit_message_text(self, params: JSON) -> JSON | bool:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        message = self._edited(params)
        if message is None:
            return True  # inline messages: Telegram answers true
        markup = params.get("reply_markup")
        if message.get("text") == text and message.get("reply_markup") == markup:
            # Real Telegram refuses no-op edits (a double-tapped button); bots must cope.
            raise _ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        message["text"] = text
        message.pop("entities", None)
        if isinstance(params.get("entities"), list):
            message["entities"] = params["entities"]
        self._attach_markup(message, params.get("reply_markup"))
        with self._cond:
            self._bot_messages[(params["chat_id"], params["message_id"])] = message
        return message

    def _edit_message_reply_markup(self, params: JSON) -> JSON | bool:
        message = self._edited(params)
        if message is None:
            return True
        self._attach_markup(message, params.get("reply_markup"))
        with self._cond:
            self._bot_messages[(params["chat_id"], params["message_id"])] = message
        return message

    def _answer_callback_query(self, params: JSON) -> bool:
        self._require(params, "callback_query_id")
        return True

    def _set_my_commands(self, params: JSON) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _ApiError(400, "Bad Request: commands must be a list")
        for command in commands:
            name = command.get("command", "") if isinstance(command, dict) else ""
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name) or not command.get("description"):
                raise _ApiError(400, f"Bad Request: invalid bot command {command!r}")
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        with self._cond:
            self._commands[key] = commands
        return True

    def _get_my_commands(self, params: JSON) -> list[JSON]:
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        with self._cond:
            return list(self._commands.get(key, []))

    def _delete_my_commands(self, params: JSON) -> bool:
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        with self._cond:
            self._commands.pop(key, None)
        return True

    def _set_webhook(self, params: JSON) -> bool:
        with self._cond:
            if params.get("drop_pending_updates"):
                self._updates.clear()
            url = params.get("url") or ""
            self._webhook = {k: v for k, v in params.items() if k != "certificate"} if url else {}
        return True

    def _delete_webhook(self, params: JSON) -> bool:
        with self._cond:
            if params.get("drop_pending_updates"):
                self._updates.clear()
            self._webhook = {}
        return True

    def _get_webhook_info(self, _params: JSON) -> JSON:
        with self._cond:
            info: JSON = {
                "url": self._webhook.get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            }
            for key in ("max_connections", "allowed_updates", "ip_address"):
                if key in self._webhook:
                    info[key] = self._webhook[key]
        return info

    def _take_updates(self, offset: int | None, limit: int, allowed: Any) -> list[JSON]:
        with self._cond:
            if self._webhook.get("url"):
                raise _ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
            updates = self._updates
            if offset is not None and offset < 0:
                # Telegram: a negative offset keeps only the last -offset updates.
                while len(updates) > -offset:
                    updates.popleft()
            elif offset:
                # Confirmation: everything below offset is gone for good.
                while updates and updates[0]["update_id"] < offset:
                    updates.popleft()
            kinds = set(allowed) if isinstance(allowed, list) and allowed else None
            batch: list[JSON] = []
            for update in updates:
                if kinds is None or not kinds.isdisjoint(update):
                    batch.append(update)
                    if len(batch) >= limit:
                        break
            return batch

    async def _get_updates(self, params: JSON) -> list[JSON]:
        offset = params.get("offset")
        offset = int(offset) if offset not in (None, "") else None
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        allowed = params.get("allowed_updates")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            batch = self._take_updates(offset, limit, allowed)
            remaining = deadline - loop.time()
            if batch or remaining <= 0:
                return batch
            # Captured before awaiting: _wake_pollers runs on this loop, so it cannot
            # slip in between the check above and this line.
            event = self._update_event
            assert event is not None
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                return []

    def _wake_pollers(self) -> None:
        event = self._update_event
        self._update_event = asyncio.Event()
        if event is not None:
            event.set()

    # ------------------------------------------------------------------ HTTP plumbing

    async def _serve_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                except asyncio.LimitOverrunError:
                    writer.write(
                        _http_response(431, {"ok": False, "error_code": 431}, keep_alive=False)
                    )
                    return
                try:
                    request_line, *header_lines = head[:-4].decode("latin-1").split("\r\n")
                    verb, target, version = request_line.split(" ", 2)
                except ValueError:
                    writer.write(
                        _http_response(400, {"ok": False, "error_code": 400}, keep_alive=False)
                    )
                    return
                headers: dict[str, str] = {}
                for line in header_lines:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                connection = headers.get("connection", "").lower()
                keep_alive = (
                    connection != "close" if version == "HTTP/1.1" else connection == "keep-alive"
                )
                if headers.get("expect", "").lower() == "100-continue":
                    writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                try:
                    body = await _read_body(reader, headers)
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                except ValueError:
                    writer.write(
                        _http_response(400, {"ok": False, "error_code": 400}, keep_alive=False)
                    )
                    return
                answer = await self._handle(verb, target, headers, body, reader)
                if answer is None:
                    return  # dropped on purpose
                status, payload = answer
                if self.latency > 0:
                    # Per connection task, so concurrent requests are delayed concurrently.
                    await asyncio.sleep(self.latency)
                writer.write(_http_response(status, payload, keep_alive=keep_alive))
                await writer.drain()
                if not keep_alive:
                    return
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self._connections.discard(task)
            writer.close()

    async def _handle(
        self,
        verb: str,
        target: str,
        headers: dict[str, str],
        body: bytes,
        reader: asyncio.StreamReader,
    ) -> tuple[int, JSON] | None:
        """Serve one request; ``None`` means: close without answering."""
        path, _, query = target.partition("?")
        not_found = (404, {"ok": False, "error_code": 404, "description": "Not Found"})
        if not path.startswith("/bot") or verb not in ("GET", "POST"):
            return not_found  # includes /file/bot<token>/...: we host no files
        token, _, method_name = path[4:].partition("/")
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = self._canonical.get(method_name.lower(), method_name)
        arrived = time.monotonic()
        try:
            params = _decode_params(query, body, headers.get("content-type", ""))
        except (_ApiError, ValueError) as exc:
            error = exc if isinstance(exc, _ApiError) else _ApiError(400, f"Bad Request: {exc}")
            self._record(Recorded(method, {}, arrived, error.code))
            return error.code, _error_payload(error)

        fault = self._take_fault(method)
        if fault is not None and fault.kind != "delay":
            if fault.kind == "drop":
                self._record(Recorded(method, params, arrived, 0, faulted=fault))
                return None
            if fault.kind == "retry_after":
                error = _ApiError(
                    fault.code,
                    f"Too Many Requests: retry after {int(fault.seconds)}",
                    {"retry_after": int(fault.seconds)},
                )
            else:
                error = _ApiError(fault.code, HTTPStatus(fault.code).phrase)
            self._record(Recorded(method, params, arrived, fault.code, faulted=fault))
            return fault.code, _error_payload(error)
        if fault is not None:
            await asyncio.sleep(fault.seconds)
            if reader.at_eof():  # the client timed out and hung up: lost in transit
                self._record(Recorded(method, params, arrived, 0, faulted=fault))
                return None

        try:
            if method == "getUpdates":
                result: Any = await self._get_updates(params)
            else:
                handler = self._methods.get(method)
                if handler is None:
                    raise _ApiError(404, "Not Found")
                result = handler(params)
        except _ApiError as error:
            self._record(Recorded(method, params, arrived, error.code))
            return error.code, _error_payload(error)
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            error = _ApiError(400, f"Bad Request: {exc}")
            self._record(Recorded(method, params, arrived, error.code))
            return error.code, _error_payload(error)
        except Exception as exc:  # a bug here must answer, not hang the client
            error = _ApiError(500, f"Internal Server Error: {exc!r}")
            self._record(Recorded(method, params, arrived, error.code))
            return error.code, _error_payload(error)
        self._record(Recorded(method, params, arrived, 200, result=result))
        return 200, {"ok": True, "result": result}
