"""The calendar of a role and software as an RFC 5545 file (.ics), written with icalendar.

One event per opening or closing moment: timed in Europe/Paris when the source gives a time (an
opening starts then; a closing ends then, so a "before 12:00" close ends at 12:00), an all-day
event otherwise. Each event carries the item's label in the user's language, its public sources'
links, and, for a closing, alarms 30, 7 and 1 days before. UIDs are stable (item id and edge) and
SEQUENCE counts the item's revisions, so re-importing after a date moved updates the event.
"""

from __future__ import annotations

import datetime as dt

import icalendar

from bot.clock import PARIS
from bot.core import render
from bot.exports.scope import Dated, Scope, dated_moments
from bot.exports.wording import t, who
from knowledge.loader import KnowledgeBase
from knowledge.model import Document
from rules.calendar import Calendar, CalendarItem

PRODID = "-//segur-bot//Ségur du numérique calendar//FR"
ALARM_DAYS = (30, 7, 1)
TIMED_MINUTES = 30  # a timed moment is shown as a half-hour event ending (or starting) then


def _documents(kb: KnowledgeBase, dated: Dated) -> list[Document]:
    return [kb.documents[d] for d in dated.item.all_sources() if d in kb.documents]


def _summary(dated: Dated, lang: str) -> str:
    if dated.edge == "opens":
        key = "opens"
    else:
        key = "closes_window" if dated.item.kind == "window" else "closes_deadline"
    return t(key, lang, label=dated.item.label.get(lang))


def _description(dated: Dated, docs: list[Document], lang: str, today: dt.date) -> str:
    item, moment = dated.item, dated.moment
    label = item.label.get(lang)
    lines = [label[:1].upper() + label[1:], t("when", lang, when=render.moment_text(moment, lang))]
    if moment.exclusive and moment.time is not None:
        lines.append(t("exclusive", lang, time=render.time_text(moment.time, lang)))
    if not item.confirmed and dated.edge == "closes":
        lines.append(t("unconfirmed", lang))
    if item.note:
        lines.append(item.note.get(lang))
    if dated.edge == "closes":
        lines += render.revision_texts(item, lang)
    if docs:
        lines += ["", t("sources", lang)]
        sep = ": " if lang == "en" else " : "
        lines += [f"- {d.title} ({d.publisher}){t('in_french', lang)}{sep}{d.url}" for d in docs]
    lines += ["", t("footer", lang, today=render.day_text(today, lang))]
    return "\n".join(lines)


def _times(dated: Dated) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime]:
    """DTSTART and DTEND: a half hour ending at a closing time or starting at an opening time;
    a whole day (DTEND the next day, as RFC 5545 wants) when the source gives no time."""
    moment = dated.moment
    if moment.time is None:
        return moment.day, moment.day + dt.timedelta(days=1)
    at = dt.datetime.combine(moment.day, moment.time, PARIS)
    length = dt.timedelta(minutes=TIMED_MINUTES)
    return (at - length, at) if dated.edge == "closes" else (at, at + length)


def _alarm(dated: Dated, days: int, lang: str) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    # Relative to the start: the whole day of an all-day closing, or the half hour before a time.
    alarm.add("trigger", dt.timedelta(days=-days))
    label, when = dated.item.label.get(lang), render.moment_text(dated.moment, lang)
    key = "alarm_tomorrow" if days == 1 else "alarm"
    alarm.add("description", t(key, lang, label=label, days=days, when=when))
    return alarm


def _event(
    kb: KnowledgeBase, dated: Dated, lang: str, today: dt.date, stamp: dt.datetime
) -> icalendar.Event:
    docs = _documents(kb, dated)
    start, end = _times(dated)
    event = icalendar.Event()
    event.add("uid", dated.uid)
    event.add("dtstamp", stamp)
    event.add("sequence", len(dated.item.revisions) if dated.edge == "closes" else 0)
    event.add("summary", _summary(dated, lang))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("transp", "TRANSPARENT")  # a deadline is not a meeting: it books no time
    event.add("description", _description(dated, docs, lang, today))
    if docs:
        event.add("url", docs[0].url)
    event.add("categories", [dated.item.programme.upper(), *sorted(dated.item.software)])
    if dated.edge == "closes":
        for days in ALARM_DAYS:
            event.add_component(_alarm(dated, days, lang))
    return event


def build_ics(
    calendar: Calendar,
    kb: KnowledgeBase,
    scope: Scope,
    today: dt.date,
    *,
    lang: str = "fr",
    everything: bool = False,
    stamp: dt.datetime | None = None,
    items: list[CalendarItem] | None = None,
) -> tuple[bytes, int]:
    """The .ics file of the scope's moments from `today` on (all with `everything`), and how many
    events it holds (0: nothing to export, and the caller says so rather than send an empty file).
    `items` narrows it to those items (a reminder's "add to my calendar").
    """
    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    chosen = scope.items(calendar) if items is None else items
    moments = dated_moments(chosen, today, everything=everything)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = t("calendar_name", lang, who=who(scope.role, scope.software, lang))
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Paris")
    for dated in moments:
        cal.add_component(_event(kb, dated, lang, today, stamp))
    cal.add_missing_timezones()
    return cal.to_ical(), len(moments)
