"""The whole thing as a user deploys it: `python -m bot` with a token, a fake Telegram, SIGTERM."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from bot.devtools.crash import bot_env
from bot.devtools.fake_bot_api.server import FakeBotApi
from tests.helpers.cli import REPO, run_cli


def _reply(api: FakeBotApi, count: int) -> str:
    return api.wait_for_messages(count, timeout=15)[-1]["text"]


def test_the_bot_process_answers_survives_a_sticker_and_stops_on_sigterm(
    api: FakeBotApi, tmp_path: Path
) -> None:
    db = tmp_path / "bot.sqlite3"
    # The most talkative level: still no secret in it.
    env = bot_env(api, db, LOG_LEVEL="DEBUG")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        api.push_message("/start")
        assert _reply(api, 1).startswith("Bonjour !")
        api.push_message("prochaine date limite ?")
        # Today (the real clock: December 2026 or later) only DRIMbox deadlines can be ahead.
        assert "DRIMbox" in _reply(api, 2) or "Aucune date à venir" in _reply(api, 2)
        api.push_sticker()
        assert _reply(api, 3).startswith("Je ne lis que du texte")
        api.push_message("combien coute un chat en ehpad")
        assert _reply(api, 4).startswith("Je ne suis pas sûr d'avoir compris")
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert api.token not in err + out and "TEST-TOKEN" not in err + out
    assert "starting in polling mode" in err and "stopped" in err

    report = run_cli("report", env={"SEGUR_BOT_DB": str(db), "SEGUR_HASH_SALT": api.token})
    assert report.returncode == 0, report.stderr
    assert "« combien coute un chat en ehpad »" in report.stdout
    assert "Questions : 2" in report.stdout


def test_the_bot_refuses_to_start_over_a_corrupt_database(api: FakeBotApi, tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    db.write_bytes(b"not sqlite at all " * 200)
    env = {
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_BASE_URL": api.base_url,
        "SEGUR_BOT_DB": str(db),
    }
    result = run_cli(env=env, timeout=30)
    assert result.returncode == 2
    assert f"database {db} is corrupt" in result.stderr and "Traceback" not in result.stderr
    assert db.read_bytes() == b"not sqlite at all " * 200  # never replaced by an empty one
    assert api.calls("getUpdates") == []  # it stopped before talking to Telegram


def test_the_bot_refuses_to_start_on_a_broken_knowledge_file(
    api: FakeBotApi, tmp_path: Path
) -> None:
    import shutil

    copy = tmp_path / "repo"
    shutil.copytree(
        REPO, copy, ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", "tests")
    )
    topics = sorted((copy / "knowledge" / "topics").glob("*.yaml"))[0]
    topics.write_text(
        topics.read_text(encoding="utf-8").replace("    answer:", "    answr:", 1), encoding="utf-8"
    )
    bot_env = {
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_BASE_URL": api.base_url,
        "SEGUR_BOT_DB": str(tmp_path / "bot.sqlite3"),
    }
    done = run_cli(env=bot_env, cwd=copy)
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and f"knowledge/topics/{topics.name}" in errors[0]
    assert "unknown key 'answr'" in errors[0] and "Traceback" not in done.stderr
    assert api.requests == []  # refused before talking to Telegram
    assert not (tmp_path / "bot.sqlite3").exists()


def test_a_wrong_token_stops_with_a_clear_message_and_never_prints_it(
    api: FakeBotApi, tmp_path: Path
) -> None:
    bot_env = {
        # The fake server answers 401 to any other token, as Telegram does.
        "TELEGRAM_BOT_TOKEN": "999999:NOT-THE-RIGHT-TOKEN",
        "TELEGRAM_BASE_URL": api.base_url,
        "SEGUR_BOT_DB": str(tmp_path / "bot.sqlite3"),
    }
    done = run_cli(env=bot_env)
    assert done.returncode == 2
    assert "Telegram refused TELEGRAM_BOT_TOKEN" in done.stderr
    assert "NOT-THE-RIGHT-TOKEN" not in done.stderr + done.stdout
