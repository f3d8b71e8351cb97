"""The messages files: every sentence an adapter says, in French and English, read once.

Each adapter keeps its sentences in a `messages.yaml` in its package (bot/core/, bot/exports/,
bot/telegram_app/, and bot/ for the console chat and the command line). A file maps each key to
its French and English text; both carry the same {placeholders}, which is checked when the file
is read, so a broken file stops the import with the file and the key named.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

import yaml

from knowledge.validation import UniqueKeySafeLoader

LANGUAGES = ("fr", "en")
FILE_NAME = "messages.yaml"


class MessagesError(ValueError):
    """A messages file that is missing, not a mapping, or whose fr and en disagree."""


class MissingMessage(KeyError):
    """A key no messages file defines: a typo in the code, never the user's fault."""

    def __str__(self) -> str:  # KeyError would print the message with quotes around it
        return str(self.args[0])


def placeholders(text: str) -> frozenset[str]:
    """The {names} a text is formatted with ('{n} jours' -> {'n'})."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


@dataclass(frozen=True)
class Messages:
    """One adapter's sentences: `t(key, lang, **values)` gives the text in that language."""

    source: str  # 'bot/core/messages.yaml', for error messages
    texts: Mapping[str, Mapping[str, str]]

    def t(self, key: str, lang: str, **values: object) -> str:
        """The text of `key` in `lang` (anything but 'en' is French), formatted with `values`;
        without values, the text as written."""
        try:
            text = self.texts[key]["en" if lang == "en" else "fr"]
        except KeyError:
            raise MissingMessage(f"no message {key!r} in {self.source}") from None
        return text.format(**values) if values else text

    def __contains__(self, key: object) -> bool:
        return key in self.texts

    def keys(self) -> list[str]:
        return list(self.texts)


def parse_messages(source: str, text: str) -> Messages:
    """A messages file's text, checked: every key has a French and an English string, and
    both name the same placeholders."""
    try:
        # Two entries under one key would silently keep the last one.
        data = yaml.load(text, Loader=UniqueKeySafeLoader)
    except yaml.YAMLError as exc:
        raise MessagesError(f"{source}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise MessagesError(f"{source}: expected a mapping of keys to fr/en texts")
    texts: dict[str, dict[str, str]] = {}
    for key, entry in data.items():
        if not isinstance(entry, dict) or sorted(entry) != sorted(LANGUAGES):
            raise MessagesError(f"{source}: {key!r} must have exactly a 'fr' and an 'en' text")
        if not all(isinstance(entry[lang], str) for lang in LANGUAGES):
            raise MessagesError(f"{source}: {key!r}: both texts must be strings")
        fr, en = placeholders(entry["fr"]), placeholders(entry["en"])
        if fr != en:
            raise MessagesError(
                f"{source}: {key!r}: fr has {sorted(fr)} but en has {sorted(en)} placeholders"
            )
        texts[str(key)] = {lang: entry[lang] for lang in LANGUAGES}
    return Messages(source, texts)


def load_messages(package: str) -> Messages:
    """The `messages.yaml` shipped in `package` ('bot.core'), read and checked."""
    source = f"{package.replace('.', '/')}/{FILE_NAME}"
    try:
        text = resources.files(package).joinpath(FILE_NAME).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MessagesError(f"{source}: not found (is it in the package data?)") from None
    return parse_messages(source, text)
