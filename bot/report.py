"""The support report: how many questions, how many the bot could not answer, and which ones;
and what the web chat's users thought of the answers (👍/👎).

Used by `segur-bot report [--since WHEN] [--json | --csv]` and by the admin's /stats, so both say
the same thing. Near-identical unanswered questions are grouped, so that one missing topic asked
ten ways shows up as one line with a count, which is what a support person needs to decide what
to add. A vote names its session only by the salted hash the store keeps, cut short.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from bot.clock import PARIS
from bot.commands import MESSAGES
from bot.store import Store
from bot.store.records import FeedbackRow
from bot.support_counts import SupportCounts, build_support_counts, render_support_counts
from knowledge.normalize import fold

# token_set_ratio >= 90 after folding: "c koi le budget ?" and "c'est koi le budget" group
# together; two different questions sharing a word or two do not.
GROUP_THRESHOLD = 90
TOP = 10  # lines per section in the text report (/stats must stay one message)
EVERYTHING = 1_000_000  # --json and --csv list every row
SHOWN_TEXT = 120
SESSION_SHOWN = 12  # hex digits of the session's salted hash: enough to tell sessions apart

# --since: a date, a day word, or a span back from now ("7j", "7d", "24h").
DAY_WORDS = {"hier": 1, "yesterday": 1, "aujourd'hui": 0, "aujourdhui": 0, "today": 0}
SPAN = re.compile(r"^(\d{1,5})\s*(j|d|h)$")
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2999, 12, 31)

CSV_COLUMNS = (
    "section", "topic", "text", "count", "up", "down", "score", "lang", "session", "at",
)  # fmt: skip


@dataclass(frozen=True)
class UnansweredGroup:
    text: str  # the most frequent wording of the group, as a user typed it
    count: int
    best_guess: str | None  # what the bot thought it might be, with its best score
    score: float


@dataclass(frozen=True)
class TopicVotes:
    topic: str | None  # None: a vote on an answer with no topic (a fallback)
    up: int
    down: int


@dataclass(frozen=True)
class DownVote:
    at: dt.datetime  # Paris time
    session: str  # the start of the session's salted hash, never the session id
    topic: str | None
    lang: str
    question: str


@dataclass(frozen=True)
class Feedback:
    up: int = 0
    down: int = 0
    by_topic: tuple[TopicVotes, ...] = ()  # the most 👎 first
    down_votes: tuple[DownVote, ...] = ()  # the latest first
    more_down: int = 0  # 👎 beyond those listed


@dataclass(frozen=True)
class Report:
    since: dt.datetime | None
    questions: int
    fallbacks: int
    fallback_rate: float  # 0..1
    top_unanswered: tuple[UnansweredGroup, ...]
    top_topics: tuple[tuple[str, int], ...]
    feedback: Feedback = field(default_factory=Feedback)
    # Votes and their comments, suggestion picks, commands, subscriptions, relays.
    support: SupportCounts | None = None
    # Replies Telegram never took, after the outbox's retries (bot.telegram_app.outbox), and
    # updates given up after several starts that did not finish them (bot.telegram_app.inbox).
    undelivered: int = 0
    given_up: int = 0


def start_of(day: dt.date) -> dt.datetime:
    # "--since 2022-04-20" means from midnight in Paris, the programme's time zone.
    return dt.datetime.combine(day, dt.time(0), PARIS)


def parse_since(value: str, now: dt.datetime) -> dt.datetime:
    """'2022-04-20', 'hier'/'yesterday', "aujourd'hui"/'today' (from that day's midnight in
    Paris), or '7j'/'7d'/'24h' (that long before `now`); ValueError on anything else."""
    raw = value.strip().lower().replace("’", "'")
    today = now.astimezone(PARIS).date()
    if raw in DAY_WORDS:
        return start_of(today - dt.timedelta(days=DAY_WORDS[raw]))
    span = SPAN.match(raw)
    if span:
        amount, unit = int(span.group(1)), span.group(2)
        return now - (dt.timedelta(hours=amount) if unit == "h" else dt.timedelta(days=amount))
    day = dt.date.fromisoformat(raw)  # ValueError when it is not a date either
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(value)
    return start_of(day)


def build_report(
    store: Store, since: dt.datetime | dt.date | None = None, *, top: int = TOP
) -> Report:
    start = since if isinstance(since, dt.datetime) or since is None else start_of(since)
    questions, fallbacks = store.question_counts(start)
    return Report(
        since=start,
        questions=questions,
        fallbacks=fallbacks,
        fallback_rate=fallbacks / questions if questions else 0.0,
        top_unanswered=tuple(group_unanswered(store, start)[:top]),
        top_topics=tuple(store.topic_counts(start, limit=top)),
        feedback=summarise_feedback(store.feedback(start), top),
        support=build_support_counts(store, start),
        undelivered=store.undelivered_count(start),
        given_up=store.inbox_failed_count(start),
    )


def summarise_feedback(rows: list[FeedbackRow], top: int = TOP) -> Feedback:
    """The votes counted, per topic, and the 👎 questions (the latest first)."""
    votes: dict[str | None, Counter[int]] = {}
    for row in rows:
        votes.setdefault(row.topic, Counter())[row.vote] += 1
    by_topic = sorted(
        (TopicVotes(topic, c[1], c[-1]) for topic, c in votes.items()),
        key=lambda v: (-v.down, -(v.up + v.down), v.topic or ""),
    )
    downs = [
        DownVote(
            dt.datetime.fromisoformat(r.at).astimezone(PARIS),
            r.session_hash[:SESSION_SHOWN],
            r.topic,
            r.lang,
            r.question,
        )
        for r in reversed(rows)
        if r.vote < 0
    ]
    return Feedback(
        up=sum(1 for r in rows if r.vote > 0),
        down=len(downs),
        by_topic=tuple(by_topic[:top]),
        down_votes=tuple(downs[:top]),
        more_down=max(0, len(downs) - top),
    )


def group_unanswered(store: Store, since: dt.datetime | None = None) -> list[UnansweredGroup]:
    """Unanswered questions, near-identical ones grouped, the most asked first."""
    rows = store.unanswered(since)
    by_folded: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        by_folded.setdefault(fold(row.text), []).append(index)
    # Cluster distinct foldings, most frequent first, so the common wording names the group.
    keys = sorted(by_folded, key=lambda k: (-len(by_folded[k]), k))
    leaders: list[str] = []
    members: dict[str, list[int]] = {}
    for key in keys:
        match = (
            process.extractOne(
                key, leaders, scorer=fuzz.token_set_ratio, score_cutoff=GROUP_THRESHOLD
            )
            if key and leaders
            else None
        )
        if match:
            leader = match[0]
        else:
            leader = key
            if key:  # questions with no words (only emoji) group together, never with others
                leaders.append(key)
        members.setdefault(leader, []).extend(by_folded[key])
    groups = []
    for indexes in members.values():
        texts = Counter(rows[i].text.strip() for i in indexes)
        best = max((rows[i] for i in indexes), key=lambda r: r.score)
        groups.append(
            UnansweredGroup(texts.most_common(1)[0][0], len(indexes), best.best_guess, best.score)
        )
    return sorted(groups, key=lambda g: (-g.count, g.text))


# --- the text report -------------------------------------------------------------------------------


def _t(key: str, lang: str, **values: object) -> str:
    return MESSAGES.t(f"report_{key}", lang, **values)


def _shown(text: str) -> str:
    """A user's text on one line, without the control characters a terminal would obey."""
    flat = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    return flat if len(flat) <= SHOWN_TEXT else flat[: SHOWN_TEXT - 1] + "…"


def _moment(moment: dt.datetime) -> str:
    """'2022-04-20' for a Paris midnight, else '2022-04-20 14:05' (Paris time)."""
    local = moment.astimezone(PARIS)
    return local.date().isoformat() if local.time() == dt.time(0) else f"{local:%Y-%m-%d %H:%M}"


def render_report(report: Report, lang: str = "fr") -> str:
    """Plain text (the Telegram adapter escapes it)."""
    lang = "en" if lang == "en" else "fr"
    period = _t("since", lang, day=_moment(report.since)) if report.since else _t("all_time", lang)
    lines = [f"{_t('title', lang)} ({period})"]
    lines += [
        _t(key, lang, n=n)
        for key, n in (("undelivered", report.undelivered), ("given_up", report.given_up))
        if n
    ]
    if not report.questions:
        lines.append(_t("none", lang))
    else:
        rate = (
            f"{report.fallback_rate:.0%}" if lang == "en" else f"{report.fallback_rate * 100:.0f} %"
        )
        lines.append(_t("questions", lang, n=report.questions))
        lines.append(_t("fallback", lang, rate=rate, n=report.fallbacks))
        lines.extend(_unanswered_lines(report, lang))
        if report.top_topics:
            lines.append(_t("topics", lang))
            lines.extend(f"  {n} × {topic}" for topic, n in report.top_topics)
    feedback = report.feedback
    if feedback.up or feedback.down:
        lines.extend(_feedback_lines(feedback, lang))
    elif report.questions:
        lines.append(_t("no_votes", lang))
    if report.support is not None:
        lines += render_support_counts(report.support, lang)
    return "\n".join(lines)


def _unanswered_lines(report: Report, lang: str) -> list[str]:
    if not report.top_unanswered:
        return [_t("no_unanswered", lang)]
    lines = [_t("unanswered", lang)]
    for group in report.top_unanswered:
        guess = (
            _t("guess", lang, topic=group.best_guess, score=round(group.score * 100))
            if group.best_guess
            else _t("no_guess", lang)
        )
        lines.append(f"  {group.count} × « {_shown(group.text)} » ({guess})")
    return lines


def _feedback_lines(feedback: Feedback, lang: str) -> list[str]:
    lines = [_t("votes", lang, up=feedback.up, down=feedback.down), _t("votes_by_topic", lang)]
    for votes in feedback.by_topic:
        topic = votes.topic or _t("no_topic", lang)
        lines.append("  " + _t("topic_votes", lang, topic=topic, up=votes.up, down=votes.down))
    if feedback.down_votes:
        lines.append(_t("down", lang))
        for vote in feedback.down_votes:
            line = _t(
                "down_line",
                lang,
                question=_shown(vote.question),
                topic=vote.topic or _t("no_topic", lang),
                session=vote.session,
                at=_moment(vote.at),
            )
            lines.append("  " + line)
        if feedback.more_down:
            lines.append("  " + _t("more", lang, n=feedback.more_down))
    return lines


# --- JSON and CSV (segur-bot report --json | --csv) ------------------------------------------------


def report_json(report: Report) -> dict[str, Any]:
    """The report as one JSON object; times in ISO 8601 with Paris's offset."""
    feedback = report.feedback
    return {
        "since": report.since.isoformat() if report.since else None,
        "questions": report.questions,
        "fallbacks": report.fallbacks,
        "fallback_rate": round(report.fallback_rate, 4),
        "unanswered": [
            {"text": g.text, "count": g.count, "best_guess": g.best_guess, "score": g.score}
            for g in report.top_unanswered
        ],
        "topics": [{"topic": topic, "count": n} for topic, n in report.top_topics],
        "feedback": {
            "up": feedback.up,
            "down": feedback.down,
            "topics": [{"topic": v.topic, "up": v.up, "down": v.down} for v in feedback.by_topic],
            "down_questions": [
                {
                    "at": v.at.isoformat(),
                    "session": v.session,
                    "topic": v.topic,
                    "lang": v.lang,
                    "question": v.question,
                }
                for v in feedback.down_votes
            ],
        },
        "support": _support_json(report.support),
    }


def _support_json(counts: SupportCounts | None) -> dict[str, Any] | None:
    """The Telegram support loop's figures: votes per channel, 👎 comments, picks, commands."""
    if counts is None:
        return None
    return {
        "up_by_channel": counts.up,
        "down_by_channel": counts.down,
        "comments": [
            {"question": q, "topic": topic, "comment": comment}
            for q, topic, comment in counts.comments
        ],
        "picks": [{"question": q, "topic": topic, "count": n} for q, topic, n in counts.picks],
        "commands": [{"command": name, "count": n} for name, n in counts.commands],
        "subscriptions": counts.subscriptions,
        "relays": counts.relays,
    }


def _cell(text: str) -> str:
    """A user's text as a spreadsheet cell: on one line, and never read as a formula."""
    flat = "".join(ch if ch.isprintable() else " " for ch in text)
    return "'" + flat if flat[:1] in ("=", "+", "-", "@") else flat


def report_csv(report: Report) -> str:
    """One table for a spreadsheet, a row per figure, group, topic or vote; `section` says which
    (summary, unanswered, topic, votes, down), and the other columns are filled as they apply."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    summary = {
        "questions": report.questions,
        "fallbacks": report.fallbacks,
        "fallback_rate": round(report.fallback_rate, 4),
        "up": report.feedback.up,
        "down": report.feedback.down,
    }
    for name, value in summary.items():
        writer.writerow({"section": "summary", "text": name, "count": value})
    for g in report.top_unanswered:
        writer.writerow(
            {
                "section": "unanswered",
                "topic": g.best_guess or "",
                "text": _cell(g.text),
                "count": g.count,
                "score": g.score,
            }
        )
    for topic, n in report.top_topics:
        writer.writerow({"section": "topic", "topic": topic, "count": n})
    for v in report.feedback.by_topic:
        writer.writerow({"section": "votes", "topic": v.topic or "", "up": v.up, "down": v.down})
    for d in report.feedback.down_votes:
        writer.writerow(
            {
                "section": "down",
                "topic": d.topic or "",
                "text": _cell(d.question),
                "lang": d.lang,
                "session": d.session,
                "at": d.at.isoformat(),
            }
        )
    return out.getvalue()
