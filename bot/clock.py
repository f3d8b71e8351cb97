""" "Today" for the programme: the calendar's dates are Europe/Paris dates."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def paris_now() -> dt.datetime:
    return dt.datetime.now(PARIS)


def paris_today() -> dt.date:
    return paris_now().date()
