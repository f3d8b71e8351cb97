"""`segur-bot bench --soak`: a few seconds of it, to show it runs the real bot and reports RSS."""

from __future__ import annotations

from bot.devtools.soak import run_soak
from tests.helpers.cli import run_cli


def test_a_short_soak_answers_unique_traffic_and_reports_the_bot_rss() -> None:
    lines: list[str] = []
    soak = run_soak(0.05, 60, say=lines.append)  # 3 seconds, 60 chats
    assert len(soak.curve) >= 2 and all(rss > 20 for _, rss in soak.curve)
    assert soak.updates >= 90 and soak.answers >= soak.updates * 0.8
    assert (
        lines[0].startswith("minute   0.0: bot RSS") and "MB/min over the second half" in lines[-2]
    )


def test_the_soak_the_drill_and_the_outage_refuse_nonsense_counts() -> None:
    for args in (["--soak", "0"], ["--kills", "-1"], ["--outage", "0"]):
        result = run_cli("bench", *args)
        assert result.returncode == 2 and "must be above 0" in result.stderr
