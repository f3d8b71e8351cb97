"""`segur-bot bench`: speed and memory figures anyone can rerun, on one core.

Every figure is the median of several runs, with its min and max. Nothing here is a test: the
targets are printed beside the figures, and the README records them with the command.
"""

from __future__ import annotations

import datetime as dt
import importlib
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

import dateparser.search
from rapidfuzz import fuzz, process

from bot.core import dates
from bot.core.engine import Engine
from bot.evaluation import evaluate, load_eval_set

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


def _timing_questions() -> list[Any]:
    """Every distinct question of the evaluation sets beside the main one (the blind sets too):
    the per-question figures are means over questions the caches have never seen."""
    main = _eval_set[0] if _eval_set else find_eval_set()
    seen: dict[tuple[Any, ...], Any] = {}
    for path in [main, *sorted(p for p in main.parent.glob("*.yaml") if p != main)]:
        for q in load_eval_set(path):
            seen.setdefault((q.q, q.today, q.role, q.lang), q)
    return list(seen.values())


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct))]


def bench_engine(report: Report, repeats: int) -> None:
    """The engine per question (caches cleared before each pass), and the naive pipeline."""

    questions = _timing_questions()
    engine = Engine.load()
    engine.ask("le 3 mars 2023", today=dt.date(2022, 1, 1))  # imports done once, outside the timing

    def clear_caches() -> None:
        engine.clear_caches()
        dates.clear_caches()

    p50s, p99s, means, rates = [], [], [], []
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
        means.append(1e3 * sum(times) / len(times))
        rates.append(len(questions) / total)
    # The mean over distinct questions, caches cleared: the figure that counts (a p50 flatters).
    report.add("engine mean per question (distinct, uncached)", "ms", means)
    report.add("engine p50 per question", "ms", p50s, "<= 0.3 ms", lambda v: v <= 0.3)
    report.add("engine p99 per question", "ms", p99s, "<= 2 ms", lambda v: v <= 2.0)
    report.add("engine answers per second", "1/s", rates)

    variants = [v for t in engine.kb.topics.values() for v in t.variants]
    naive_p50s, naive_means = [], []
    for _ in range(repeats):
        times = []
        for q in questions:
            t0 = time.perf_counter()
            process.extractOne(q.q, variants, scorer=fuzz.WRatio)
            dateparser.search.search_dates(q.q, languages=["fr", "en"])
            times.append(time.perf_counter() - t0)
        naive_p50s.append(_percentile(times, 0.50) * 1e3)
        naive_means.append(1e3 * sum(times) / len(times))
    naive_mean = report.add("naive pipeline mean per question", "ms", naive_means)
    engine_mean = report.get("engine mean per question (distinct, uncached)").median
    report.add(
        "naive / engine (mean)",
        "x",
        [naive_mean.median / engine_mean if engine_mean else float("inf")],
        ">= 10x",
        lambda v: v >= 10,
    )
    naive = report.add("naive pipeline p50 per question", "ms", naive_p50s, "about 3 ms")
    engine_p50 = report.get("engine p50 per question").median
    ratio = naive.median / engine_p50 if engine_p50 else float("inf")
    report.add("naive / engine (p50)", "x", [ratio], ">= 10x", lambda v: v >= 10)
    result = evaluate(engine, _questions())
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


_LAUNCHER = """
import os, subprocess, sys, time
t0 = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
_, status, usage = os.wait4(child.pid, 0)
took = time.perf_counter() - t0
if os.waitstatus_to_exitcode(status) != 0:
    sys.stderr.write(child.stderr.read().decode())
    sys.exit(1)
print(took, usage.ru_maxrss)
"""


def bench_cold_start(report: Report, repeats: int) -> None:
    """`segur-bot ask "question"` as a whole new process, to its first answer; its peak RSS."""
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    seconds, rss, warm = [], [], []
    ask = [sys.executable, "-m", "bot", "ask", "c koi le budget du segur ?"]
    evaluate_all = [sys.executable, "-m", "bot", "eval", str(_eval_set[0])]
    for _ in range(repeats):
        took, peak = _launched(ask, env)
        seconds.append(took)
        rss.append(peak)
        warm.append(_launched(evaluate_all, env)[1])
    report.add("cold start of `segur-bot ask`", "s", seconds, "<= 0.8 s", lambda v: v <= 0.8)
    report.add("cold start peak RSS", "MB", rss, "<= 80 MB", lambda v: v <= 80)
    report.add(
        f"peak RSS of `segur-bot eval` ({_eval_set[0].name})",
        "MB",
        warm,
        "<= 80 MB",
        lambda v: v <= 80,
    )


def _launched(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds to the command's exit, and its peak RSS in MB. A child forked from this process
    starts with this process's memory in its peak (Linux keeps the high-water mark across exec),
    so a small launcher starts the command and reports its own figures."""
    done = subprocess.run(
        [sys.executable, "-S", "-c", _LAUNCHER, *command],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[1:4])} failed: {done.stderr}")
    took, peak_kib = done.stdout.split()
    return float(took), int(peak_kib) / 1024  # KiB on Linux


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


# The sections in the order they run, as (name, module, function). The web and Telegram ones are
# in bench_web.py and bench_telegram.py, imported only when they run: a process forked by the sections before them
# (the cold start of `segur-bot ask`) inherits this process's memory in its peak RSS, which must
# not include the Telegram stack.
SECTIONS: list[tuple[str, str, str]] = [
    ("engine", __name__, "bench_engine"),
    ("cold start", __name__, "bench_cold_start"),
    ("web", "bot.devtools.bench_web", "bench_web"),
    ("telegram", "bot.devtools.bench_telegram", "bench_telegram"),
    ("reminders", "bot.devtools.bench_telegram", "bench_reminders"),
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
    for name, module, function in SECTIONS:
        section: Callable[[Report, int], None] = getattr(importlib.import_module(module), function)
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
