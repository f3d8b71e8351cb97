"""Settings fail loudly: every variable is checked at start, with one line and a non-zero exit."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.settings import Settings, SettingsError
from tests.helpers.cli import run_cli

BAD = [
    ({"PORT": "99999"}, "PORT must be a TCP port number from 1 to 65535, got '99999'"),
    ({"PORT": "0"}, "PORT must be a TCP port number"),
    ({"PORT": "eighty"}, "PORT must be a TCP port number"),
    ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
    ({"SEGUR_CONCURRENT_UPDATES": "1e3"}, "SEGUR_CONCURRENT_UPDATES must be a number of updates"),
    ({"SEGUR_OVERALL_MAX_RATE": "nan"}, "SEGUR_OVERALL_MAX_RATE must be a number"),
    ({"TELEGRAM_TIMEOUT": "inf"}, "TELEGRAM_TIMEOUT must be a number of seconds"),
    ({"ADMIN_IDS": "12,abc"}, "ADMIN_IDS must be a comma-separated list of Telegram user ids"),
    ({"ADMIN_IDS": "-5"}, "ADMIN_IDS must be a comma-separated list"),
    ({"LISTEN": "everywhere"}, "LISTEN must be an IP address"),
    ({"SUPPORT_CHAT_ID": "@support"}, "SUPPORT_CHAT_ID must be a Telegram chat id"),
    ({"SUPPORT_CHAT_ID": "0"}, "SUPPORT_CHAT_ID must be a Telegram chat id"),
    ({"WEBHOOK_URL": "bot.example.org/hook", "WEBHOOK_SECRET": "s"}, "WEBHOOK_URL must be"),
    ({"WEBHOOK_URL": "https://h/x", "WEBHOOK_SECRET": "a b"}, "WEBHOOK_SECRET must be 1 to 256"),
    ({"TELEGRAM_BASE_URL": "ftp://h/bot"}, "TELEGRAM_BASE_URL must be an http(s) URL"),
    ({"TELEGRAM_BOT_TOKEN": "no-colon"}, "TELEGRAM_BOT_TOKEN does not look like a bot token"),
]


@pytest.mark.parametrize(("env", "message"), BAD, ids=[next(iter(e)) for e, _ in BAD])
def test_a_bad_setting_names_itself(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:x", **env})


def test_good_settings_are_read() -> None:
    settings = Settings.from_env(
        {"PORT": "8443", "LOG_LEVEL": "warn", "ADMIN_IDS": "1; 2", "SEGUR_OVERALL_MAX_RATE": "0"}
    )
    assert (settings.port, settings.log_level, settings.admin_ids) == (8443, "WARNING", {1, 2})
    assert settings.overall_max_rate == 0
    assert settings.support_chat_id is None
    assert (
        Settings.from_env({"SUPPORT_CHAT_ID": " -1001234567890 "}).support_chat_id == -1001234567890
    )


@pytest.mark.parametrize("env", [{"PORT": "99999"}, {"LOG_LEVEL": "LOUD"}], ids=["port", "level"])
def test_the_bot_process_stops_on_a_bad_setting_with_one_line(
    env: dict[str, str], tmp_path: Path
) -> None:
    done = run_cli(
        env={"TELEGRAM_BOT_TOKEN": "1:x", "SEGUR_BOT_DB": str(tmp_path / "db"), **env}, timeout=30
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert next(iter(env)) in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "db").exists()


def test_a_busy_webhook_port_is_one_line_before_telegram_is_called(
    api: FakeBotApi, tmp_path: Path
) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = run_cli(
            env={
                "TELEGRAM_BOT_TOKEN": api.token,
                "TELEGRAM_BASE_URL": api.base_url,
                "WEBHOOK_URL": f"http://127.0.0.1:{port}/hook",
                "WEBHOOK_SECRET": "s3cret",
                "LISTEN": "127.0.0.1",
                "PORT": str(port),
                "SEGUR_BOT_DB": str(tmp_path / "db"),
            },
            timeout=30,
        )
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr and "Traceback" not in done.stderr
    assert api.requests == []  # refused before talking to Telegram
