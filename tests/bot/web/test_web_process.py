"""`segur-bot web` as a real process: it serves, answers, and stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.helpers.cli import REPO, run_cli


def test_segur_bot_web_serves_and_stops_on_sigterm(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEB_"))}
    env.update(PYTHONPATH=str(REPO), SEGUR_BOT_DB=str(tmp_path / "web.sqlite3"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "web", "--host", "127.0.0.1", "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        assert proc.stderr is not None
        deadline, url = time.monotonic() + 30, None
        while url is None and time.monotonic() < deadline:
            line = proc.stderr.readline()
            found = re.search(r"web chat on (http://127\.0\.0\.1:\d+/)", line)
            url = found.group(1) if found else None
        assert url, "the server never said where it listens"
        assert "Ségur" in httpx.get(url).text
        answer = httpx.post(url + "api/ask", json={"text": "c koi le budget du segur"}).json()
        assert answer["topic"] == "segur_budget" and answer["sources"]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert (tmp_path / "web.sqlite3").is_file()


def test_segur_bot_web_refuses_a_bad_port_in_one_line(tmp_path: Path) -> None:
    result = run_cli("web", "--port", "99999", env={"SEGUR_BOT_DB": str(tmp_path / "x.sqlite3")})
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "--port" in result.stderr
