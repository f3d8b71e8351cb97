"""The three packages depend in one direction: bot -> knowledge, rules; never back, never telegram."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", ["knowledge", "rules"])
def test_core_packages_never_import_bot_or_telegram(package: str) -> None:
    offenders = {
        str(path.relative_to(REPO)): sorted(_imports(path) & {"bot", "telegram"})
        for path in (REPO / package).rglob("*.py")
        if _imports(path) & {"bot", "telegram"}
    }
    assert offenders == {}


def test_the_engine_runs_without_telegram_loaded() -> None:
    code = (
        "import sys, datetime as dt\n"
        "from bot.core.engine import Engine\n"
        "Engine.load().ask('prochaine fenêtre sunes ?', today=dt.date(2021, 12, 1))\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('telegram', 'httpx')]\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
