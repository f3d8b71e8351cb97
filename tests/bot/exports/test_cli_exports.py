"""`segur-bot ics` (and calendar-image) as a user runs them: real subprocesses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest

from bot.clock import PARIS
from tests.helpers.cli import run_cli


def test_ics_done_when_case() -> None:
    result = run_cli("ics", "--role", "vendor", "--software", "DRIMbox", "--today", "2026-12-01")
    assert result.returncode == 0, result.stderr
    cal = icalendar.Calendar.from_ical(result.stdout)
    found = list(cal.walk("VEVENT"))
    assert [e.decoded("dtend") for e in found] == [
        dt.datetime(2027, 9, 15, 12, 0, tzinfo=PARIS),
        dt.datetime(2027, 12, 15, 12, 0, tzinfo=PARIS),
    ]
    assert all(len(list(e.walk("VALARM"))) == 3 for e in found)
    assert all(e["dtend"].params["TZID"] == "Europe/Paris" for e in found)


def test_ics_writes_a_file_in_english_with_every_date(tmp_path: Path) -> None:
    out = tmp_path / "segur.ics"
    result = run_cli("ics", "--all", "--lang", "en", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    found = list(cal.walk("VEVENT"))
    assert result.stderr.strip() == f"{out}: {len(found)} events"
    assert len(found) > 30
    assert any(str(e["summary"]) == "Closes: SUN-ES window F1" for e in found)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--role", "nurse"), "unknown role 'nurse'"),
        (("--software", "PACS"), "unknown software 'PACS'"),
        (("--today", "1er décembre"), "--today: expected a date like 2026-12-01"),
        (("-o", "/nonexistent-dir/x.ics"), "cannot write /nonexistent-dir/x.ics"),
    ],
)
def test_bad_input_gets_one_line_and_no_traceback(args: tuple[str, ...], message: str) -> None:
    result = run_cli("ics", "--all", *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_nothing_ahead_says_so_and_fails() -> None:
    result = run_cli("ics", "--role", "vendor", "--today", "2026-12-01")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "nothing from 2026-12-01 on for software vendors" in result.stderr
