"""Whether a step's date moved ("la date limite de référencement a été décalée, c vrai ?",
"was the balance deadline pushed back?"): yes, with what replaced what, as of the question's
day. Where the calendar holds no move, the topics say what the sources say ("a priori non" for
the SUN-ES windows): never a calendar no, since a move the sources do not report may exist."""

from __future__ import annotations

import datetime as dt

from bot.core import render
from bot.core.replies import DatedReply
from rules.calendar import CalendarItem
from rules.eligibility import Filing, Verdict

MOVED = "moved_yes"


def _moved_by(item: CalendarItem, today: dt.date) -> bool:
    """A move made public by `today` (one announced later is not known yet that day), to a date
    the sources confirm (a reported date nobody confirms is the topics' to tell)."""
    return item.confirmed and any(
        r.announced is None or r.announced <= today for r in item.revisions
    )


def moved_reply(items: list[CalendarItem], today: dt.date, lang: str) -> DatedReply | None:
    """The answer about the first item asked whose date moved; None when none did."""
    revised = [i for i in items if _moved_by(i, today)]
    if not revised:
        return None
    item = revised[0]
    verdict = Verdict(True, item, Filing(today), MOVED)
    lines = [render.verdict_line(verdict, lang), *render.revision_texts(item, lang)]
    sep = ": " if lang == "en" else " : "
    lines.append(f"• {item.label.get(lang)}{sep}{render.status_text(item, today, lang)}")
    return DatedReply("moved", "\n".join(lines), (item,), (item.id,), verdict)
