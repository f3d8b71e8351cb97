"""`segur-bot bench`: speed and memory figures anyone can rerun, on one core.

Every figure is the median of several runs, with its min and max. Nothing here is a test: the
targets are printed beside the figures, and the README records them with the command.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dateparser.search
from rapidfuzz import fuzz, process

from bot.core import dates
from bot.core.engine import Engine
from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.evaluation import evaluate, load_eval_set
from bot.settings import Settings
from bot.store import Store, stamp
from bot.telegram_app.app import build_application
from bot.telegram_app.reminders import schedule_all

EVAL_SET_NAME = Path("tests") / "eval" / "questions.yaml"
_eval_set: list[Path] = []


def find_eval_set(explicit: Path | None = None) -> Path:
    """The evaluation set: given, beside the sources (a checkout), or under the working directory
    (an installed package run from the repository)."""
    candidates = (
        [explicit]
        if explicit
        else [
            Path(__file__).resolve().parents[2] / EVAL_SET_NAME,
            Path.cwd() / EVAL_SET_NAME,
        ]
    )
    for path in candidates:
        if path is not None and path.is_file():
            return path
    raise FileNotFoundError(
        f"no evaluation set at {', '.join(str(c) for c in candidates)}: "
        "run `segur-bot bench` from the repository, or pass --eval FILE"
    )


@dataclass(frozen=True)
class Figure:
    name: str
    unit: str
    runs: tuple[float, ...]
    target: str = ""
    ok: bool | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "unit": self.unit,
            "median": round(self.median, 4),
            "min": round(min(self.runs), 4),
            "max": round(max(self.runs), 4),
            "runs": len(self.runs),
            "target": self.target,
            "ok": self.ok,
        }


@dataclass
class Report:
    figures: list[Figure] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)

    def add(
        self,
        name: str,
        unit: str,
        runs: list[float],
        target: str = "",
        ok: Callable[[float], bool] | None = None,
    ) -> Figure:
        fig = Figure(name, unit, tuple(runs), target, None)
        fig = Figure(name, unit, tuple(runs), target, ok(fig.median) if ok else None)
        self.figures.append(fig)
        return fig

    def get(self, name: str) -> Figure:
        return next(f for f in self.figures if f.name == name)


_ALL_CORES: set[int] = set()


def pin_one_core() -> str:
    """Run on one core, so figures compare across machines with more cores."""
    try:
        _ALL_CORES.update(os.sched_getaffinity(0))
        core = min(_ALL_CORES)
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity here)"


def _questions() -> list[Any]:

    return load_eval_set(_eval_set[0] if _eval_set else find_eval_set())


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct))]


def bench_engine(report: Report, repeats: int) -> None:
    """The engine per question (caches cleared before each pass), and the naive pipeline."""

    questions = _questions()
    engine = Engine.load()
    engine.ask("le 3 mars 2023", today=dt.date(2022, 1, 1))  # imports done once, outside the timing

    def clear_caches() -> None:
        engine.clear_caches()
        dates.clear_caches()

    p50s, p99s, rates = [], [], []
    for _ in range(repeats):
        clear_caches()
        times = []
        start = time.perf_counter()
        for q in questions:
            t0 = time.perf_counter()
            engine.ask(q.q, today=q.today, role=q.role, lang=q.lang)
            times.append(time.perf_counter() - t0)
        total = time.perf_counter() - start
        p50s.append(_percentile(times, 0.50) * 1e3)
        p99s.append(_percentile(times, 0.99) * 1e3)
        rates.append(len(questions) / total)
    report.add("engine p50 per question", "ms", p50s, "<= 0.3 ms", lambda v: v <= 0.3)
    report.add("engine p99 per question", "ms", p99s, "<= 2 ms", lambda v: v <= 2.0)
    report.add("engine answers per second", "1/s", rates)

    variants = [v for t in engine.kb.topics.values() for v in t.variants]
    naive_p50s = []
    for _ in range(repeats):
        times = []
        for q in questions:
            t0 = time.perf_counter()
            process.extractOne(q.q, variants, scorer=fuzz.WRatio)
            dateparser.search.search_dates(q.q, languages=["fr", "en"])
            times.append(time.perf_counter() - t0)
        naive_p50s.append(_percentile(times, 0.50) * 1e3)
    naive = report.add("naive pipeline p50 per question", "ms", naive_p50s, "about 3 ms")
    engine_p50 = report.get("engine p50 per question").median
    ratio = naive.median / engine_p50 if engine_p50 else float("inf")
    report.add("naive / engine (p50)", "x", [ratio], ">= 10x", lambda v: v >= 10)
    result = evaluate(engine, questions)
    engine_acc = 100 * result.topic_right / result.topic_total
    naive_acc = 100 * result.baseline_right / result.topic_total
    report.notes["accuracy"] = {
        "engine_topic_accuracy": round(engine_acc, 1),
        "naive_topic_accuracy": round(naive_acc, 1),
    }
    report.add(
        "engine - naive topic accuracy",
        "points",
        [engine_acc - naive_acc],
        ">= 0",
        lambda v: v >= 0,
    )


def bench_cold_start(report: Report, repeats: int) -> None:
    """`segur-bot ask "question"` as a whole new process, to its first answer; its peak RSS."""
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    seconds, rss = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "ask", "c koi le budget du segur ?"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds.append(time.perf_counter() - t0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise RuntimeError(
                f"segur-bot ask failed: {proc.stderr.read().decode() if proc.stderr else ''}"
            )
        rss.append(usage.ru_maxrss / 1024)  # KiB on Linux
    report.add("cold start of `segur-bot ask`", "s", seconds, "<= 0.8 s", lambda v: v <= 0.8)
    report.add("cold start peak RSS", "MB", rss, "<= 80 MB", lambda v: v <= 80)


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
    roles = ["vendor", "hospital", "doctor", "pharmacy", "other"]
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


def render_table(report: Report) -> str:
    lines = [f"{'figure':<58} {'median':>10} {'min':>10} {'max':>10}  unit    target      ok"]
    for f in report.figures:
        ok = "" if f.ok is None else ("yes" if f.ok else "NO")
        lines.append(
            f"{f.name:<58} {f.median:>10.3f} {min(f.runs):>10.3f} {max(f.runs):>10.3f}  {f.unit:<7} {f.target:<11} {ok}"
        )
    for key, value in report.notes.items():
        lines.append(f"{key}: {value}")
    return "\n".join(lines)


SECTIONS: list[tuple[str, Callable[[Report, int], None]]] = [
    ("engine", bench_engine),
    ("cold start", bench_cold_start),
    ("telegram", bench_telegram),
    ("reminders", bench_reminders),
]


def run_bench(*, as_json: bool = False, quick: bool = False, eval_set: Path | None = None) -> int:
    try:
        _eval_set[:] = [find_eval_set(eval_set)]
    except FileNotFoundError as exc:
        print(f"segur-bot bench: {exc}", file=sys.stderr)
        return 2
    report = Report()
    report.notes["cpu"] = pin_one_core()
    repeats = 2 if quick else 5
    for name, section in SECTIONS:
        if not as_json:
            print(f"… {name}", file=sys.stderr)
        section(report, repeats)
    if as_json:
        print(
            json.dumps(
                {"figures": [f.to_json() for f in report.figures], "notes": report.notes},
                ensure_ascii=False,
            )
        )
    else:
        print(render_table(report))
    return 0
