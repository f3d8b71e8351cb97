"""Whether a step's date moved ("la date limite de référencement a été décalée, c vrai ?",
"was the balance deadline pushed back?"): yes, with what replaced what, as of the question's
day. Where the calendar holds no move, the topics say what the sources say ("a priori non" for
the SUN-ES windows): never a calendar no, since a move the sources do not report may exist."""

from __future__ import annotations

import datetime as dt

from bot.core import render
from bot.core.dates.cue import has_duration
from bot.core.replies import DatedReply
from rules.calendar import CalendarItem
from rules.eligibility import Filing, Verdict

MOVED = "moved_yes"
# "pushed back two months?": by how much is the user's claim, which the sources' words settle, not
# a yes of ours.
MOVED_BY = "moved_by"


def _moved_by(item: CalendarItem, today: dt.date) -> bool:
    """A move made public by `today` (one announced later is not known yet that day), to a date
    the sources confirm (a reported date nobody confirms is the topics' to tell)."""
    return item.confirmed and any(
        r.announced is None or r.announced <= today for r in item.revisions
    )


def moved_reply(
    items: list[CalendarItem], today: dt.date, lang: str, text: str = ""
) -> DatedReply | None:
    """The answer about the first item asked whose date moved; None when none did. A move by
    an amount the user states ("de deux mois ?") is told with the sources' own amount, neither
    confirmed nor denied."""
    revised = [i for i in items if _moved_by(i, today)]
    if not revised:
        return None
    item = revised[0]
    by_how_much = has_duration(text)
    verdict = Verdict(
        None if by_how_much else True, item, Filing(today), MOVED_BY if by_how_much else MOVED
    )
    lines = [render.verdict_line(verdict, lang), *render.revision_texts(item, lang)]
    lines.append(render.status_line(item, lang, today))
    return DatedReply("moved", "\n".join(lines), (item,), (item.id,), verdict)
