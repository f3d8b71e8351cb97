"""Telegram's HTML parse mode, as the Bot API reads it: the tags it knows, balanced, the four named
entities; out come the plain text and its entities (offsets in UTF-16 code units), as a Message
carries them. A text Telegram would refuse ("can't parse entities") is refused here too, so a test
sees the bot's broken HTML instead of a fake that accepts anything.
"""

from __future__ import annotations

import html
import re

from bot.devtools.fake_bot_api.records import JSON, _ApiError

# Tag -> entity type; blockquote becomes expandable_blockquote with the `expandable` attribute.
TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
# A folded expandable blockquote still shows its first lines (Telegram's apps show about three).
FOLDED_LINES = 3
NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TOKEN = re.compile(
    r"<(?P<close>/?)(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>(?:\s+[a-zA-Z-]+(?:\s*=\s*\"[^\"]*\")?)*)\s*>"
    r"|&(?P<entity>#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);"
    r"|(?P<bad>[<&])"
)
_ATTR = re.compile(r"([a-zA-Z-]+)(?:\s*=\s*\"([^\"]*)\")?")


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _refuse(why: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: can't parse entities: {why}")


def parse_html(source: str) -> tuple[str, list[JSON]]:
    """The plain text and the entities of a parse_mode=HTML text; _ApiError when Telegram would
    refuse it."""
    out: list[str] = []
    size = 0  # UTF-16 units written so far
    stack: list[tuple[str, int, JSON]] = []
    entities: list[JSON] = []
    at = 0
    for match in _TOKEN.finditer(source):
        text = source[at : match.start()]
        out.append(text)
        size += _units(text)
        at = match.end()
        if match.group("bad"):
            raise _refuse(
                f"unsupported start tag or unescaped {match.group('bad')!r} at {match.start()}"
            )
        if match.group("entity"):
            name = match.group("entity")
            if name.startswith("#"):
                char = chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))
            elif name in NAMED:
                char = NAMED[name]
            else:
                raise _refuse(f"unsupported HTML entity &{name};")
            out.append(char)
            size += _units(char)
            continue
        tag = match.group("tag").lower()
        if tag not in TAGS:
            raise _refuse(f'unsupported start tag "{tag}" at byte offset {match.start()}')
        if match.group("close"):
            if not stack or stack[-1][0] != tag:
                raise _refuse(f'unmatched end tag "{tag}"')
            _, start, entity = stack.pop()
            if size > start:  # Telegram drops empty entities
                entities.append({**entity, "offset": start, "length": size - start})
            continue
        attrs = {
            k.lower(): (html.unescape(v) if v else v)
            for k, v in _ATTR.findall(match.group("attrs"))
        }
        entity = {"type": TAGS[tag]}
        if tag == "a":
            if not attrs.get("href"):
                raise _refuse("a tag without href")
            entity["url"] = attrs["href"]
        if tag == "blockquote" and "expandable" in attrs:
            entity["type"] = "expandable_blockquote"
        stack.append((tag, size, entity))
    if stack:
        raise _refuse(f'can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    out.append(source[at:])
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def folded_text(text: str, entities: list[JSON]) -> str:
    """What a phone shows before the user taps anything: the text without the lines of each
    expandable blockquote past its first FOLDED_LINES (what Telegram shows folded)."""
    encoded = text.encode("utf-16-le")
    cuts: list[tuple[int, int]] = []
    for entity in entities:
        if entity["type"] != "expandable_blockquote":
            continue
        start, end = entity["offset"], entity["offset"] + entity["length"]
        quoted = encoded[2 * start : 2 * end].decode("utf-16-le")
        first = "\n".join(quoted.split("\n")[:FOLDED_LINES])
        cuts.append((start + _units(first), end))
    shown: list[str] = []
    at = 0
    for start, end in sorted(cuts):
        shown.append(encoded[2 * at : 2 * start].decode("utf-16-le"))
        at = end
    shown.append(encoded[2 * at :].decode("utf-16-le"))
    return "".join(shown)
