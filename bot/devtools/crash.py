"""`segur-bot bench --kills N`: the real bot process killed with SIGKILL while users wait.

Each round, `users` new chats ask one question each; once a third of them are answered the bot
is killed (`kill -9`: no shutdown, no flush) and started again on the same database. After the
last round every chat must get its answer: the figure is how many never did (the inbox's
promise: none) and how many got it twice (the at-least-once window: a reply sent just before the
kill, its update not yet marked done). The fake Bot API answers every call `latency` late, so
updates are really in flight when the kill comes. The tests run a short drill; the bench a long
one.
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from bot.devtools.fake_bot_api.server import FakeBotApi

ROOT = Path(__file__).resolve().parents[2]
QUESTION = "quelle est la prochaine date limite ?"
FIRST_CHAT = 500_000


def bot_env(api: FakeBotApi, db: Path, **extra: str) -> dict[str, str]:
    """The environment of `python -m bot` against this fake Bot API and database."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "WEBHOOK_", "SEGUR_", "LOG_"))
    }
    env.update(
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_BASE_URL=api.base_url,
        SEGUR_BOT_DB=str(db),
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def start_bot(
    env: dict[str, str], log: IO[str] | int = subprocess.DEVNULL
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot"], env=env, cwd=ROOT, stdout=log, stderr=log, text=True
    )


@dataclass(frozen=True)
class Drill:
    kills: int
    users: int  # new chats per round, each asking once
    asked: int
    unanswered: int  # chats that never got their answer
    twice: int  # chats answered more than once (at-least-once)
    seconds: float


def _answers(api: FakeBotApi) -> collections.Counter[int]:
    return collections.Counter(
        m["chat_id"] for m in api.sent_messages() if m.get("chat_id", 0) >= FIRST_CHAT
    )


def _wait(api: FakeBotApi, chats: range, count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answers = _answers(api)
        if sum(1 for c in chats if answers[c]) >= count:
            return
        time.sleep(0.02)


def kill_drill(
    workdir: Path,
    *,
    kills: int = 10,
    users: int = 100,
    latency: float = 0.2,
    settle: float = 60.0,
    log: IO[str] | int = subprocess.DEVNULL,
) -> Drill:
    """`kills` rounds of `users` questions, a SIGKILL in each; then one clean run to finish."""
    start = time.monotonic()
    with FakeBotApi(latency=latency) as api:
        # A database of its own: the fake's update ids start at 1 again, and a database that
        # saw them handled would (rightly) not answer them twice.
        env = bot_env(api, workdir / f"drill-{time.monotonic_ns()}.sqlite3")
        proc = start_bot(env, log)
        try:
            for round_ in range(kills):
                chats = range(FIRST_CHAT + round_ * users, FIRST_CHAT + (round_ + 1) * users)
                for chat in chats:
                    api.push_message(QUESTION, chat_id=chat)
                _wait(api, chats, max(1, users // 3), timeout=settle)
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                proc = start_bot(env, log)
            every = range(FIRST_CHAT, FIRST_CHAT + kills * users)
            _wait(api, every, len(every), timeout=settle)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        answers = _answers(api)
    every = range(FIRST_CHAT, FIRST_CHAT + kills * users)
    return Drill(
        kills=kills,
        users=users,
        asked=len(every),
        unanswered=sum(1 for c in every if not answers[c]),
        twice=sum(1 for c in every if answers[c] > 1),
        seconds=time.monotonic() - start,
    )
