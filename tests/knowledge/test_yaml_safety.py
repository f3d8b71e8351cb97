"""YAML is only ever loaded safely: no code path can build Python objects from a data file."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from knowledge import validation

REPO = Path(__file__).resolve().parents[2]
SOURCES = [p for pkg in ("bot", "knowledge", "rules") for p in (REPO / pkg).rglob("*.py")]


def test_the_loader_is_a_safe_loader() -> None:
    loader = validation.UniqueKeySafeLoader
    assert issubclass(loader, yaml.SafeLoader) or issubclass(
        loader, getattr(yaml, "CSafeLoader", ())
    )
    assert not issubclass(loader, (yaml.FullLoader, yaml.UnsafeLoader))


def test_no_unsafe_yaml_call_anywhere() -> None:
    unsafe = re.compile(
        r"yaml\.(unsafe_load|full_load|load_all)\b|Loader=yaml\.(Loader|FullLoader|UnsafeLoader)"
    )
    offenders = [
        f"{p.relative_to(REPO)}:{i}"
        for p in SOURCES
        for i, line in enumerate(p.read_text().splitlines(), 1)
        if unsafe.search(line)
    ]
    assert offenders == []
    loads = [
        f"{p.relative_to(REPO)}:{i}"
        for p in SOURCES
        for i, line in enumerate(p.read_text().splitlines(), 1)
        if re.search(r"yaml\.load\(", line) and "UniqueKeySafeLoader" not in line
    ]
    assert loads == [], "yaml.load must use the safe loader"


def test_a_python_tag_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("x: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    try:
        validation.read_yaml(path)
    except validation.DataError as exc:
        assert "invalid YAML" in str(exc)
    else:
        raise AssertionError("a python tag was accepted")
