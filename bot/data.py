"""Where the knowledge base and the calendar are read from: the installed package's YAML, or
SEGUR_DATA_DIR, a folder with the package's layout (knowledge/ and rules/calendar.yaml) that a
support team edits in place."""

from __future__ import annotations

from pathlib import Path

from bot.core.engine import Engine
from bot.settings import Settings
from knowledge.validation import DataError

LAYOUT_HINT = "SEGUR_DATA_DIR must hold knowledge/ and rules/calendar.yaml, as the package does"


def data_paths(settings: Settings) -> tuple[Path | None, Path | None]:
    """(knowledge_dir, calendar_path) for Engine.load; (None, None) is the packaged data."""
    if settings.data_dir is None:
        return None, None
    return settings.data_dir / "knowledge", settings.data_dir / "rules" / "calendar.yaml"


def check_data_dir(settings: Settings) -> None:
    """A missing SEGUR_DATA_DIR, or one without the package's layout, as one DataError line."""
    root = settings.data_dir
    if root is None:
        return
    if not root.is_dir():
        raise DataError(root, None, f"folder not found ({LAYOUT_HINT})")
    knowledge_dir, calendar_path = data_paths(settings)
    assert knowledge_dir is not None and calendar_path is not None
    if not knowledge_dir.is_dir():
        raise DataError(knowledge_dir, None, f"folder not found ({LAYOUT_HINT})")
    if not calendar_path.is_file():
        raise DataError(calendar_path, None, f"file not found ({LAYOUT_HINT})")


def load_engine(settings: Settings) -> Engine:
    """The engine over the data the settings point at; DataError names the file and the entry."""
    check_data_dir(settings)
    return Engine.load(*data_paths(settings))
