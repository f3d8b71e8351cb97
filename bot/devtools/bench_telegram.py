"""The Telegram sections of `segur-bot bench`: updates per second through the real Application
against the fake Bot API, and loading and scheduling 10,000 stored subscriptions.

Imported by bench.py only when these sections run (see SECTIONS there).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.commands import OTHER
from bot.core.engine import Engine
from bot.devtools.bench import _ALL_CORES, Report, _questions
from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.settings import Settings
from bot.store import Store
from bot.store.records import stamp
from bot.telegram_app.app import build_application
from bot.telegram_app.reminders import schedule_all
from rules.calendar import ROLES


class _AppUnderTest:
    """One app process on the bot's core, polling its own fake Bot API on the other core."""

    def __init__(
        self, kind: str, latency: float, core: int | None, workdir: Path, reply: str | None = None
    ) -> None:

        self.api = FakeBotApi(token=f"{1000 + len(kind)}:BENCH-{kind}", latency=latency).start()
        self.sent = 0
        self.next_chat = 100_000
        root = str(Path(__file__).resolve().parents[2])
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
        env.update(
            TELEGRAM_BOT_TOKEN=self.api.token,
            TELEGRAM_BASE_URL=self.api.base_url,
            SEGUR_BOT_DB=str(workdir / f"{kind}-{time.monotonic_ns()}.sqlite3"),
            # Telegram's own quota (about 30 messages a second) is lifted: the figure is what
            # the bot itself can carry. AIORateLimiter's per-chat limits stay in the path.
            SEGUR_OVERALL_MAX_RATE="0",
            PYTHONPATH=root + os.pathsep + env.get("PYTHONPATH", ""),
            LOG_LEVEL="WARNING",
        )
        if reply:
            env["SEGUR_BENCH_ECHO_TEXT"] = reply

        def pin() -> None:
            if core is not None:
                os.sched_setaffinity(0, {core})

        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.devtools.serve", kind],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=pin,
        )
        # Ready when it answers: a getUpdates is only recorded once its long poll returns.
        self.api.push_message("bonjour", chat_id=99_999)
        try:
            self.api.wait_for_messages(1, timeout=60)
        except TimeoutError:
            self.close()
            raise RuntimeError(f"the {kind} app did not start answering") from None
        self.sent = 1

    def run_batch(self, texts: list[str], n: int) -> float:
        """Push n messages from n new chats at once; updates per second until n replies."""
        start = time.perf_counter()
        for i in range(n):
            self.api.push_message(texts[i % len(texts)], chat_id=self.next_chat + i)
        self.next_chat += n
        self.sent += n
        self.api.wait_for_messages(self.sent, timeout=180)
        return n / (time.perf_counter() - start)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            # Wake the app's long poll, so it stops now rather than when the poll times out.
            self.api.push_update(
                {
                    "poll_answer": {
                        "poll_id": "0",
                        "option_ids": [],
                        "user": {"id": 1, "is_bot": False, "first_name": "x"},
                    }
                }
            )
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.api.stop()


def _answer_sized_text(texts: list[str]) -> str:
    """A text as long as the engine's average answer to these questions."""

    engine = Engine.load()
    today = dt.date(2026, 11, 23)
    mean = int(statistics.mean(len(engine.ask(t, today=today).text) for t in texts))
    return ("Le Ségur du numérique est doté de 2 milliards d’euros. " * (mean // 50 + 1))[:mean]


def bench_telegram(report: Report, repeats: int) -> None:
    """Updates per second through the real Application against the loopback fake Bot API.

    The app under test runs in its own process on one core, as a deployed bot does; the fake
    Bot API, standing in for Telegram's servers, runs in this process on the other core when
    there is one, so its work is not charged to the bot.
    """

    cores = sorted(
        _ALL_CORES or (os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else [])
    )
    if len(cores) >= 2:
        bot_core, server_core = cores[0], cores[1]
        os.sched_setaffinity(0, {server_core})
        report.notes["telegram_cores"] = (
            f"app on core {bot_core}, fake Bot API on core {server_core}"
        )
    else:
        bot_core = None
        report.notes["telegram_cores"] = "one core shared by the app and the fake Bot API"
    texts = [q.q for q in _questions()]
    n = 150 if repeats <= 2 else 500
    workdir = Path(tempfile.mkdtemp(prefix="segur-bench-"))
    report.notes["concurrent_updates"] = Settings.from_env({}).concurrent_updates
    report.notes["telegram_overall_rate_cap"] = (
        "lifted for the measurement (Telegram's ~30/s quota)"
    )
    answer_sized = _answer_sized_text(texts)
    for latency, label in ((0.0, "no delay"), (0.05, "50 ms round trip")):
        echo = _AppUnderTest("echo", latency, bot_core, workdir)
        long_echo = _AppUnderTest("echo", latency, bot_core, workdir, reply=answer_sized)
        bot = _AppUnderTest("bot", latency, bot_core, workdir)
        try:
            # Steady state: one untimed batch loads what a running bot has long loaded.
            for app in (echo, long_echo, bot):
                app.run_batch(texts, min(len(texts), n))
            echo_runs, long_runs, bot_runs, shares = [], [], [], []
            for _ in range(repeats):
                # Interleaved, so a slow spell of the machine hits all three.
                echo_runs.append(echo.run_batch(texts, n))
                long_runs.append(long_echo.run_batch(texts, n))
                bot_runs.append(bot.run_batch(texts, n))
                shares.append(100 * bot_runs[-1] / echo_runs[-1])
        finally:
            for app in (echo, long_echo, bot):
                app.close()
        report.add(f"telegram echo, {label}", "upd/s", echo_runs)
        report.add(f"telegram echo of an answer-sized text, {label}", "upd/s", long_runs)
        target = ">= 150/s" if latency else ""
        report.add(
            f"telegram engine, {label}",
            "upd/s",
            bot_runs,
            target,
            (lambda v: v >= 150) if latency else None,
        )
        report.add(f"engine / echo, {label} (per pair)", "%", shares, ">= 85%", lambda v: v >= 85)
    if bot_core is not None:  # set when there are two cores or more
        os.sched_setaffinity(0, {bot_core})  # back to the one core the other sections use


def seed_subscriptions(path: Path, salt: str, count: int, at: dt.datetime) -> None:
    """A store with `count` subscribed chats over every role, written in two statements."""

    Store.open(path, salt).close()
    roles = [*ROLES, OTHER]
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.executemany(
            "INSERT INTO users (chat_id, role, lang, updated_at) VALUES (?, ?, NULL, ?)",
            [(i, roles[i % len(roles)], stamp(at)) for i in range(count)],
        )
        conn.executemany(
            "INSERT INTO subscriptions (chat_id, created_at) VALUES (?, ?)",
            [(i, stamp(at)) for i in range(count)],
        )


def bench_reminders(report: Report, repeats: int) -> None:
    """Load and schedule 10,000 stored subscriptions, as the bot does at start."""

    engine = Engine.load()
    now = dt.datetime(2022, 4, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    runs, jobs = [], 0
    for _ in range(repeats):
        path = Path(tempfile.mkdtemp(prefix="segur-bench-")) / "subs.sqlite3"
        seed_subscriptions(path, "bench", 10_000, now - dt.timedelta(days=30))

        async def load_and_schedule(path: Path = path) -> tuple[float, int]:
            start = time.perf_counter()
            store = Store.open(path, "bench")
            app = build_application(
                Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:bench"}), engine, store
            )
            store.recover_interrupted()
            assert app.job_queue is not None
            count = schedule_all(app.job_queue, store, engine, now)
            # What the first job to fire reads: every recipient of one reminder, in one query.
            store.reminder_recipients("vendor", "sons-v1-referencement", 30, now)
            elapsed = time.perf_counter() - start
            store.close()
            return elapsed, count

        elapsed, jobs = asyncio.run(load_and_schedule())
        runs.append(elapsed)
    report.add("load + schedule 10,000 subscriptions", "s", runs, "<= 2 s", lambda v: v <= 2.0)
    report.notes["reminder_jobs_for_10000_subscriptions"] = jobs
