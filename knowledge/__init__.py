"""The curated knowledge base: programme facts, each with a verbatim quote from its source.

Plain synchronous Python: never imports ``bot`` or ``telegram``.
"""

from knowledge.loader import KnowledgeBase, load_knowledge
from knowledge.validation import DataError

__all__ = ["DataError", "KnowledgeBase", "load_knowledge"]
