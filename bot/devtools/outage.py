"""`segur-bot bench --outage SECONDS`: Telegram refuses every reply for a while, users wait.

The real `python -m bot` process, with its default settings, polls a fake Bot API that answers
every sendMessage with a 502 (then, in a second run, a 429 asking to retry after 5 s) for
SECONDS, while `users` new chats each ask one question at the start of the window. The figures:
how many never got their answer, how many got the apology instead, how many got two answers, and
when the last answer came (the outbox's promise: every answer, none lost, within
SEGUR_REPLY_RETRY_SECONDS). The tests run short windows in process; this is the long one.
"""

from __future__ import annotations

import collections
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bot.devtools.crash import FIRST_CHAT, QUESTION, bot_env, start_bot
from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.telegram_app.texts import t


@dataclass(frozen=True)
class Outage:
    kind: str
    seconds: float
    users: int
    lost: int
    apologies: int
    twice: int
    last_answer: float  # seconds after the window opened

    def line(self) -> str:
        return (
            f"{self.seconds:g} s of {self.kind} on sendMessage, {self.users} users: {self.lost} "
            f"lost, {self.apologies} apologies, {self.twice} answered twice, last answer "
            f"{self.last_answer:.1f} s after the window opened"
        )


def run_outage(seconds: float, *, users: int = 50, retry_after: int | None = None) -> Outage:
    workdir = Path(tempfile.mkdtemp(prefix="segur-outage-"))
    apology = t("error", "fr")
    with FakeBotApi() as api:
        proc = start_bot(bot_env(api, workdir / "outage.sqlite3"))
        try:
            api.push_message("bonjour", chat_id=FIRST_CHAT - 1)
            api.wait_for_messages(1, timeout=60)
            api.outage(seconds, method="sendMessage", retry_after=retry_after)
            start = time.monotonic()
            chats = range(FIRST_CHAT, FIRST_CHAT + users)
            for chat in chats:
                api.push_message(QUESTION, chat_id=chat)
            deadline = start + seconds + 120
            while time.monotonic() < deadline:
                got = {m["chat_id"] for m in api.sent_messages() if m["chat_id"] in chats}
                if len(got) == users:
                    break
                time.sleep(0.05)
            last = time.monotonic() - start
            time.sleep(1)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        sent = [m for m in api.sent_messages() if m["chat_id"] in chats]
    answers = collections.Counter(m["chat_id"] for m in sent)
    return Outage(
        kind="502" if retry_after is None else f"429 (retry after {retry_after} s)",
        seconds=seconds,
        users=users,
        lost=sum(1 for c in chats if not answers[c]),
        apologies=sum(1 for m in sent if apology in m["text"]),
        twice=sum(1 for c in chats if answers[c] > 1),
        last_answer=last,
    )
