"""`segur-bot bench` runs end to end. Only that: its figures are read by people, not asserted."""

from __future__ import annotations

import json

from tests.helpers.cli import run_cli

SECTIONS = (
    "engine p50 per question",
    "naive pipeline p50 per question",
    "cold start of `segur-bot ask`",
    "cold start peak RSS",
    "peak RSS of `segur-bot eval` (questions.yaml)",
    "web answers per second through /api/ask",
    "telegram echo, no delay",
    "telegram engine, 50 ms round trip",
    "load + schedule 10,000 subscriptions",
)


def test_bench_quick_prints_every_figure_as_json() -> None:
    result = run_cli("bench", "--quick", "--json", timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    data = json.loads(result.stdout)
    names = [f["name"] for f in data["figures"]]
    for section in SECTIONS:
        assert section in names
    for figure in data["figures"]:
        assert figure["min"] <= figure["median"] <= figure["max"] and figure["runs"] >= 1
