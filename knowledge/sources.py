"""Checks that every quote in the knowledge base stands verbatim in its source document.

The documents live in shared/, beside the repository: present on developer and CI machines,
absent from a user's clone, so this check runs from `segur-bot kb check` and the tests only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from knowledge.loader import KnowledgeBase

_WS = re.compile(r"\s+")
TYPOS = ("Séur", "David Clatz")  # the article's own typos, never to be repeated to users


@dataclass(frozen=True)
class QuoteProblem:
    file: str
    topic: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: topic '{self.topic}': {self.problem}"


def collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()


def find_shared_dir(explicit: Path | None = None, start: Path | None = None) -> Path | None:
    """The folder given (SEGUR_SHARED_DIR, read in bot/settings.py), else a shared/ folder beside
    the repository or the working directory; None when there is none."""
    if explicit is not None:
        return explicit if explicit.is_dir() else None
    here = (start or Path(__file__)).resolve()
    for parent in [Path.cwd(), *here.parents]:
        candidate = parent.parent / "shared"
        if (candidate / "source").is_dir():
            return candidate
    return None


def check_quotes(kb: KnowledgeBase, shared_dir: Path) -> list[QuoteProblem]:
    texts: dict[str, str] = {}
    for doc in kb.documents.values():
        path = shared_dir / doc.path
        try:
            texts[doc.id] = collapse(path.read_text(encoding="utf-8"))
        except OSError as exc:
            texts[doc.id] = ""
            return [QuoteProblem(str(path), "-", f"cannot read source document '{doc.id}': {exc}")]
    problems: list[QuoteProblem] = []
    for topic in kb.topics.values():
        for source in topic.sources:
            quote = collapse(source.quote)
            if quote not in texts[source.document]:
                problems.append(
                    QuoteProblem(
                        topic.file,
                        topic.id,
                        f"quote not found verbatim in '{source.document}': {quote[:60]!r}... "
                        "(copy it exactly from the document, apostrophes included)",
                    )
                )
            for typo in TYPOS:
                if typo in quote:
                    problems.append(
                        QuoteProblem(
                            topic.file,
                            topic.id,
                            f"quote repeats the source's typo {typo!r}: quote another passage",
                        )
                    )
    return problems
