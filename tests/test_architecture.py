"""The rooms of the house and who may import whom (see ../shared/LAYOUT.md and README.md).

- knowledge/ and rules/ are data packages: they never import bot or telegram, and knowledge
  never imports rules.
- bot/core/ answers questions in plain Python: never telegram, the Telegram adapter, the store
  or the developer tools.
- bot/web/ is an adapter beside bot/telegram_app/: it never imports telegram or that adapter.
- bot/devtools/ is never imported at run time: only bot/devtools itself and the command line
  (bot/cli/) import it.
- No import hides in a function body to keep a room's dependencies out of sight; the one lazy
  import is dateparser's, which costs ~0.2 s and is needed only for a few residual phrases.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "knowledge", "rules")
LAZY_IMPORTS_ALLOWED = {("bot/core/dates/fallback.py", "dateparser")}


def _modules(path: Path) -> set[str]:
    """Every module `path` imports, fully named (`from bot.core import dates` -> bot.core.dates)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _under(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _offenders(folder: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    found = {}
    for path in sorted((REPO / folder).rglob("*.py")):
        bad = sorted(m for m in _modules(path) if _under(m, forbidden))
        if bad:
            found[str(path.relative_to(REPO))] = bad
    return found


@pytest.mark.parametrize("package", ["knowledge", "rules"])
def test_data_packages_never_import_bot_or_telegram(package: str) -> None:
    assert _offenders(package, ("bot", "telegram")) == {}


def test_knowledge_never_imports_rules() -> None:
    assert _offenders("knowledge", ("rules",)) == {}


def test_the_core_never_imports_telegram_the_adapter_the_store_or_devtools() -> None:
    forbidden = ("telegram", "bot.telegram_app", "bot.store", "bot.devtools", "bot.cli")
    assert _offenders("bot/core", forbidden) == {}


def test_the_web_chat_never_imports_telegram_or_its_adapter() -> None:
    assert _offenders("bot/web", ("telegram", "bot.telegram_app", "bot.devtools", "bot.cli")) == {}


def test_only_the_command_line_imports_the_developer_tools() -> None:
    found = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            relative = path.relative_to(REPO)
            if relative.parts[:2] in (("bot", "devtools"), ("bot", "cli")):
                continue
            bad = sorted(m for m in _modules(path) if _under(m, ("bot.devtools",)))
            if bad:
                found[str(relative)] = bad
    assert found == {}


def test_no_import_hides_in_a_function_body() -> None:
    hidden = set()
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            relative = str(path.relative_to(REPO))
            for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(function):
                    if isinstance(node, ast.Import):
                        hidden.update((relative, alias.name) for alias in node.names)
                    elif isinstance(node, ast.ImportFrom):
                        hidden.add((relative, node.module or "."))
    assert hidden - LAZY_IMPORTS_ALLOWED == set()


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


def test_ask_loads_neither_the_calendar_file_writer_nor_the_plotting_library() -> None:
    code = (
        "import sys\n"
        "from bot.cli.main import main\n"
        "main(['ask', '--today', '2021-12-01', 'prochaine fenêtre sunes ?'])\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('icalendar', 'matplotlib')]\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


MAX_MODULE_LINES = 600
MAX_TOP_MODULES = 12


def test_no_module_is_over_600_lines() -> None:
    long = {
        str(path.relative_to(REPO)): n
        for package in PACKAGES
        for path in (REPO / package).rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_the_top_of_bot_holds_at_most_12_modules() -> None:
    # The rest lives in the rooms: core, telegram_app, web, cli, store, exports, devtools.
    top = sorted(p.name for p in (REPO / "bot").glob("*.py"))
    assert len(top) <= MAX_TOP_MODULES, top
