"""`segur-bot bench --soak MINUTES`: memory of the real bot over a long run of unique traffic.

The real `python -m bot` process polls a fake Bot API in this process; new chats arrive at a
steady rate (--chats over the run, 60,000 by default), each with a question no cache has seen (an
evaluation question, a date and a reference number of its own), and some with a follow-up, a
/start and a role button, an /eligible date, a sticker or an edit. Every minute the bot's RSS is
printed with what it has answered; at the end, the curve's start, end, peak and slope over the
second half. The fake Bot API forgets what it recorded every minute, so the bench's own memory
stays flat too. Nothing here is a test: the README records the curve.
"""

from __future__ import annotations

import random
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.devtools.bench import find_eval_set
from bot.devtools.crash import bot_env, start_bot
from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.evaluation import load_eval_set

FIRST_CHAT = 1_000_000
MONTHS = ("janvier", "mars", "juin", "septembre", "novembre")


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def breakdown(pid: int) -> str:
    """Where the resident memory is: anonymous (the heaps) or file-backed (code, mapped files),
    and the thread count, since each thread may get its own malloc arena (Linux only)."""
    fields: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in ("Anonymous", "Rss") or name.startswith("Private_"):
                fields[name] = int(rest.split()[0])
        threads = len(list(Path(f"/proc/{pid}/task").iterdir()))
    except OSError:
        return ""
    anon = fields.get("Anonymous", 0) / 1024
    return f"(anonymous {anon:.1f} MB, file {fields.get('Rss', 0) / 1024 - anon:.1f} MB, {threads} threads)"


@dataclass
class Soak:
    minutes: float
    chats: int
    curve: list[tuple[float, float]] = field(default_factory=list)  # (minute, RSS MB)
    updates: int = 0
    answers: int = 0

    def summary(self) -> str:
        if not self.curve:
            return "no sample"
        rss = [r for _, r in self.curve]
        half = [p for p in self.curve if p[0] >= self.curve[-1][0] / 2]
        slope = (
            (half[-1][1] - half[0][1]) / (half[-1][0] - half[0][0])
            if len(half) >= 2 and half[-1][0] > half[0][0]
            else 0.0
        )
        return (
            f"soak: {self.minutes:g} min, {self.chats:,} chats, {self.updates:,} updates, "
            f"{self.answers:,} answers; bot RSS {rss[0]:.1f} MB at start, {rss[-1]:.1f} MB at "
            f"the end, {max(rss):.1f} MB at most; {slope:+.2f} MB/min over the second half"
        )


class _Traffic:
    """The users: one new chat at a time, each doing one of a few things."""

    def __init__(self, api: FakeBotApi, seed: int = 13) -> None:
        self.api = api
        self.rng = random.Random(seed)
        questions = load_eval_set(find_eval_set())
        self.fr = [q.q for q in questions if q.lang != "en"]
        self.en = [q.q for q in questions if q.lang == "en"] or self.fr
        self.updates = 0

    def _push(self, text: str, chat: int, lang: str) -> None:
        self.api.push_message(text, chat_id=chat, language_code=lang)
        self.updates += 1

    def chat(self, n: int) -> None:
        rng, chat = self.rng, FIRST_CHAT + n
        lang = "en" if n % 4 == 3 else "fr"
        pool = self.en if lang == "en" else self.fr
        day = f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2021, 2027)}"
        # Unique: the reference number and the date keep every cache of the engine cold.
        question = f"{rng.choice(pool)} {day} réf {n}" if n % 3 else f"{rng.choice(pool)} #{n}"
        kind = n % 10
        if kind == 7:
            self._push("/start", chat, lang)
            self.api.push_callback(rng.choice(("r:vendor", "r:hospital", "r:doctor")), chat_id=chat)
            self.updates += 1
        elif kind == 8:
            self._push(f"/eligible {rng.randint(1, 28)}/{rng.randint(1, 12)}/2023", chat, lang)
        elif kind == 9:
            self.api.push_sticker(chat_id=chat)
            self.updates += 1
        self._push(question, chat, lang)
        if kind == 6:
            self._push("et pour l'avance ?" if lang == "fr" else "and the advance?", chat, lang)
        elif kind == 9:
            self.api.push_edited_message(question + " ?", chat_id=chat)
            self.updates += 1


def run_soak(
    minutes: float,
    chats: int = 60_000,
    *,
    latency: float = 0.02,
    say: Callable[[str], None] = print,
) -> Soak:
    """The soak; prints a line a minute through `say`."""
    workdir = Path(tempfile.mkdtemp(prefix="segur-soak-"))
    soak = Soak(minutes, chats)
    with FakeBotApi(token="4242:SOAK-TOKEN", latency=latency) as api:
        # Telegram's ~30/s quota lifted: the soak measures memory, not Telegram's pace.
        env = bot_env(api, workdir / "soak.sqlite3", SEGUR_OVERALL_MAX_RATE="0")
        with open(workdir / "bot.log", "w", encoding="utf-8") as log:
            proc = start_bot(env, log)
            try:
                api.push_message("bonjour", chat_id=FIRST_CHAT - 1)
                api.wait_for_messages(1, timeout=60)
                _drive(api, proc, soak, say)
            finally:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
    say(soak.summary())
    say(f"(the bot's log and database are in {workdir})")
    return soak


def _drive(
    api: FakeBotApi, proc: subprocess.Popen[str], soak: Soak, say: Callable[[str], None]
) -> None:
    traffic = _Traffic(api)
    per_second = soak.chats / (soak.minutes * 60)
    start = time.monotonic()
    sent = 0

    def sample(minute: float) -> None:
        soak.answers += api.forget_history()
        rss = rss_mb(proc.pid)
        soak.curve.append((minute, rss))
        say(
            f"minute {minute:5.1f}: bot RSS {rss:6.1f} MB, {sent:,} chats, "
            f"{traffic.updates:,} updates, {soak.answers:,} answers, "
            f"{api.pending_updates} waiting {breakdown(proc.pid)}"
        )

    sample(0.0)
    next_minute = 1
    while (elapsed := time.monotonic() - start) < soak.minutes * 60:
        if proc.poll() is not None:
            raise RuntimeError(f"the bot exited ({proc.returncode}) during the soak")
        due = min(soak.chats, int(elapsed * per_second)) - sent
        for _ in range(due):
            traffic.chat(sent)
            sent += 1
        if elapsed >= next_minute * 60:
            sample(float(next_minute))
            next_minute += 1
        time.sleep(0.05)
    # The last updates answered, then the last sample.
    deadline = time.monotonic() + 60
    while api.pending_updates and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(2)
    soak.updates = traffic.updates
    sample(round((time.monotonic() - start) / 60, 1))
