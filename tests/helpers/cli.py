"""`segur-bot` as a real subprocess, run as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_cli(
    *args: str,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
    cwd: Path = REPO,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run `segur-bot` as a real subprocess, as a user would (no token unless given)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    full_env["PYTHONPATH"] = str(cwd)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
