"""What the command line says on its own (the answers and the files have their own wording).

The command line speaks English, like its --help; errors are one line, printed by main.py.
"""

from __future__ import annotations

TEXT: dict[str, str] = {
    "bad_date": "--today: expected a date like 2026-12-01, got {value!r}",
    "bad_scope": "{problem}",
    "need_output": "-o FILE.png is required: where to write the picture",
    "cannot_write": "cannot write {path}: {reason}",
    "nothing_ahead": "nothing from {today} on for {who}: add --all for the past dates, or name "
    "another --software",
    "written": "{path}: {what}",
    "events": "{count} events",
    "picture": "a {width}x{height} PNG",
}


def say(key: str, **values: object) -> str:
    return TEXT[key].format(**values)
