"""The fake Bot API server: its thread and event loop, the test-facing side (feeding updates,
observing replies, injecting faults, posting to a webhook) and the HTTP plumbing."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import threading
import time
from http import HTTPStatus
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from bot.devtools.fake_bot_api.methods import BotApiState
from bot.devtools.fake_bot_api.records import (
    DEFAULT_CHAT_ID,
    DEFAULT_TOKEN,
    JSON,
    Fault,
    Recorded,
    _ApiError,
)
from bot.devtools.fake_bot_api.updates import (
    make_callback_query,
    make_document_message,
    make_edited_message,
    make_message,
    make_my_chat_member,
    make_photo_message,
    make_sticker_message,
    make_voice_message,
)
from bot.devtools.fake_bot_api.wire import (
    _decode_params,
    _error_payload,
    _http_response,
    _is_loopback,
    _read_body,
    post_loopback,
)


class FakeBotApi(BotApiState):
    """A fake Bot API on 127.0.0.1; see the package docstring."""

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
        super().__init__(
            {
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
        )

        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._started = threading.Event()
        self._start_error: BaseException | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self._outages: list[tuple[float, str, Fault]] = []  # (until, method or "*", fault)

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
        reply_to_message_id: int | None = None,
    ) -> JSON:
        """A user's message; ``reply_to_message_id`` makes it a reply to that message of the chat
        (the bot's or a user's)."""
        reply_to = None
        if reply_to_message_id is not None:
            with self._cond:
                key = (chat_id, reply_to_message_id)
                reply_to = self._bot_messages.get(key) or self._user_messages.get(key)
            if reply_to is None:
                raise KeyError(f"no message {reply_to_message_id} in chat {chat_id}")
        return self.push_update(
            make_message(
                text,
                chat_id=chat_id,
                message_id=self._new_message_id(chat_id),
                user_id=user_id,
                language_code=language_code,
                chat_type=chat_type,
                entities=entities,
                reply_to=reply_to,
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

    def push_document(self, *, chat_id: int = DEFAULT_CHAT_ID, **kwargs: Any) -> JSON:
        mid = self._new_message_id(chat_id)
        return self.push_update(make_document_message(chat_id=chat_id, message_id=mid, **kwargs))

    def push_my_chat_member(self, *, chat_id: int, **kwargs: Any) -> JSON:
        """The bot added to (or removed from) a group: see make_my_chat_member."""
        return self.push_update(
            make_my_chat_member(chat_id=chat_id, bot_user=self.bot_user, **kwargs)
        )

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
        """Parameters of delivered sendMessage/editMessageText/sendDocument/sendPhoto calls,
        in order (an uploaded file is {"filename", "content_type", "data"})."""
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

    def description(self, *, language_code: str = "", short: bool = False) -> str:
        """What setMyDescription (or setMyShortDescription) stored for that language."""
        kind = "short_description" if short else "description"
        with self._cond:
            return self._descriptions.get((kind, language_code), "")

    def message(self, chat_id: int, message_id: int) -> JSON | None:
        """The bot's message as Telegram now holds it (after any edit): plain text, entities,
        reply_markup, reply_to_message."""
        with self._cond:
            found = self._bot_messages.get((chat_id, message_id))
            return dict(found) if found else None

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

    def outage(
        self,
        seconds: float,
        *,
        method: str = "*",
        status: int = HTTPStatus.BAD_GATEWAY,
        retry_after: int | None = None,
    ) -> None:
        """From now on, for `seconds`, every request to `method` ("*": any) fails, with
        `status`, or with a 429 asking to retry after `retry_after` seconds."""
        fault = Fault.retry_after(retry_after) if retry_after is not None else Fault.status(status)
        key = method if method == "*" else method.lower()
        with self._cond:
            self._outages.append((time.monotonic() + seconds, key, fault))

    def clear_faults(self) -> None:
        with self._cond:
            self._faults.clear()
            self._outages.clear()

    def _take_fault(self, method: str) -> Fault | None:
        with self._cond:
            now = time.monotonic()
            self._outages = [o for o in self._outages if o[0] > now]
            for _until, key, fault in self._outages:
                if key in ("*", method.lower()):
                    return fault
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
        return post_loopback(url, json.dumps(update).encode(), headers)

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
                # A round trip: half on the way in, before the server acts, half on the way
                # back. Per connection task, so concurrent requests are delayed concurrently.
                if self.latency > 0:
                    await asyncio.sleep(self.latency / 2)
                answer = await self._handle(verb, target, headers, body, reader)
                if answer is None:
                    return  # dropped on purpose
                status, payload = answer
                if self.latency > 0:
                    await asyncio.sleep(self.latency / 2)
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
        except _ApiError as refused:
            self._record(Recorded(method, params, arrived, refused.code))
            return refused.code, _error_payload(refused)
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
