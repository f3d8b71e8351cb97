"""The SUN-ES windows in order, the one after a window, and the answer about a window that does
not exist ("F5 ?"), each as of the question's day."""

from __future__ import annotations

import datetime as dt

from bot.core import render
from bot.core.replies import DatedReply
from rules.calendar import Calendar, CalendarItem
from rules.eligibility import Filing, hospital_verdict
from rules.selection import ItemQuery, relevant_items
from rules.upcoming import item_status


def sunes_windows(calendar: Calendar) -> list[CalendarItem]:
    """The SUN-ES windows, in order."""
    return sorted(
        (
            i
            for i in relevant_items(calendar, ItemQuery("hospital"))
            if i.programme == "sun-es" and i.kind == "window"
        ),
        key=lambda i: i.horizon,
    )


def next_window(calendar: Calendar, after: CalendarItem, today: dt.date) -> CalendarItem | None:
    """The first window after `after` still open or ahead on `today`."""
    return next(
        (
            w
            for w in sunes_windows(calendar)
            if w.horizon > after.horizon and item_status(w, today).code in ("open", "opens")
        ),
        None,
    )


def next_window_text(window: CalendarItem, today: dt.date, lang: str) -> str:
    return render.t("next_window_line", lang, line=render.item_line(window, lang, today))


def phantom_window(calendar: Calendar, lang: str, today: dt.date) -> DatedReply:
    """ "Y aura-t-il une F5 ?": none is known; the last window, as of today."""
    windows = sunes_windows(calendar)
    if not windows:
        return DatedReply("unknown", render.t("no_item", lang), nothing_ahead=True)
    last = windows[-1]
    verdict = hospital_verdict(calendar, Filing(today), ItemQuery("hospital"))
    body = render.t("phantom_window", lang, line=render.item_line(last, lang, today))
    nothing_ahead = item_status(last, today).code not in ("open", "opens")
    return DatedReply("phantom", body, (last,), (last.id,), verdict, nothing_ahead)
