"""The engine's records rendered as sentences, in French and English.

The sentences are in bot/core/messages.yaml, so the Telegram and console adapters say exactly
the same thing.
Output is plain text; the Telegram adapter escapes it for HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.messages import load_messages
from knowledge.model import Topic
from knowledge.validation import Moment
from rules.calendar import CalendarItem
from rules.eligibility import Verdict
from rules.upcoming import Outlook, item_status

MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# Every sentence of the core, in bot/core/messages.yaml; read once, at import.
MESSAGES = load_messages("bot.core")


def t(key: str, lang: str, **values: str) -> str:
    return MESSAGES.t(key, lang, **values)


@dataclass(frozen=True)
class Citation:
    """A public page an answer relies on, with the verbatim excerpt it quotes (if any)."""

    document: str
    title: str
    publisher: str
    url: str
    date: str | None = None
    quote: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {
            "id": self.document,
            "title": self.title,
            "publisher": self.publisher,
            "date": self.date,
            "url": self.url,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class Link:
    """An official channel: a label and an address (Telegram shows it as a URL button)."""

    label: str
    url: str


def day_text(day: dt.date, lang: str, *, weekday: bool = False) -> str:
    if lang == "en":
        text = f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
        return f"{WEEKDAYS_EN[day.weekday()]} {text}" if weekday else text
    first = "1er" if day.day == 1 else str(day.day)
    text = f"{first} {MONTHS_FR[day.month - 1]} {day.year}"
    return f"{WEEKDAYS_FR[day.weekday()]} {text}" if weekday else text


def time_text(time: dt.time, lang: str) -> str:
    return f"{time:%H:%M}" if lang == "en" else f"{time.hour}h{time.minute:02d}"


def moment_text(moment: Moment | None, lang: str, *, weekday: bool = True) -> str:
    """'mercredi 15 juin 2022 à 14h00 (heure de Paris)'; a "before" moment says 'avant 12h00'."""
    if moment is None:
        return "?"
    text = day_text(moment.day, lang, weekday=weekday)
    if moment.time is not None:
        if moment.exclusive:
            text += (", before " if lang == "en" else ", avant ") + time_text(moment.time, lang)
        else:
            text += (" at " if lang == "en" else " à ") + time_text(moment.time, lang)
        text += f" ({t('paris', lang)})"
    return text


def limit_text(moment: Moment, lang: str) -> str:
    """When a filing on the closing day must be made: 'avant 12h00' or 'au plus tard à 14h00'."""
    assert moment.time is not None
    at = time_text(moment.time, lang)
    return t("limit_before" if moment.exclusive else "limit_by", lang, at=at)


def relative_text(days: int, lang: str) -> str:
    if days == 0:
        return t("rel_today", lang)
    if days == 1:
        return t("rel_tomorrow", lang)
    return t("rel_in", lang, n=str(days))


def status_text(item: CalendarItem, today: dt.date, lang: str) -> str:
    """The item's date with its status as of `today`: closed since, open until, opens on."""
    status = item_status(item, today)
    code = status.code
    if code == "opens" and item.closes is not None:
        code = "opens_until"
    if code == "open" and item.closes is not None and item.closes.time is None:
        code = "open_day"
    if code == "closed" and item.opens is not None:
        code = "closed_span"  # "when did it open?", "list the windows": both ends are asked
    text = t(
        f"status_{code}",
        lang,
        when=moment_text(status.moment, lang),
        rel=relative_text(max(status.days, 0), lang),
        closes=moment_text(item.closes, lang),
        opens=moment_text(item.opens, lang),
    )
    if code in ("open", "open_day") and item.opens is not None and item.opens.day == today:
        # "F2 ouverte aujourd'hui ?" on its first day: that it opened today is the news.
        text = t("opened_today", lang, opens=moment_text(item.opens, lang), status=text)
    elif code in ("open", "open_day") and item.opens is not None:
        text = t("open_since", lang, opens=moment_text(item.opens, lang), status=text)
    return text


def span_text(item: CalendarItem, lang: str) -> str:
    if item.opens and item.closes:
        return t(
            "span_from_to",
            lang,
            opens=moment_text(item.opens, lang),
            closes=moment_text(item.closes, lang),
        )
    if item.closes and item.disputed:
        # Sources that disagree: both dates, never one of them as the close.
        first, later = moment_text(item.disputed, lang), moment_text(item.closes, lang)
        return t("span_disputed", lang, first=first, later=later)
    if item.closes:
        return t("span_closes", lang, closes=moment_text(item.closes, lang))
    return t("span_opens", lang, opens=moment_text(item.opens, lang))


def _item_values(item: CalendarItem, lang: str) -> dict[str, str]:
    return {
        "label": item.label.get(lang),
        "opens": moment_text(item.opens, lang),
        "closes": moment_text(item.closes, lang),
        "latest": moment_text(item.latest, lang),
        "span": span_text(item, lang),
    }


def revision_texts(item: CalendarItem, lang: str) -> list[str]:
    """What each revision replaced, oldest first: the earlier date when a source gives it."""
    out = []
    for r in item.revisions:
        if r.previous is not None:
            out.append(
                t(
                    "revision",
                    lang,
                    previous=moment_text(r.previous, lang),
                    change=r.change.get(lang),
                )
            )
        else:
            out.append(t("revision_unknown", lang, change=r.change.get(lang)))
    return out


def status_line(item: CalendarItem, lang: str, today: dt.date) -> str:
    """'• label : status as of today'."""
    sep = ": " if lang == "en" else " : "
    return f"• {item.label.get(lang)}{sep}{status_text(item, today, lang)}"


def item_line(item: CalendarItem, lang: str, today: dt.date) -> str:
    """'• label : status as of today (note; what the date replaced)'."""
    line = status_line(item, lang, today)
    extras = [item.note.get(lang)] if item.note else []
    extras += revision_texts(item, lang)
    if extras:
        line += " — " + " ; ".join(extras) if lang == "fr" else " — " + "; ".join(extras)
    return line


def verdict_reason(verdict: Verdict, lang: str) -> str:
    """The sentence after 'Oui'/'Non': what the rule says for this filing and item."""
    day = day_text(verdict.filing.day, lang, weekday=True)
    unknown = verdict.reason in ("closing_day_time_unknown", "opening_day_time_unknown")
    if verdict.filing.period is not None:
        if not unknown:  # "it depends on the time" names the day, not the period's last minute
            day += " " + t(f"period_{verdict.filing.period}", lang)
    elif verdict.filing.time is not None:
        day = t("filing_at", lang, day=day, time=time_text(verdict.filing.time, lang))
    filing = t("filing_on", lang, day=day)
    if (last := verdict.filing.through) is not None:
        if verdict.filing.day.day == 1:
            month = (MONTHS_EN if lang == "en" else MONTHS_FR)[last.month - 1]
            filing = t("filing_in_month", lang, month=f"{month} {last.year}")
        else:
            filing = t("filing_until", lang, last=day_text(last, lang, weekday=True))
    item = verdict.item
    values = _item_values(item, lang)
    at = ""
    if verdict.reason == "closing_day_time_unknown":
        # The moment that closes on the filing's day: the date in force, or an earlier one of an
        # unconfirmed item.
        on_day = [m for _, m in item.moments() if m.day == verdict.filing.day and m.time]
        if on_day:
            at = limit_text(on_day[0], lang)
    if verdict.reason == "closing_minute" and verdict.filing.time is not None:
        at = time_text(verdict.filing.time, lang)
    if verdict.reason == "opening_day_time_unknown" and item.opens and item.opens.time:
        at = time_text(item.opens.time, lang)
    note = item.note.get(lang) if item.note else ""
    reason = verdict.reason
    if item.disputed is not None and reason in ("open", "closed_at_latest"):
        reason = f"disputed_{reason}"  # not a filing: a step whose date the sources dispute
    if reason == "later_undated" and not item.confirmed:
        values["closes"] = values["latest"]  # never the reported date nobody confirms
    if reason == "depends_on_day" and item.confirmed:
        # The one boundary inside the span, when there is one: "jusqu'au 17 décembre à 12h00".
        first, last = verdict.filing.day, verdict.filing.through or verdict.filing.day
        inside = [
            k
            for k, m in (("open", item.opens), ("close", item.closes))
            if m and first <= m.day <= last
        ]
        if len(inside) == 1:
            reason = f"depends_on_day_{inside[0]}"
    if reason == "between_windows" and verdict.previous is not None:
        values["before"] = verdict.previous.label.get(lang)
        values["before_span"] = span_text(verdict.previous, lang)
    if reason == "not_yet_open" and item.closes is not None:
        reason = "not_yet_open_until"  # "F3 ouverte ?" before it opens: both its dates
    return t(reason, lang, filing=filing, day=day, time=at, note=note, **values)


_UNSURE_HEADS = {
    "opened_no_close_known": "unsure_no_close",
    "unconfirmed": "unsure_unconfirmed",
    "depends_on_day": "unsure_day",
    "later_undated": "unsure_later",
    "closing_minute": "unsure_minute",
    "claim_closes_undated": "unsure_later",
    "claim_closes_disputed": "unsure_later",
    "moved_by": "unsure_later",
    "claim_opens_undated": "unsure_later",
}


def verdict_line(verdict: Verdict, lang: str, software: frozenset[str] = frozenset()) -> str:
    """'Oui : …' / 'Non : …', after the software it is for when several are asked about."""
    head = {True: t("yes", lang), False: t("no", lang), None: t("unsure", lang)}[verdict.eligible]
    if verdict.eligible is None and verdict.reason in _UNSURE_HEADS:
        # No yes or no, and not because of the hour: the head says why.
        head = t(_UNSURE_HEADS[verdict.reason], lang)
    if software:
        head = t("verdict_for", lang, software=", ".join(sorted(software)), head=head)
    sep = " : " if lang == "fr" else ": "
    return f"{head}{sep}{verdict_reason(verdict, lang)}"


def render_verdict(
    verdict: Verdict, lang: str, extra: str | None = None, software: frozenset[str] = frozenset()
) -> str:
    lines = [verdict_line(verdict, lang, software)]
    if verdict.next_item is not None and verdict.reason not in (
        "between_windows",
        "before_first_window",
        "window_ahead",
    ):
        lines.append(t("pointed_next", lang, **_item_values(verdict.next_item, lang)))
    lines.extend(revision_texts(verdict.item, lang))
    if extra:
        lines.append(extra)
    return "\n".join(lines)


def render_outlook(
    outlook: Outlook,
    lang: str,
    *,
    next_only: bool = False,
    all_software: frozenset[str] = frozenset(),
) -> str:
    """What is open and what comes next as of the outlook's day; `all_software` is what the asker
    may use, so that dates for only some of it say that the rest has none."""
    today = outlook.today
    if outlook.nothing_ahead:
        last = ""
        if outlook.last_closed is not None:
            last = t(
                "last_closed",
                lang,
                label=outlook.last_closed.label.get(lang),
                closes=moment_text(outlook.last_closed.closes, lang),
            )
        return t("nothing_ahead", lang, last=last)
    lines = []
    if outlook.current:
        lines.append(t("current", lang))
        lines.extend(item_line(i, lang, today) for i in outlook.current)
    if outlook.upcoming:
        upcoming = outlook.upcoming[:1] if next_only else outlook.upcoming
        key = "upcoming"
        if next_only:
            key = "next_window" if upcoming[0].kind == "window" else "next"
        lines.append(t(key, lang))
        lines.extend(item_line(i, lang, today) for i in upcoming)
    ahead = [*outlook.current, *outlook.upcoming]
    covered = frozenset().union(*(i.software for i in ahead))
    if all(i.software for i in ahead) and all_software and not all_software <= covered:
        lines.append(t("others_unknown", lang, software=", ".join(sorted(covered))))
    return "\n".join(lines)


def citation_lines(citations: Sequence[Citation], lang: str) -> list[str]:
    """The sources block: one line per public page (publisher, title, date, link), then its
    quotes, French and verbatim (an English answer says so). Past three pages (a whole calendar)
    a page is its publisher and link only, so the answer stays one message."""
    pages: dict[str, list[Citation]] = {}
    for c in citations:
        pages.setdefault(c.document, []).append(c)
    if not pages:
        return []
    head = t("source" if len(pages) == 1 else "sources", lang) + (":" if lang == "en" else " :")
    lines = [head]
    compact = len(pages) > 3
    for cites in pages.values():
        c = cites[0]
        title = c.title if c.title.startswith("«") else f"« {c.title} »"
        when = f", {c.date}" if c.date else ""
        if compact:
            lines.append(f"• {c.publisher}{when} — {c.url}")
        else:
            lines.append(f"• {c.publisher}, {title}{when} — {c.url}")
        lines.extend(f"  « {q.quote.strip()} »{t('in_french', lang)}" for q in cites if q.quote)
    return lines


def channel_lines(links: Sequence[Link], lang: str) -> list[str]:
    if not links:
        return []
    return [t("channels_head", lang), *(f"• {link.label} — {link.url}" for link in links)]


def tail_lines(citations: Sequence[Citation], links: Sequence[Link], lang: str) -> list[str]:
    """What follows an answer's body in its text: the sources block, then the channels block."""
    return [*citation_lines(citations, lang), *channel_lines(links, lang)]


def compose(body: str, citations: Sequence[Citation], links: Sequence[Link], lang: str) -> str:
    """An answer's whole text, as Telegram and the console print it: the body, then the lines
    of tail_lines (empty ones dropped)."""
    return "\n".join(line for line in (body, *tail_lines(citations, links, lang)) if line)


def body_of(text: str, citations: Sequence[Citation], links: Sequence[Link], lang: str) -> str:
    """The body compose() put before the sources and channels: what the web page shows, as it
    draws the same citations and links as links. A text that does not end with exactly that
    block (an answer clipped at MAX_REPLY) is its own body, so nothing is lost."""
    tail = "\n".join(line for line in tail_lines(citations, links, lang) if line)
    if tail and text.endswith("\n" + tail):
        return text[: -len(tail) - 1]
    return "" if tail and text == tail else text


def render_fallback(suggestions: Sequence[Topic], lang: str) -> str:
    lines = [t("fallback", lang)]
    if suggestions:
        lines.append(t("did_you_mean", lang))
        lines.extend(f"• {s.title.get(lang)}" for s in suggestions)
    lines.append(t("scope", lang))
    return "\n".join(lines)
