"""SEGUR_DATA_DIR: every command reads the knowledge base and the calendar from that folder."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest

from bot.data import data_paths
from bot.settings import Settings
from tests.helpers.cli import run_cli
from tests.helpers.data import DRIMBOX_SOLDE, copy_data, edit


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return copy_data(tmp_path / "data")


def test_the_setting_is_read_once_and_points_at_the_package_layout(tmp_path: Path) -> None:
    settings = Settings.from_env({"SEGUR_DATA_DIR": str(tmp_path)})
    assert settings.data_dir == tmp_path
    assert data_paths(settings) == (tmp_path / "knowledge", tmp_path / "rules" / "calendar.yaml")
    assert data_paths(Settings.from_env({})) == (None, None)


def test_a_date_moved_in_the_data_dir_is_what_ics_exports(data_dir: Path) -> None:
    edit(data_dir / "rules" / "calendar.yaml", DRIMBOX_SOLDE, 'closes: "2027-12-17 12:00"')
    env = {"SEGUR_DATA_DIR": str(data_dir)}
    result = run_cli(
        "ics", "--role", "vendor", "--software", "DRIMbox", "--today", "2026-12-01", env=env
    )
    assert result.returncode == 0, result.stderr
    ends = [e.decoded("dtend") for e in icalendar.Calendar.from_ical(result.stdout).walk("VEVENT")]
    assert [d.date().isoformat() for d in ends] == ["2027-09-15", "2027-12-17"]
    check = run_cli("kb", "check", env=env)
    assert check.stdout.startswith(f"data: {data_dir} (SEGUR_DATA_DIR)\nok: ")
    if check.returncode != 0:  # shared/ is beside the repository: the new date is checked too
        assert "closes 2027-12-17 12:00 is not in reference/segur-facts.md" in check.stderr


def test_broken_yaml_in_the_data_dir_names_the_file_and_the_entry(data_dir: Path) -> None:
    edit(data_dir / "rules" / "calendar.yaml", DRIMBOX_SOLDE, 'closes: "2027-12-45"')
    env = {"SEGUR_DATA_DIR": str(data_dir)}
    for args in (("kb", "check"), ("ics", "--all"), ("calendar-image", "-o", "x.png")):
        result = run_cli(*args, env=env)
        assert result.returncode == 2, args
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert (
            "calendar.yaml: item 'sons-v2-drimbox-solde': field 'closes' impossible date"
            in result.stderr
        )


def test_a_missing_data_dir_gets_one_line(tmp_path: Path) -> None:
    env = {"SEGUR_DATA_DIR": str(tmp_path / "nowhere")}
    result = run_cli("kb", "check", env=env)
    assert result.returncode == 2
    assert result.stderr == (
        f"segur-bot: error: {tmp_path / 'nowhere'}: folder not found (SEGUR_DATA_DIR must hold "
        "knowledge/ and rules/calendar.yaml, as the package does)\n"
    )
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "knowledge").mkdir()
    result = run_cli("ics", env={"SEGUR_DATA_DIR": str(tmp_path / "half")})
    assert result.returncode == 2 and "rules/calendar.yaml: file not found" in result.stderr
