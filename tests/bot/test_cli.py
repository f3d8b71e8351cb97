"""The command line as a user runs it: real subprocesses, no Telegram token."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers.cli import REPO, run_cli


def test_ask_json_done_when_case() -> None:
    result = run_cli(
        "ask", "--today", "2022-04-20", "--role", "vendor", "--json",
        "si j'envoie mon dossier de référencement le 10 mai, c'est bon ?",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {
        "topic",
        "confidence",
        "fallback",
        "suggestions",
        "answer",
        "body",
        "sources",
        "links",
        "dates",
        "verdict",
        "context",
    }
    assert all(set(s) >= {"id", "title", "url", "quote"} for s in data["sources"])
    assert any(s["url"].startswith("https://") for s in data["sources"])
    assert data["verdict"]["eligible"] is True
    assert data["verdict"]["item"] == "sons-v1-referencement"
    assert data["dates"] == ["2022-05-10"]
    assert 0 <= data["confidence"] <= 1


def test_ask_reads_questions_from_stdin() -> None:
    result = run_cli(
        "ask",
        "--json",
        "--today",
        "2026-11-23",
        stdin="qui est olivier clatz\n\nquel temps fait-il\n",
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["topic"] for d in lines] == ["programme_leads", None]
    assert lines[1]["fallback"] is True


def test_ask_loads_neither_telegram_nor_the_developer_tools() -> None:
    """The installed console script's entry point, run for `ask`: no telegram, no bench, no fake
    Bot API, no Telegram adapter in sys.modules (and no import hidden in a function body to get
    there: tests/test_architecture.py checks that)."""
    code = (
        "import sys\n"
        "from importlib.metadata import entry_points\n"
        "(script,) = entry_points(group='console_scripts', name='segur-bot')\n"
        "main = script.load()\n"
        "code = main(['ask', '--today', '2022-04-20', 'prochaine fenêtre sunes ?'])\n"
        "assert code == 0, code\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'telegram'\n"
        "             or m.startswith(('bot.devtools', 'bot.telegram_app')))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "SUN-ES" in result.stdout


def test_bad_date_flag_is_a_clear_error() -> None:
    result = run_cli("ask", "--today", "20/04/2022", "test")
    assert result.returncode == 2
    assert "expected a date like 2022-04-20" in result.stderr and "Traceback" not in result.stderr


def test_kb_check_passes_and_export_lists_variants() -> None:
    check = run_cli("kb", "check")
    assert check.returncode == 0, check.stderr
    assert "ok:" in check.stdout
    export = run_cli("kb", "export", "--json")
    data = json.loads(export.stdout)
    assert "segur_budget" in data and len(data["segur_budget"]) >= 10


def test_bad_yaml_edit_gives_one_line_naming_file_and_entry(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(
        REPO, copy, ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", "tests")
    )
    calendar = copy / "rules" / "calendar.yaml"
    text = calendar.read_text(encoding="utf-8")
    calendar.write_text(text.replace("closes: 2022-04-30", "closes: 2022-02-30"), encoding="utf-8")
    result = run_cli("ask", "prochaine fenêtre ?", cwd=copy)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert (
        "rules/calendar.yaml" in lines[0]
        and "item 'sunes-f2'" in lines[0]
        and "impossible date" in lines[0]
    )


def test_chat_answers_on_stdin_without_token() -> None:
    result = run_cli(
        "chat", "--today", "2021-12-01", stdin="/role hopital\nprochaine fenêtre ?\n/quit\n"
    )
    assert result.returncode == 0, result.stderr
    assert "F2" in result.stdout


def test_no_arguments_without_token_runs_the_chat() -> None:
    result = run_cli(stdin="c koi le budget du segur\n")
    assert result.returncode == 0, result.stderr
    assert "2 milliards" in result.stdout


def test_eval_command_reports_figures() -> None:
    result = run_cli("eval", "tests/eval/questions.yaml", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["questions"] >= 200
