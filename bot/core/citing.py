"""What an answer cites and links: the public pages behind its facts, and a topic's channels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from bot.core.render import Citation, Link
from knowledge.loader import KnowledgeBase
from knowledge.model import Topic
from rules.calendar import CalendarItem


def citations(kb: KnowledgeBase, sources: Iterable[tuple[str, str | None]]) -> tuple[Citation, ...]:
    """(document id, quote) pairs as citations, one per page, quotes kept, order kept."""
    quotes: dict[str, list[str]] = {}
    for doc_id, quote in sources:
        quotes.setdefault(doc_id, [])
        if quote and quote not in quotes[doc_id]:
            quotes[doc_id].append(quote)
    out = []
    for doc_id, doc_quotes in quotes.items():
        doc = kb.documents[doc_id]
        each: list[str | None] = [*doc_quotes] or [None]
        for quote in each:
            out.append(Citation(doc.id, doc.title, doc.publisher, doc.url, doc.date, quote))
    return tuple(out)


def topic_citations(
    kb: KnowledgeBase, topic: Topic, today: dt.date, items: Iterable[CalendarItem] = ()
) -> tuple[Citation, ...]:
    """A topic's own sources, the facts it tells once they are known, then its items' pages."""
    later = [f.source for f in topic.known_later(today)]
    pairs = [(s.document, s.quote) for s in (*topic.sources, *later)]
    pairs += [(d, None) for item in items for d in item.all_sources()]
    return citations(kb, pairs)


def topic_links(kb: KnowledgeBase, topic: Topic, lang: str) -> tuple[Link, ...]:
    """The official channels a topic points to, as links."""
    if not topic.channels:
        return ()
    wanted = set(topic.channels)
    return tuple(Link(c.label.get(lang), c.url) for c in kb.channels if c.id in wanted)
