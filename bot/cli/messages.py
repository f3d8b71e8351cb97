"""The command line's sentences: the `cli_*` entries of bot/messages.yaml, in English (the answers
come from bot.core.render). Each error is one line, printed on stderr after "segur-bot: ".
"""

from __future__ import annotations

import datetime as dt

from bot.commands import MESSAGES

# --today and --since: far enough either side for any question, and "tomorrow" never overflows.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)


def say(key: str, **values: object) -> str:
    return MESSAGES.t(f"cli_{key}", "en", **values)


def internal_error(exc: BaseException) -> str:
    first = str(exc).splitlines()[0] if str(exc) else ""
    return say(
        "internal_error", detail=f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    )
