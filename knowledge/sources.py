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


PUBLIC_SOURCES = Path("source") / "public-sources.md"
_SECTION = re.compile(r"^## (\S+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class PublicSection:
    """One page of public-sources.md: its address and its verbatim excerpts."""

    url: str
    excerpts: tuple[str, ...]


def read_public_sources(shared_dir: Path) -> dict[str, PublicSection]:
    """The sections of shared/source/public-sources.md by id (OSError when it cannot be read)."""
    text = (shared_dir / PUBLIC_SOURCES).read_text(encoding="utf-8")
    sections: dict[str, PublicSection] = {}
    marks = list(_SECTION.finditer(text))
    for i, mark in enumerate(marks):
        body = text[mark.end() : marks[i + 1].start() if i + 1 < len(marks) else len(text)]
        url = next((ln[7:].strip() for ln in body.splitlines() if ln.startswith("- url: ")), "")
        excerpts = tuple(collapse(ln[2:]) for ln in body.splitlines() if ln.startswith("> "))
        sections[mark.group(1)] = PublicSection(url, excerpts)
    return sections


def check_quotes(kb: KnowledgeBase, shared_dir: Path) -> list[QuoteProblem]:
    """Every document is a page of public-sources.md with the same address, and every quote stands
    verbatim in one of that page's excerpts (or in its whole text, for the seed article)."""
    docs_file = "knowledge/documents.yaml"
    try:
        sections = read_public_sources(shared_dir)
    except OSError as exc:
        return [QuoteProblem(str(shared_dir / PUBLIC_SOURCES), "-", f"cannot read it: {exc}")]
    problems: list[QuoteProblem] = []
    texts: dict[str, tuple[str, ...]] = {}
    for doc in kb.documents.values():
        section = sections.get(doc.id)
        if section is None:
            problems.append(
                QuoteProblem(docs_file, doc.id, f"no section '## {doc.id}' in {PUBLIC_SOURCES}")
            )
            continue
        if section.url != doc.url:
            problems.append(
                QuoteProblem(docs_file, doc.id, f"url differs from {PUBLIC_SOURCES}: {section.url}")
            )
        texts[doc.id] = section.excerpts
        if doc.fulltext:
            try:
                whole = collapse((shared_dir / doc.fulltext).read_text(encoding="utf-8"))
            except OSError as exc:
                problems.append(QuoteProblem(docs_file, doc.id, f"cannot read its fulltext: {exc}"))
            else:
                texts[doc.id] = (*section.excerpts, whole)
    for topic in kb.topics.values():
        for source in topic.all_sources():
            if source.quote is None:
                continue
            quote = collapse(source.quote)
            if not any(quote in text for text in texts.get(source.document, ())):
                problems.append(
                    QuoteProblem(
                        topic.file,
                        topic.id,
                        f"quote not found verbatim in the excerpts of '{source.document}':"
                        f" {quote[:60]!r}... (copy it exactly from {PUBLIC_SOURCES},"
                        " apostrophes included)",
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
