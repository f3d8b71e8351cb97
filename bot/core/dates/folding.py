"""Lowercase, accent-folded copies of a text, with a map back to the original characters."""

from __future__ import annotations

import functools
import unicodedata

_CHAR_MAP: dict[str, str] = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u2032": "'", "\u2010": "-", "\u2011": "-", "\u2012": "-",
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\r": "\n",
    "\u2028": "\n", "\u2029": "\n", "\u0085": "\n",
}  # fmt: skip

_ASCII_TABLE = str.maketrans(
    {chr(c): " " for c in [*range(0, 32), 127] if chr(c) != "\n"} | {"\r": "\n", "`": "'"}
)


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    mapped = _CHAR_MAP.get(ch)
    if mapped is not None:
        return mapped
    category = unicodedata.category(ch)
    if category == "Cf":  # zero-width characters and soft hyphens carry no text
        return ""
    if category[0] in "CZ":
        return " "
    decomposed = unicodedata.normalize("NFKD", ch.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_ASCII_TABLE)


_QUICK_TABLE = str.maketrans(_CHAR_MAP)


@functools.lru_cache(maxsize=64)  # the cue checks and the unreadable-date check fold one text
def _quick_fold(text: str) -> str:
    """_fold without the map back to the original: in C, for the cue check on every question."""
    if text.isascii():
        return text.lower().translate(_ASCII_TABLE)
    mapped = text.lower().translate(_QUICK_TABLE)
    return (
        unicodedata.normalize("NFKD", mapped)
        .encode("ascii", "ignore")
        .decode("ascii")
        .translate(_ASCII_TABLE)
    )


class _FoldTable(dict[int, str]):
    """str.translate's table for _fold, filled as characters are met (in C after the first)."""

    LIMIT = 20_000  # a text of rare characters must not grow it without end

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = ch.lower().translate(_ASCII_TABLE) if ch.isascii() else _fold_char(ch)
        if len(self) < self.LIMIT:
            self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def _fold(text: str) -> tuple[str, list[int] | None]:
    """Lowercase and strip accents; also return, per folded character, the
    index of the original character it came from (None when identical)."""
    if text.isascii():
        return text.lower().translate(_ASCII_TABLE), None
    folded = text.translate(_FOLD_TABLE)
    if len(folded) == len(text) and all(len(_FOLD_TABLE[ord(c)]) == 1 for c in set(text)):
        # Every character folded to one ("é" -> "e"): positions are unchanged.
        return folded, None
    parts: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        folded = ch.lower().translate(_ASCII_TABLE) if ch.isascii() else _fold_char(ch)
        parts.append(folded)
        origin.extend([index] * len(folded))
    return "".join(parts), origin


def _original(text: str, origin: list[int] | None, start: int, end: int) -> str:
    if origin is None:
        return text[start:end].strip()
    first = origin[start]
    last = origin[end - 1] + 1
    # Keep combining accents of a decomposed last letter ("fe\u0301vrier").
    while last < len(text) and unicodedata.combining(text[last]):
        last += 1
    return text[first:last].strip()
