"""The support report: how many questions, how many the bot could not answer, and which ones.

Used by `segur-bot report [--since DATE]` and by the admin's /stats, so both say the same thing.
Near-identical unanswered questions are grouped, so that one missing topic asked ten ways shows
up as one line with a count, which is what a support person needs to decide what to add.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.clock import PARIS
from bot.store import Store
from knowledge.normalize import fold

# token_set_ratio >= 90 after folding: "c koi le budget ?" and "c'est koi le budget" group
# together; two different questions sharing a word or two do not.
GROUP_THRESHOLD = 90
TOP = 10
SHOWN_TEXT = 120


@dataclass(frozen=True)
class UnansweredGroup:
    text: str  # the most frequent wording of the group, as a user typed it
    count: int
    best_guess: str | None  # what the bot thought it might be, with its best score
    score: float


@dataclass(frozen=True)
class Report:
    since: dt.date | None
    questions: int
    fallbacks: int
    fallback_rate: float  # 0..1
    top_unanswered: tuple[UnansweredGroup, ...]
    top_topics: tuple[tuple[str, int], ...]
    # Replies Telegram never took, after the outbox's retries (bot.telegram_app.outbox), and
    # updates given up after several starts that did not finish them (bot.telegram_app.inbox).
    undelivered: int = 0
    given_up: int = 0


def _start_of(day: dt.date | None) -> dt.datetime | None:
    # "--since 2022-04-20" means from midnight in Paris, the programme's time zone.
    return dt.datetime.combine(day, dt.time(0), PARIS) if day else None


def build_report(store: Store, since: dt.date | None = None, *, top: int = TOP) -> Report:
    start = _start_of(since)
    questions, fallbacks = store.question_counts(start)
    return Report(
        since=since,
        questions=questions,
        fallbacks=fallbacks,
        fallback_rate=fallbacks / questions if questions else 0.0,
        top_unanswered=tuple(group_unanswered(store, start)[:top]),
        top_topics=tuple(store.topic_counts(start, limit=top)),
        undelivered=store.undelivered_count(start),
        given_up=store.inbox_failed_count(start),
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


LABELS = {
    "fr": {
        "title": "Rapport segur-bot",
        "since": "depuis le {day}",
        "all_time": "depuis le début",
        "questions": "Questions : {n}",
        "fallback": "Taux de repli : {rate} ({n} sans réponse sûre)",
        "none": "Aucune question enregistrée sur cette période.",
        "unanswered": "Questions sans réponse, les plus fréquentes :",
        "no_unanswered": "Questions sans réponse : aucune.",
        "guess": "meilleure piste : {topic}, score {score}",
        "no_guess": "aucune piste",
        "topics": "Sujets les plus demandés :",
        "undelivered": "Réponses non délivrées (Telegram injoignable) : {n}",
        "given_up": "Messages reçus abandonnés (le bot s'arrêtait en les traitant) : {n}",
    },
    "en": {
        "title": "segur-bot report",
        "since": "since {day}",
        "all_time": "all time",
        "questions": "Questions: {n}",
        "fallback": "Fallback rate: {rate} ({n} without a confident answer)",
        "none": "No question recorded in this period.",
        "unanswered": "Unanswered questions, most frequent first:",
        "no_unanswered": "Unanswered questions: none.",
        "guess": "best guess: {topic}, score {score}",
        "no_guess": "no guess",
        "topics": "Top topics:",
        "undelivered": "Replies not delivered (Telegram unreachable): {n}",
        "given_up": "Messages given up (the bot stopped while handling them): {n}",
    },
}


def render_report(report: Report, lang: str = "fr") -> str:
    """Plain text (the Telegram adapter escapes it)."""
    words = LABELS["en" if lang == "en" else "fr"]
    period = (
        words["since"].format(day=report.since.isoformat()) if report.since else words["all_time"]
    )
    lines = [f"{words['title']} ({period})"]
    lines += [
        words[key].format(n=n)
        for key, n in (("undelivered", report.undelivered), ("given_up", report.given_up))
        if n
    ]
    if not report.questions:
        lines.append(words["none"])
        return "\n".join(lines)
    rate = f"{report.fallback_rate:.0%}" if lang == "en" else f"{report.fallback_rate * 100:.0f} %"
    lines.append(words["questions"].format(n=report.questions))
    lines.append(words["fallback"].format(rate=rate, n=report.fallbacks))
    if report.top_unanswered:
        lines.append(words["unanswered"])
        for group in report.top_unanswered:
            text = (
                group.text if len(group.text) <= SHOWN_TEXT else group.text[: SHOWN_TEXT - 1] + "…"
            )
            guess = (
                words["guess"].format(topic=group.best_guess, score=round(group.score * 100))
                if group.best_guess
                else words["no_guess"]
            )
            lines.append(f"  {group.count} × « {text} » ({guess})")
    else:
        lines.append(words["no_unanswered"])
    if report.top_topics:
        lines.append(words["topics"])
        lines.extend(f"  {n} × {topic}" for topic, n in report.top_topics)
    return "\n".join(lines)


def print_report(store: Store, since: dt.date | None = None) -> None:
    print(render_report(build_report(store, since)))
