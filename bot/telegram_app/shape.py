"""Phone-shaped answers: the core's plain text as Telegram HTML that fits one screen.

The core (bot.core.render) writes an answer as its body, then a "Sources :" block (one line per
public page, "publisher, « title », date — address", its verbatim quotes under it), then the
official channels. On a phone that is a wall of addresses, so here:
- the fact or the verdict comes first, in bold (a verdict with ✅, ❌ or ⚠️);
- the sources become one link per page, folded in an expandable blockquote;
- the channels leave the text: the caller shows them as URL buttons.
The dates are the core's ("mercredi 15 juin 2022 à 14h00 (heure de Paris)"), left as written.
Everything the user can read is escaped; the only tags are the ones written here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core import render
from bot.core.messages import LANGUAGES
from bot.core.render import Link
from bot.telegram_app.texts import MAX_MESSAGE, html_chunks, t

# A verdict's mark in front of its bold first line: in time, too late, it depends on the hour.
VERDICT_MARKS = {True: "✅", False: "❌", None: "⚠️"}
# A headline longer than this is not a headline: the answer is shown without bold.
MAX_HEADLINE = 400
# A quote is a sentence or two of a public page; a longer one is clipped so a line always fits.
MAX_QUOTE = 600
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[«\"'(A-ZÀ-Ý0-9])")
_BULLET = "• "
# A verdict's head is its first words up to the colon ("Oui :", "Cela dépend de l'heure :"):
# bold on one short line, the reason after it in plain text.
_VERDICT_HEAD = re.compile(r"^[^:\n]{1,60}?\s?:(?:\s|$)")


@dataclass(frozen=True)
class Page:
    """One public page the answer cites: the core's label (publisher, title, date), its address
    and its verbatim quotes."""

    label: str
    url: str
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Parts:
    """An answer's plain text cut into what Telegram shows differently."""

    body: tuple[str, ...]
    pages: tuple[Page, ...] = ()
    channels: tuple[Link, ...] = ()


def _heads(key: str) -> set[str]:
    """A block's head line as the core writes it, in either language ("Sources :", "Sources:")."""
    return {render.t(key, lang) + (":" if lang == "en" else " :") for lang in LANGUAGES}


SOURCE_HEADS = _heads("source") | _heads("sources")
CHANNEL_HEADS = {render.t("channels_head", lang) for lang in LANGUAGES}


def _entry(line: str) -> tuple[str, str] | None:
    """'• label — https://…' as (label, address); None for any other line."""
    if not line.startswith(_BULLET) or " — " not in line:
        return None
    label, url = line[len(_BULLET) :].rsplit(" — ", 1)
    return (label.strip(), url.strip()) if url.startswith(("https://", "http://")) else None


def split_answer(text: str) -> Parts:
    """The body, the cited pages and the channels of a core answer's text."""
    body: list[str] = []
    pages: list[Page] = []
    channels: list[Link] = []
    block = "body"
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped in SOURCE_HEADS:
            block = "sources"
            continue
        if stripped in CHANNEL_HEADS:
            block = "channels"
            continue
        entry = _entry(line)
        if block == "sources" and entry is not None:
            pages.append(Page(*entry))
        elif block == "sources" and pages and line.startswith("  "):
            last = pages[-1]
            pages[-1] = Page(last.label, last.url, (*last.quotes, stripped))
        elif block == "channels" and entry is not None:
            channels.append(Link(*entry))
        else:
            # Whatever the blocks do not explain stays visible, as the core wrote it.
            body.append(line)
    return Parts(tuple(body), tuple(pages), tuple(channels))


def _headline(body: Sequence[str]) -> tuple[str, list[str]]:
    """The first sentence (or a heading and its first line), and the lines after it."""
    if not body:
        return "", []
    first, rest = body[0], list(body[1:])
    if first.startswith(_BULLET):
        return "", list(body)  # a list of dates: no line of it is the answer more than another
    if first.rstrip().endswith(":") and rest:
        # "Prochaine fenêtre :" says what follows; the fact is the line under it.
        return f"{first}\n{rest[0]}", rest[1:]
    cut = _SENTENCE_END.search(first)
    if cut is None:
        return first, rest
    return first[: cut.start()], [first[cut.end() :], *rest]


def _clip(text: str, size: int = MAX_QUOTE) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _source_lines(pages: Sequence[Page], lang: str) -> list[str]:
    """The folded block's lines: a head, then one link per page, each quote in italics."""
    lines = [_escape(t("sources_head", lang, count=len(pages)))]
    for page in pages:
        href = html.escape(page.url, quote=True)
        lines.append(f'<a href="{href}">{_escape(page.label)}</a>')
        lines.extend(f"<i>{_escape(_clip(quote))}</i>" for quote in page.quotes)
    return lines


OPEN_QUOTE, CLOSE_QUOTE = "<blockquote expandable>", "</blockquote>"


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _pack_sources(lines: Sequence[str], room: int, limit: int) -> list[str]:
    """The source lines as folded blockquotes: the first filling `room`, the others `limit`."""
    wrap = _units(OPEN_QUOTE + CLOSE_QUOTE)
    blocks: list[list[str]] = [[]]
    size, budget = 0, room
    for line in lines:
        extra = _units(line) + (1 if blocks[-1] else 0)
        if blocks[-1] and size + extra + wrap > budget:
            blocks.append([])
            size, budget, extra = 0, limit, _units(line)
        blocks[-1].append(line)
        size += extra
    return [OPEN_QUOTE + "\n".join(block) + CLOSE_QUOTE for block in blocks if block]


def to_html(parts: Parts, lang: str, *, mark: str = "", limit: int = MAX_MESSAGE) -> list[str]:
    """The answer as Telegram HTML messages, each within `limit`: the fact or verdict first in
    bold, the sources folded."""
    # Only a sourced answer or a verdict states a fact to put first; a fallback does not.
    headline, rest = _headline(parts.body) if parts.pages or mark else ("", [])
    if mark and (short := _VERDICT_HEAD.match(headline)) is not None:
        tail = headline[short.end() :].strip()
        rest = [tail, *rest] if tail else rest
        headline = short.group(0).strip()
    head = " ".join(x for x in (mark, headline.strip()) if x)
    if head and _units(_escape(head)) <= MAX_HEADLINE:
        text_chunks = html_chunks("\n".join(rest), limit - _units(f"<b>{_escape(head)}</b>\n"))
        chunks = [f"<b>{_escape(head)}</b>"]
        if any(line.strip() for line in rest):
            chunks[0] += "\n" + text_chunks[0]
            chunks += text_chunks[1:]
    else:
        chunks = html_chunks("\n".join(parts.body), limit)
    if parts.pages:
        lines = _source_lines(parts.pages, lang)
        room = limit - _units(chunks[-1]) - 1
        fits_here = room > limit // 4
        blocks = _pack_sources(lines, room if fits_here else limit, limit)
        if fits_here:
            chunks[-1] += "\n" + blocks.pop(0)
        chunks += blocks
    return chunks


def verdict_mark(eligible: bool | None) -> str:
    return VERDICT_MARKS[eligible]
