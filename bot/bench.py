"""`segur-bot bench`: speed and memory figures anyone can rerun, on one core.

Every figure is the median of several runs, with its min and max. Nothing here is a test: the
targets are printed beside the figures, and the README records them with the command.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EVAL_SET = Path(__file__).resolve().parents[1] / "tests" / "eval" / "questions.yaml"


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


def freeze_startup_objects() -> None:
    """What `segur-bot telegram` does after loading: keep the engine out of the GC's scans."""
    from bot.telegram_app import freeze_startup_objects as freeze

    freeze()


def pin_one_core() -> str:
    """Run on one core, so figures compare across machines with more cores."""
    try:
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity here)"


def _questions() -> list[Any]:
    from bot.evaluation import load_eval_set

    return load_eval_set(EVAL_SET)


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct))]


def bench_engine(report: Report, repeats: int) -> None:
    """The engine per question (caches cleared before each pass), and the naive pipeline."""
    import dateparser.search
    from rapidfuzz import fuzz, process

    from bot import dates
    from bot.engine import Engine
    from bot.evaluation import evaluate

    questions = _questions()
    engine = Engine.load()
    engine.ask("le 3 mars 2023", today=dt.date(2022, 1, 1))  # imports done once, outside the timing

    def clear_caches() -> None:
        engine.clear_caches()
        for value in vars(dates).values():
            if hasattr(value, "cache_clear"):
                value.cache_clear()

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
    root = str(Path(__file__).resolve().parents[1])
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


async def _updates_per_second(
    make_app: Callable[[str, str], Any], api: Any, texts: list[str], n: int
) -> float:
    """Push n messages from n chats at once; time until n replies have been sent."""
    app = make_app(api.token, api.base_url)
    async with app:
        if app.post_init is not None:
            await app.post_init(app)
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await app.start()
        try:
            before = len(api.sent_messages())
            start = time.perf_counter()
            for i in range(n):
                api.push_message(texts[i % len(texts)], chat_id=100_000 + i)
            await api.wait_for_messages_async(before + n, timeout=120)
            elapsed = time.perf_counter() - start
        finally:
            await app.updater.stop()
            await app.stop()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)
    return n / elapsed


def bench_telegram(report: Report, repeats: int) -> None:
    """Updates per second through the real Application against the loopback fake Bot API."""
    import asyncio
    import tempfile

    from telegram import Update
    from telegram.ext import Application, ContextTypes, MessageHandler, filters

    from bot.delivery import RetryingRateLimiter
    from bot.engine import Engine
    from bot.fake_bot_api import FakeBotApi
    from bot.settings import Settings
    from bot.store import Store
    from bot.telegram_app import build_application

    # Telegram's own quota (about 30 messages a second) is lifted here: the figure is what the bot
    # itself can carry. The per-chat limit and the rest of AIORateLimiter stay in the path.
    settings = Settings.from_env({"SEGUR_OVERALL_MAX_RATE": "0"})
    engine = Engine.load()
    freeze_startup_objects()
    texts = [q.q for q in _questions()]
    n = 300 if repeats <= 2 else 500
    tmp = Path(tempfile.mkdtemp(prefix="segur-bench-"))

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(update.message.text or "")

    def echo_app(token: str, base_url: str) -> Application:
        app = (
            Application.builder()
            .token(token)
            .base_url(base_url)
            .rate_limiter(RetryingRateLimiter(max_retries=3, overall_max_rate=0))
            .concurrent_updates(settings.concurrent_updates)
            .connection_pool_size(settings.concurrent_updates + 4)
            .pool_timeout(10.0)
            .build()
        )
        app.add_handler(MessageHandler(filters.TEXT, echo))
        return app

    def bot_app(token: str, base_url: str) -> Application:
        store = Store.open(tmp / f"bench-{time.monotonic_ns()}.sqlite3", "bench")
        bench_settings = Settings.from_env(
            {
                "TELEGRAM_BOT_TOKEN": token,
                "TELEGRAM_BASE_URL": base_url,
                "SEGUR_OVERALL_MAX_RATE": "0",
            }
        )
        return build_application(bench_settings, engine, store)

    # Steady state: one untimed pass loads what a running bot has long loaded (dateparser's
    # languages, the engine's caches, PTB's lazily built objects).
    with FakeBotApi() as api:
        asyncio.run(_updates_per_second(echo_app, api, texts, 100))
        asyncio.run(_updates_per_second(bot_app, api, texts, len(texts)))
    report.notes["concurrent_updates"] = settings.concurrent_updates
    report.notes["telegram_overall_rate_cap"] = (
        "lifted for the measurement (Telegram's ~30/s quota)"
    )
    for latency, label in ((0.0, "no delay"), (0.05, "50 ms round trip")):
        echo_runs, bot_runs, shares = [], [], []
        for _ in range(repeats):
            # Echo and engine runs alternate, so a slow spell of the machine hits both; a fresh
            # server per run, because its record of sent messages grows.
            with FakeBotApi(latency=latency) as api:
                echo_runs.append(asyncio.run(_updates_per_second(echo_app, api, texts, n)))
            with FakeBotApi(latency=latency) as api:
                bot_runs.append(asyncio.run(_updates_per_second(bot_app, api, texts, n)))
            shares.append(100 * bot_runs[-1] / echo_runs[-1])
        report.add(f"telegram echo, {label}", "upd/s", echo_runs)
        target = ">= 150/s" if latency else ""
        report.add(
            f"telegram engine, {label}",
            "upd/s",
            bot_runs,
            target,
            (lambda v: v >= 150) if latency else None,
        )
        report.add(f"engine / echo, {label} (per pair)", "%", shares, ">= 85%", lambda v: v >= 85)


def bench_reminders(report: Report, repeats: int) -> None:
    """Load and schedule 10,000 stored subscriptions, as the bot does at start."""
    import asyncio
    import sqlite3
    import tempfile

    from bot.engine import Engine
    from bot.reminders import schedule_all
    from bot.settings import Settings
    from bot.store import Store, stamp
    from bot.telegram_app import build_application

    engine = Engine.load()
    roles = ["vendor", "hospital", "doctor", "pharmacy", "other"]
    now = dt.datetime(2022, 4, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    runs, jobs = [], 0
    for _ in range(repeats):
        path = Path(tempfile.mkdtemp(prefix="segur-bench-")) / "subs.sqlite3"
        Store.open(path, "bench").close()
        conn = sqlite3.connect(path)
        at = stamp(now - dt.timedelta(days=30))
        conn.executemany(
            "INSERT INTO users (chat_id, role, lang, updated_at) VALUES (?, ?, NULL, ?)",
            [(i, roles[i % len(roles)], at) for i in range(10_000)],
        )
        conn.executemany(
            "INSERT INTO subscriptions (chat_id, created_at) VALUES (?, ?)",
            [(i, at) for i in range(10_000)],
        )
        conn.commit()
        conn.close()

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
    lines = [f"{'figure':<40} {'median':>10} {'min':>10} {'max':>10}  unit    target      ok"]
    for f in report.figures:
        ok = "" if f.ok is None else ("yes" if f.ok else "NO")
        lines.append(
            f"{f.name:<40} {f.median:>10.3f} {min(f.runs):>10.3f} {max(f.runs):>10.3f}  {f.unit:<7} {f.target:<11} {ok}"
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


def run_bench(*, as_json: bool = False, quick: bool = False) -> int:
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
