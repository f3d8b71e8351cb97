"""The links between the knowledge base and the calendar (topics to items, items and undated steps
to documents, rule topics to topics), checked where both packages are known: neither imports the
other."""

from __future__ import annotations

from knowledge.loader import KnowledgeBase
from knowledge.validation import DataError
from rules.calendar import Calendar


def check_links(kb: KnowledgeBase, calendar: Calendar) -> None:
    """Links between the two packages (topics to calendar items, items to documents) are checked
    where both are known."""
    ids = calendar.ids()
    for topic in kb.topics.values():
        for item_id in topic.calendar:
            if item_id not in ids:
                raise DataError(
                    topic.file,
                    f"topic '{topic.id}'",
                    f"calendar item '{item_id}' does not exist in {calendar.file}",
                )
    for item in calendar.items:
        for doc_id in item.all_sources():
            if doc_id not in kb.documents:
                raise DataError(
                    calendar.file,
                    f"item '{item.id}'",
                    f"unknown source '{doc_id}' (add it to knowledge/documents.yaml, or fix the id)",
                )
    for n, doc_id in ((n, d) for n, u in enumerate(calendar.undated) for d in u.sources):
        if doc_id not in kb.documents:
            raise DataError(calendar.file, f"undated[{n}]", f"unknown source '{doc_id}'")
    for n, doc_id in ((n, d) for n, p in enumerate(calendar.prerequisites) for d in p.sources):
        if doc_id not in kb.documents:
            raise DataError(calendar.file, f"prerequisites[{n}]", f"unknown source '{doc_id}'")
    for programme, topic_id in calendar.rule_topics.items():
        if topic_id not in kb.topics:
            raise DataError(
                calendar.file,
                f"rule_topics.{programme}",
                f"knowledge topic '{topic_id}' does not exist",
            )
