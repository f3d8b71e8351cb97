"""Checks that every date and time in the calendar stands in the reference file it comes from.

Like the knowledge base's quote check, it reads shared/reference/segur-facts.md, which sits beside
the repository on developer and CI machines only: `segur-bot kb check` and the tests run it.
"""

from __future__ import annotations

from pathlib import Path

from knowledge.validation import Moment
from rules.calendar import Calendar

REFERENCE = Path("reference") / "segur-facts.md"


def _moments(item_moments: list[tuple[str, Moment | None]]) -> list[tuple[str, Moment]]:
    return [(name, m) for name, m in item_moments if m is not None]


def check_dates(calendar: Calendar, shared_dir: Path) -> list[str]:
    """One problem per calendar moment whose date (and time) the reference file does not give."""
    path = shared_dir / REFERENCE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return [f"{path}: cannot read the reference file: {exc}"]
    problems = []
    for item in calendar.items:
        previous = item.postponement.previous_closes if item.postponement else None
        for name, moment in _moments(
            [("opens", item.opens), ("closes", item.closes), ("previous_closes", previous)]
        ):
            wanted = moment.day.isoformat() + (f" {moment.time:%H:%M}" if moment.time else "")
            if wanted not in text:
                problems.append(
                    f"{calendar.file}: item '{item.id}': {name} {wanted} is not in {REFERENCE}"
                    " (every date must come from the reference file)"
                )
    return problems
