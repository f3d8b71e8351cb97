"""The webhook server: Telegram's POSTs checked before their body is read, then queued for PTB.

python-telegram-bot's built-in webhook (tornado) reads the whole body, up to tornado's 100 MB
default, before it looks at the path, the secret or the content type, and it cannot be told
otherwise: forty anonymous 95 MB POSTs took a bot from 55 MB to 4 GB. So, as PTB's
customwebhook example does, we run our own small tornado server and put the updates in
`app.update_queue` ourselves. Each request is judged on its headers alone, before one byte of
its body is read: a wrong path is 404, a missing or wrong secret 403, another content type 415,
a body announced larger than MAX_BODY 413, and the connection is then closed, so the body is
never read. A chunked body is counted as it streams and cut at MAX_BODY the same way.

Telegram sends an update again when it did not get our 200 in time: the last RECENT_IDS update
ids are remembered, and a repeat is answered 200 and not handled twice. Each update is stored in
the inbox (bot.telegram_app.inbox) before its 200, so a crash cannot lose it, and an update sent
again after a restart is recognised there. An update PTB cannot
parse is answered 200 too (Telegram would otherwise resend it forever), and recorded by
bot.telegram_app.poison.
"""

from __future__ import annotations

import collections
import hmac
import json
import logging
import re
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

import tornado.web
from telegram import Update
from tornado.httpserver import HTTPServer

from bot.settings import Settings, SettingsError
from bot.telegram_app.context import BotApp
from bot.telegram_app.inbox import inbox_of

logger = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024  # Telegram's updates are a few kB; a long message with entities < 64 kB
RECENT_IDS = 10_000
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class RecentIds:
    """The last `size` update ids seen, to answer a resent update once."""

    def __init__(self, size: int = RECENT_IDS) -> None:
        self._order: collections.deque[int] = collections.deque()
        self._seen: set[int] = set()
        self._size = size

    def first_time(self, update_id: int) -> bool:
        if update_id in self._seen:
            return False
        self._seen.add(update_id)
        self._order.append(update_id)
        if len(self._order) > self._size:
            self._seen.discard(self._order.popleft())
        return True


class _Refusing(tornado.web.RequestHandler):
    """Answers a refusal from the headers alone, then closes the connection unread."""

    async def refuse(self, status: HTTPStatus) -> None:
        self.clear()
        self.set_status(status)
        self.set_header("Connection", "close")
        await self.finish()
        # Closing is what keeps the body unread: tornado would otherwise read it to discard it.
        self.request.connection.close()  # type: ignore[union-attr]

    def log_exception(self, *args: Any) -> None:
        """Tornado's own traceback logging would quote request details: stay quiet."""


@tornado.web.stream_request_body
class _Elsewhere(_Refusing):
    """Every path but the webhook's: 404 before the body."""

    async def prepare(self) -> None:
        await self.refuse(HTTPStatus.NOT_FOUND)


@tornado.web.stream_request_body
class _Hook(_Refusing):
    """The webhook path: headers checked first, the body read only when they are right."""

    SUPPORTED_METHODS = ("POST",)  # type: ignore[assignment]

    def initialize(self, app: BotApp, secret: str, recent: RecentIds) -> None:
        self.app, self.secret, self.recent = app, secret, recent
        self.body = bytearray()

    async def prepare(self) -> None:
        headers = self.request.headers
        given = headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            await self.refuse(HTTPStatus.FORBIDDEN)
            return
        if headers.get("Content-Type", "").split(";")[0].strip().lower() != "application/json":
            await self.refuse(HTTPStatus.UNSUPPORTED_MEDIA_TYPE)
            return
        length = headers.get("Content-Length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            await self.refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)

    async def data_received(self, chunk: bytes) -> None:
        if self._finished:
            return
        if len(self.body) + len(chunk) > MAX_BODY:  # a chunked body that grows past the cap
            await self.refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            return
        self.body.extend(chunk)

    async def post(self) -> None:
        try:
            data = json.loads(self.body)
            update_id = int(data["update_id"])
        except (ValueError, TypeError, KeyError):
            self.set_status(HTTPStatus.BAD_REQUEST)  # not an update at all: Telegram never sends it
            return
        if not self.recent.first_time(update_id):
            logger.info("update %d received again: already handled", update_id)
            return
        try:
            update = parse_update(self.app, data)
        except Exception:
            # A poison update: 200, so Telegram does not send it again; its id and kind only.
            kind = next((k for k in data if k != "update_id"), "empty")
            logger.warning(
                "skipped update %s (%s): python-telegram-bot cannot read it", update_id, kind
            )
            return
        inbox = inbox_of(self.app)
        # Stored before the 200 that makes Telegram forget it; known after a restart too.
        if inbox is not None and not inbox.accept_one(data):
            logger.info("update %d received again: already handled", update_id)
            return
        await self.app.update_queue.put(update)


def parse_update(app: BotApp, data: dict[str, Any]) -> Update:
    """The update as PTB reads it (callback data included)."""
    update = Update.de_json(data, app.bot)
    app.bot.insert_callback_data(update)
    return update


def make_server(app: BotApp, settings: Settings) -> HTTPServer:
    """The server, bound to LISTEN:PORT (a busy port is one SettingsError line)."""
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    path = "/" + urlsplit(settings.webhook_url).path.strip("/")
    routes: list[Any] = [
        (
            rf"{re.escape(path)}/?" if path != "/" else r"/",
            _Hook,
            {"app": app, "secret": settings.webhook_secret, "recent": RecentIds()},
        ),
        (r".*", _Elsewhere),
    ]
    web = tornado.web.Application(routes, log_function=lambda _handler: None)
    # Tornado's own cap is a backstop above ours, so our 413 (not its 400) is what clients see.
    server = HTTPServer(web, max_body_size=2 * MAX_BODY, idle_connection_timeout=60)
    try:
        server.listen(settings.port, address=settings.listen)
    except OSError as exc:
        raise SettingsError(
            f"cannot listen on {settings.listen}:{settings.port} ({exc.strerror or exc}): another "
            f"program holds the port; stop it or set PORT to a free one"
        ) from None
    return server


async def register(app: BotApp, settings: Settings) -> None:
    """Tell Telegram where to post, with the secret it must send back."""
    await app.bot.set_webhook(
        url=settings.webhook_url or "",
        secret_token=settings.webhook_secret,
        drop_pending_updates=False,
    )


async def stop_server(server: HTTPServer) -> None:
    server.stop()
    await server.close_all_connections()
