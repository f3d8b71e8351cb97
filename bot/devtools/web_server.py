"""The web chat in a background thread on 127.0.0.1, for the tests and `segur-bot bench`.

    with WebServerThread(settings, engine, store) as server:
        httpx.post(server.url + "/api/ask", json={"text": "prochaine fenêtre ?"})

The thread runs its own asyncio loop with the real tornado server, as `segur-bot web` does
(minus the signal handlers), on a free port.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Callable
from types import TracebackType

import tornado.httpserver

from bot.clock import paris_now
from bot.core.engine import Engine
from bot.settings import Settings
from bot.store import Store
from bot.web.app import build_app, start_housekeeping, start_server
from bot.web.handlers import Web


class WebServerThread:
    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        store: Store,
        clock: Callable[[], dt.datetime] = paris_now,
        host: str = "127.0.0.1",
    ) -> None:
        self.settings, self.engine, self.store, self.clock, self.host = (
            settings,
            engine,
            store,
            clock,
            host,
        )
        self.port = 0
        self.web: Web | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="web-chat", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> WebServerThread:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the web chat did not start within 10 s")
        if self._error is not None:
            raise RuntimeError(f"the web chat did not start: {self._error}") from self._error
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # reported by __enter__
            self._error = exc
            self._ready.set()

    async def _serve(self) -> None:
        app, self.web = build_app(self.settings, self.engine, self.store, self.clock)
        server: tornado.httpserver.HTTPServer
        server, self.port = start_server(app, self.settings, self.host, 0)
        jobs = start_housekeeping(self.web)
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        self._ready.set()
        try:
            await self._stop.wait()
        finally:
            for job in jobs:
                job.stop()
            server.stop()
            await server.close_all_connections()
