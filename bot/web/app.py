"""The web chat's composition root: build_app(settings, engine, store) wires the handlers, and
run() serves them until SIGINT or SIGTERM (`segur-bot web`).

Routes, read as a table:
    GET  /               the chat page            (handlers.PageHandler)
    POST /api/ask        a question or a topic    (handlers.AskHandler)
    POST /api/session    the role or language     (handlers.SessionHandler)
    POST /api/feedback   a thumb up or down       (handlers.FeedbackHandler)
    GET  /widget.js      the partner snippet      (handlers.WidgetHandler)
    GET  /static/...     the page's script and style
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import signal
import socket
from collections.abc import Callable

import tornado.httpserver
import tornado.ioloop
import tornado.netutil
import tornado.web

from bot.clock import paris_now
from bot.core.engine import Engine
from bot.logs import configure_logging
from bot.settings import Settings
from bot.store import Store
from bot.store.files import StoreError
from bot.web.handlers import (
    STATIC_DIR,
    AskHandler,
    FeedbackHandler,
    NotFound,
    PageHandler,
    SessionHandler,
    Web,
    WidgetHandler,
)
from bot.web.sessions import RateLimit, Sessions

logger = logging.getLogger(__name__)

# What the server reads of a body before the handlers' own 413 (a body past this is cut off).
SERVER_MAX_BODY = 1 << 20
FLUSH_SECONDS = 2.0  # the batched question statistics, as in the Telegram bot
PURGE_SECONDS = 600.0  # forget quiet sessions and idle rate-limit keys


def build_app(
    settings: Settings,
    engine: Engine,
    store: Store,
    clock: Callable[[], dt.datetime] = paris_now,
) -> tuple[tornado.web.Application, Web]:
    web = Web(
        settings=settings,
        engine=engine,
        store=store,
        sessions=Sessions(store, clock),
        clock=clock,
        per_session=RateLimit(settings.web_session_rate),
        per_address=RateLimit(settings.web_address_rate),
    )
    routes = [
        (r"/", PageHandler),
        (r"/api/ask", AskHandler),
        (r"/api/session", SessionHandler),
        (r"/api/feedback", FeedbackHandler),
        (r"/widget\.js", WidgetHandler),
    ]
    app = tornado.web.Application(
        routes,
        template_path=str(STATIC_DIR),
        static_path=str(STATIC_DIR),
        autoescape="xhtml_escape",
        compress_response=True,
        default_handler_class=NotFound,
        web=web,
        xsrf_cookies=False,  # JSON only, checked origins: a form from another site is refused
    )
    return app, web


def start_server(
    app: tornado.web.Application, settings: Settings, host: str, port: int
) -> tuple[tornado.httpserver.HTTPServer, int]:
    """Listen (port 0: any free port); returns the server and the port it listens on."""
    server = tornado.httpserver.HTTPServer(
        app, xheaders=settings.web_trust_proxy, max_body_size=SERVER_MAX_BODY
    )
    sockets = tornado.netutil.bind_sockets(port, host, family=socket.AF_UNSPEC)
    server.add_sockets(sockets)
    return server, sockets[0].getsockname()[1]


def start_housekeeping(web: Web) -> list[tornado.ioloop.PeriodicCallback]:
    """The statistics flush every 2 s; quiet sessions and idle rate keys every 10 min."""

    def flush() -> None:
        try:
            web.store.flush_questions()
        except StoreError as exc:
            logger.warning("question statistics not written yet: %s", exc)

    def purge() -> None:
        try:
            web.sessions.purge()
        except StoreError as exc:
            logger.warning("quiet web sessions not purged: %s", exc)
        web.per_session.forget_idle()
        web.per_address.forget_idle()

    purge()
    jobs = [
        tornado.ioloop.PeriodicCallback(flush, FLUSH_SECONDS * 1000),
        tornado.ioloop.PeriodicCallback(purge, PURGE_SECONDS * 1000),
    ]
    for job in jobs:
        job.start()
    return jobs


async def serve(settings: Settings, engine: Engine, store: Store, host: str, port: int) -> None:
    app, web = build_app(settings, engine, store)
    server, bound = start_server(app, settings, host, port)
    jobs = start_housekeeping(web)
    shown = f"[{host}]" if ":" in host else host
    logger.info("web chat on http://%s:%d/", shown, bound)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        for job in jobs:
            job.stop()
        server.stop()
        await server.close_all_connections()


def run(settings: Settings, host: str, port: int) -> int:
    """`segur-bot web`: serve until SIGINT/SIGTERM; the store is flushed and closed at the end."""
    configure_logging(settings)
    engine = Engine.load()
    with Store.open(settings.db_path, settings.hash_salt) as store:
        asyncio.run(serve(settings, engine, store, host, port))
    return 0
