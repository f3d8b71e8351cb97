"""The web section of `segur-bot bench`: answers per second through /api/ask.

The real tornado server runs in a thread of this process, so it shares the one core the bench is
pinned to with its client (one keep-alive HTTP/1.1 connection, http.client): the figure is the
whole web path (HTTP parsing, JSON both ways, the session read and write in SQLite, the engine),
to be read beside "engine answers per second". Caches are cleared before each pass, as for the
engine alone. One session asks every question in turn, as one long conversation would.

Imported by bench.py only when this section runs (see SECTIONS there).
"""

from __future__ import annotations

import http.client
import json
import logging
import statistics
import tempfile
import time
from pathlib import Path

from bot.core import dates
from bot.core.engine import Engine
from bot.devtools.bench import Report, _percentile, _questions
from bot.devtools.web_server import WebServerThread
from bot.settings import Settings
from bot.store import Store


def bench_web(report: Report, repeats: int) -> None:
    questions = _questions()
    engine = Engine.load()
    logging.getLogger("tornado.access").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            db_path=Path(folder) / "bench-web.sqlite3",
            hash_salt="bench",
            web_session_rate=10**9,
            web_address_rate=10**9,
        )
        with (
            Store.open(settings.db_path, settings.hash_salt) as store,
            WebServerThread(settings, engine, store) as server,
        ):
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)

            def post(body: dict[str, object]) -> dict[str, object]:
                conn.request(
                    "POST",
                    "/api/ask",
                    json.dumps(body).encode(),
                    {"Content-Type": "application/json"},
                )
                response = conn.getresponse()
                data: dict[str, object] = json.loads(response.read())
                if response.status != 200:
                    raise RuntimeError(f"/api/ask answered {response.status}: {data}")
                return data

            session = post({"text": "bonjour", "today": "2022-01-01"})["session"]
            rates, p50s = [], []
            for _ in range(repeats):
                engine.clear_caches()
                dates.clear_caches()
                times = []
                start = time.perf_counter()
                for q in questions:
                    body = {
                        "text": q.q,
                        "today": q.today.isoformat(),
                        "role": q.role,
                        "lang": q.lang,
                        "session": session,
                    }
                    t0 = time.perf_counter()
                    post(body)
                    times.append(time.perf_counter() - t0)
                rates.append(len(questions) / (time.perf_counter() - start))
                p50s.append(_percentile(times, 0.50) * 1e3)
            conn.close()
    report.add("web answers per second through /api/ask", "1/s", rates)
    report.add("web p50 per /api/ask request", "ms", p50s)
    engine_rate = report.get("engine answers per second").median
    report.add("web / engine answers per second", "x", [statistics.median(rates) / engine_rate])
