"""Checks that every date and time in the calendar stands in the reference file it comes from.

Like the knowledge base's quote check, it reads shared/reference/segur-facts.md, which sits beside
the repository on developer and CI machines only: `segur-bot kb check` and the tests run it.
"""

from __future__ import annotations

from pathlib import Path

from rules.calendar import Calendar

REFERENCE = Path("reference") / "segur-facts.md"
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def check_dates(calendar: Calendar, shared_dir: Path) -> list[str]:
    """One problem per calendar moment whose date (and time) the reference file does not give.

    A "before 12:00" moment must be written so in the reference too, and a plain one must not be
    a "before" there: the two differ by the filings made at 12:00 sharp.
    """
    path = shared_dir / REFERENCE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return [f"{path}: cannot read the reference file: {exc}"]
    problems = []
    for item in calendar.items:
        for name, moment in item.moments():
            written = moment.reference_text()
            plain = text.count(written) - text.count(f"before {written}")
            found = text.count(f"before {written}") > 0 if moment.exclusive else plain > 0
            if not found and moment.time is None and not moment.exclusive:
                # A day the reference states in prose ("30 June 2022 [dsih-4553]").
                month = _MONTHS[moment.day.month - 1]
                found = f"{moment.day.day} {month} {moment.day.year}" in text
            if not found:
                wanted = f"before {written}" if moment.exclusive else written
                problems.append(
                    f"{calendar.file}: item '{item.id}': {name} {wanted} is not in {REFERENCE}"
                    " (every date must come from the reference file)"
                )
    return problems
