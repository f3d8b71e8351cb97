"""What the engine hands to every adapter: the answer, its sources and links, its verdict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.core import render
from bot.core.conversation import Frame
from bot.core.render import Citation, Link
from rules.eligibility import Verdict


@dataclass(frozen=True)
class VerdictView:
    eligible: bool | None
    item: str
    opens: str | None
    closes: str | None
    reason: str

    @classmethod
    def of(cls, result: Verdict, lang: str) -> VerdictView:
        item = result.item
        return cls(
            eligible=result.eligible,
            item=item.id,
            opens=item.opens.iso() if item.opens else None,
            closes=item.closes.iso() if item.closes else None,
            reason=render.verdict_reason(result, lang),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "item": self.item,
            "opens": self.opens,
            "closes": self.closes,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Answer:
    text: str
    lang: str
    topic: str | None = None
    confidence: float = 0.0
    fallback: bool = False
    suggestions: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()
    links: tuple[Link, ...] = ()  # official channels, when the answer sends the user there
    dates: tuple[str, ...] = ()
    verdict: VerdictView | None = None
    role: str | None = None
    needs_role: bool = False
    best_guess: str | None = None  # for the support report, even when the bot fell back
    frame: Frame | None = None  # what a follow-up in the same conversation inherits

    @property
    def body(self) -> str:
        """The text without its sources and channels lines: for an adapter that shows `sources`
        and `links` itself (the web page), from the one rendering layer (render.body_of)."""
        return render.body_of(self.text, self.sources, self.links, self.lang)

    def to_json(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "confidence": round(self.confidence, 3),
            "fallback": self.fallback,
            "suggestions": list(self.suggestions),
            "answer": self.text,
            "body": self.body,
            "sources": [c.to_json() for c in self.sources],
            "links": [{"label": link.label, "url": link.url} for link in self.links],
            "dates": list(self.dates),
            "verdict": self.verdict.to_json() if self.verdict else None,
            "context": self.frame.to_json() if self.frame else None,
        }
