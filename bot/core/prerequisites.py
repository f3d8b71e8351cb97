"""A later step asked after the step it depends on was missed, or done after its own close: the
calendar's `prerequisites:` rule it out, whatever the later step's own dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from bot.core import render
from bot.core.parser import ParsedQuestion
from bot.core.replies import DatedReply
from rules.calendar import Calendar, CalendarItem
from rules.eligibility import Filing, Verdict
from rules.selection import ItemQuery, pick_for_date

# DatedAnswers.select: the calendar items a frame names.
Select = Callable[[ParsedQuestion, ItemQuery, str, tuple[str, ...]], list[CalendarItem]]


def _done_late(
    select: Select, parsed: ParsedQuestion, query: ItemQuery, today: dt.date, text: str
) -> frozenset[str]:
    """The steps said done on a day after their own close ("install finie le 25/09"): missed
    as surely as the steps never done."""
    late = set()
    for step, day in parsed.prior_done:
        frame = dataclasses.replace(parsed, milestones=frozenset({step}))
        item = pick_for_date(select(frame, query, text, ()), today)
        if item is not None and item.closes is not None and day > item.closes.day:
            late.add(step)
    return frozenset(late)


def prerequisite_reply(
    calendar: Calendar,
    select: Select,
    parsed: ParsedQuestion,
    query: ItemQuery,
    today: dt.date,
    text: str,
) -> DatedReply | None:
    """ "pas déposé le référencement ; l'avance, c'est possible ?": a step missed that the
    later one asked depends on rules it out, whatever its own dates (same wave only)."""
    missed = parsed.prior_missed | _done_late(select, parsed, query, today, text)
    asked = parsed.milestones - missed
    rule = next(
        (
            p
            for p in calendar.prerequisites
            if p.missed & missed and p.blocks & asked and parsed.programme in (None, p.programme)
        ),
        None,
    )
    if rule is None:
        return None

    def step(steps: frozenset[str]) -> CalendarItem | None:
        frame = dataclasses.replace(parsed, milestones=steps)
        found = [i for i in select(frame, query, text, ()) if i.programme == rule.programme]
        return pick_for_date(found, today)

    before, later = step(missed & rule.missed), step(asked & rule.blocks)
    if before is None or later is None or before.wave != later.wave:
        return None
    lang = parsed.lang
    verdict = Verdict(False, later, Filing(today), "prerequisite")
    sep = ": " if lang == "en" else " : "
    lines = [f"{render.t('no', lang)}{sep}{rule.says.get(lang)}."]
    lines.append(render.t("claim_status", lang, today=render.day_text(today, lang)))
    lines += [render.status_line(i, lang, today) for i in (before, later)]
    return DatedReply(
        "verdict",
        "\n".join(lines),
        (before, later),
        (later.id,),
        verdict,
        sources=rule.sources,
    )
