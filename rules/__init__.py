"""The rules engine: the programme calendar (YAML) and the date rules that answer against "today".

Plain synchronous Python: never imports ``bot`` or ``telegram``.
"""

from rules.calendar import Calendar, CalendarItem, load_calendar
from rules.eligibility import Filing, Verdict

__all__ = ["Calendar", "CalendarItem", "Filing", "Verdict", "load_calendar"]
