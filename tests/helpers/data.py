"""A copy of the package's data (knowledge/ and rules/ YAML) for SEGUR_DATA_DIR tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers.cli import REPO

DRIMBOX_SOLDE = 'closes: "2027-12-15 before 12:00"'


def copy_data(target: Path) -> Path:
    """knowledge/ and rules/ as the package lays them out, YAML only."""
    for package in ("knowledge", "rules"):
        shutil.copytree(
            REPO / package,
            target / package,
            ignore=shutil.ignore_patterns("*.py", "__pycache__"),
        )
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
