"""Broken calendar files: each gives one line naming the file, the item and what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.validation import DataError
from rules.calendar import DEFAULT_PATH, load_calendar

ORIGINAL = DEFAULT_PATH.read_text(encoding="utf-8")

# (case, text to find, replacement, item named in the error, expected problem)
CASES = [
    ("impossible date", "closes: 2022-04-30", "closes: 2022-02-30", "item 'sunes-f2'", "impossible date '2022-02-30'"),
    ("close before open", "closes: 2022-04-30", "closes: 2022-02-01", "item 'sunes-f2'", "closes (2022-02-01) is before opens"),
    ("wrong type", "closes: 2022-04-30", "closes: [2022, 4, 30]", "item 'sunes-f2'", "expected a date like"),
    ("bad time", 'closes: "2022-06-15 14:00"', 'closes: "2022-06-15 25:00"', "item 'sons-v1-referencement'", "impossible date"),
    ("unknown key", "    kind: window\n    audience: [hospital]\n    milestones: [candidature]\n    keywords: [f2", "    kind: window\n    audiance: [hospital]\n    milestones: [candidature]\n    keywords: [f2", "item 'sunes-f2'", "unknown key 'audiance'"),
    ("unknown role", "audience: [hospital]\n    milestones: [candidature]\n    keywords: [f3", "audience: [hopital]\n    milestones: [candidature]\n    keywords: [f3", "item 'sunes-f3'", "must be one of hospital, vendor, doctor, pharmacy"),
    ("unknown milestone", "milestones: [solde]\n    keywords: [solde, paiement final, paiement du solde", "milestones: [sold]\n    keywords: [solde, paiement final, paiement du solde", "item 'sons-v1-solde'", "must be one of candidature"),
    ("unknown software", "software: [DRIMbox]\n    wave: 2\n    milestones: [solde]", "software: [DRIMBOX]\n    wave: 2\n    milestones: [solde]", "item 'sons-v2-drimbox-solde'", "must be one of DPI"),
    ("bad before", '"2027-12-15 before 12:00"', '"2027-12-15 avant 12:00"', "item 'sons-v2-drimbox-solde'", "'2027-09-15 before 12:00'"),
    ("duplicate id", "  - id: sunes-f3", "  - id: sunes-f2", "item 'sunes-f2'", "duplicate item id"),
    ("window without close", "    opens: 2022-09-01\n    closes: 2022-10-31\n", "    opens: 2022-09-01\n", "item 'sunes-f3'", "a 'window' needs both 'opens' and 'closes'"),
    ("missing sources", "    sources: [dsih-4804, ars-bfc-sunes]\n  - id: sunes-f3", "  - id: sunes-f3", "item 'sunes-f2'", "missing required field 'sources'"),
    ("sources not a list", "    sources: [dsih-4804, ars-bfc-sunes]\n  - id: sunes-f3", '    sources: "DSIH 4804"\n  - id: sunes-f3', "item 'sunes-f2'", "field 'sources' must be a list"),
    ("revision later than close", "previous: 2022-07-15", "previous: 2022-12-15", "item 'sons-v1-lgc-commandes'", "revisions[0].previous must be before closes"),
    ("revision without sources", "        sources: [lqdm-2022-06-21, senat-qseq220902549]\n", "", "item 'sons-v1-lgc-commandes'", "missing required field 'revisions[0].sources'"),
    ("unconfirmed without latest", '    latest: "2023-12-14 14:00"\n', "", "item 'sons-v1-lgo-solde'", "needs 'latest' and 'latest_sources'"),
    ("wave not a number", "wave: 1\n    milestones: [referencement]", "wave: one\n    milestones: [referencement]", "item 'sons-v1-referencement'", "field 'wave' must be a whole number"),
    ("announced without previous", "- previous: 2022-07-15\n        previous_sources: [lqdm-2022-06-21]\n        announced:", "- announced:", "item 'sons-v1-lgc-commandes'", "revisions[0].announced needs 'previous'"),
    ("announced not a date", "announced: 2022-06-21", "announced: juin 2022", "item 'sons-v1-lgc-commandes'", "expected a date like"),
    ("invalid YAML", "items:\n", "items: [\n", "", "invalid YAML at line"),
    ("disputed after close", "disputed: 2022-06-30", "disputed: 2022-10-15", "item 'sunes-f1-cibles'", "a 'disputed' date needs"),
    ("disputed without sources", "    disputed_sources: [dsih-4553]\n", "", "item 'sunes-f1-cibles'", "a 'disputed' date needs"),
    ("undated unknown software", "  - software: [RIS]\n    wave: 2", "  - software: [IRM]\n    wave: 2", "calendar", "undated[1].software"),
    ("undated without steps", "    steps: {fr: \"les étapes de la vague 2\", en: \"the wave 2 steps\"}\n", "", "calendar", "missing required field 'undated[2].steps'"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "old", "new", "entry", "problem"), CASES, ids=[c[0] for c in CASES]
)
def test_broken_calendar_names_file_item_and_problem(
    tmp_path: Path, case, old, new, entry, problem
) -> None:
    assert old in ORIGINAL, f"the test's anchor {old!r} is no longer in calendar.yaml"
    path = tmp_path / "calendar.yaml"
    path.write_text(ORIGINAL.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_calendar(path)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    assert entry in message
    assert problem in message


def test_the_real_calendar_loads(tmp_path: Path) -> None:
    path = tmp_path / "calendar.yaml"
    path.write_text(ORIGINAL, encoding="utf-8")
    assert len(load_calendar(path).items) == len(load_calendar().items) >= 26
