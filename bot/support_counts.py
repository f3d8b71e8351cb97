"""The support loop's part of the report (`segur-bot report` and /stats): votes by channel with
what each 👎 said was missing, the suggestions users picked for a question (candidate variants:
"question → topic"), the commands used, the subscriptions and the questions relayed to a person.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from bot.commands import MESSAGES
from bot.store import Store

SHOWN = 10
SHOWN_TEXT = 120


@dataclass(frozen=True)
class SupportCounts:
    up: dict[str, int]  # channel -> 👍
    down: dict[str, int]  # channel -> 👎
    comments: tuple[tuple[str, str | None, str], ...]  # (question, topic, what was missing)
    picks: tuple[tuple[str, str, int], ...]  # (question, topic chosen, times)
    commands: tuple[tuple[str, int], ...]
    subscriptions: int
    relays: int


def build_support_counts(store: Store, since: dt.datetime | None = None) -> SupportCounts:
    votes = store.feedback(since)
    up = Counter(v.channel for v in votes if v.vote > 0)
    down = Counter(v.channel for v in votes if v.vote < 0)
    comments = tuple((v.question, v.topic, v.comment) for v in votes if v.vote < 0 and v.comment)[
        -SHOWN:
    ]
    picked = Counter((p.question.strip(), p.topic) for p in store.picks(since))
    picks = tuple((q, topic, n) for (q, topic), n in picked.most_common(SHOWN))
    return SupportCounts(
        up=dict(up),
        down=dict(down),
        comments=comments,
        picks=picks,
        commands=tuple(store.command_counts(since)),
        subscriptions=store.subscription_count(),
        relays=store.relay_count(since),
    )


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_TEXT else text[: SHOWN_TEXT - 1] + "…"


def _by_channel(counts: dict[str, int]) -> str:
    return ", ".join(f"{channel} {n}" for channel, n in sorted(counts.items())) or "0"


def render_support_counts(counts: SupportCounts, lang: str = "fr") -> list[str]:
    """Plain text lines, in the report's language."""

    def t(key: str, **values: object) -> str:
        return MESSAGES.t(key, lang, **values)

    lines = [
        t(
            "report_votes_by_channel",
            up=sum(counts.up.values()),
            up_by=_by_channel(counts.up),
            down=sum(counts.down.values()),
            down_by=_by_channel(counts.down),
        )
    ]
    if counts.comments:
        lines.append(t("report_comments"))
        for question, topic, comment in counts.comments:
            lines.append(
                t(
                    "report_comment",
                    question=_short(question) or "?",
                    topic=topic or "-",
                    comment=_short(comment or ""),
                )
            )
    if counts.picks:
        lines.append(t("report_picks"))
        lines += [
            t("report_pick", count=n, question=_short(q), topic=topic)
            for q, topic, n in counts.picks
        ]
    commands = ", ".join(f"/{name} {n}" for name, n in counts.commands) or "0"
    lines.append(t("report_commands", commands=commands))
    lines.append(t("report_subscriptions", count=counts.subscriptions, relays=counts.relays))
    return lines
