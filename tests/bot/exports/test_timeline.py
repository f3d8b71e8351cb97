"""The timeline picture: a valid PNG of a phone-friendly size, for every role."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.exports.scope import Scope
from bot.exports.timeline import render_timeline
from tests.helpers.cli import run_cli
from tests.helpers.images import png_size, sensible


@pytest.mark.parametrize(
    ("scope", "today", "lang"),
    [
        (Scope("vendor", "DRIMbox"), dt.date(2026, 12, 1), "fr"),
        (Scope("vendor"), dt.date(2022, 5, 1), "en"),
        (Scope("hospital"), dt.date(2021, 8, 1), "fr"),
        (Scope("doctor"), dt.date(2022, 5, 1), "fr"),
        (Scope("pharmacy"), dt.date(2030, 1, 1), "en"),
    ],
    ids=["drimbox", "vendor-en", "hospital", "doctor-moved-dates", "pharmacy-all-past"],
)
def test_every_role_gets_a_valid_png_of_sensible_size(calendar, scope, today, lang) -> None:
    data = render_timeline(calendar, scope, today, lang=lang)
    assert sensible(*png_size(data))
    assert 20_000 < len(data) < 2_000_000


def test_more_items_make_a_taller_picture(calendar) -> None:
    day = dt.date(2026, 12, 1)
    few = png_size(render_timeline(calendar, Scope("doctor"), day))
    many = png_size(render_timeline(calendar, Scope("vendor"), day))
    assert few[0] == many[0] and many[1] > few[1] * 2


def test_calendar_image_writes_the_picture(tmp_path: Path) -> None:
    out = tmp_path / "drimbox.png"
    result = run_cli(
        "calendar-image", "--role", "vendor", "--software", "drimbox", "--today", "2026-12-01",
        "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    width, height = png_size(out.read_bytes())
    assert sensible(width, height)
    assert result.stderr.strip() == f"{out}: a {width}x{height} PNG"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "-o FILE.png is required"),
        (("-o", "/nonexistent-dir/x.png"), "cannot write /nonexistent-dir/x.png"),
        (("-o", "x.png", "--software", "PACS"), "unknown software 'PACS'"),
        (("-o", "x.png", "--today", "demain"), "--today: expected a date"),
    ],
)
def test_calendar_image_bad_input_gets_one_line(args: tuple[str, ...], message: str) -> None:
    result = run_cli("calendar-image", *args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
