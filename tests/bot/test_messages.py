"""The messages files: one per adapter, every key in French and English with the same
placeholders, shipped in the package, and a clear error for a key that does not exist."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot import commands
from bot.core import render
from bot.core.messages import MessagesError, MissingMessage, parse_messages, placeholders
from bot.exports import wording
from bot.telegram_app import texts
from rules.calendar import ROLES

REPO = Path(__file__).resolve().parents[2]
FILES = sorted((REPO / "bot").rglob("messages.yaml"))


def test_each_adapter_has_its_messages_file() -> None:
    assert [str(f.relative_to(REPO)) for f in FILES] == [
        "bot/core/messages.yaml",
        "bot/exports/messages.yaml",
        "bot/messages.yaml",
        "bot/telegram_app/messages.yaml",
        "bot/web/messages.yaml",
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_key_has_french_and_english_with_the_same_placeholders(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data, path
    for key, entry in data.items():
        assert sorted(entry) == ["en", "fr"], key
        assert isinstance(entry["fr"], str) and isinstance(entry["en"], str), key
        assert placeholders(entry["fr"]) == placeholders(entry["en"]), key


def test_the_loaded_messages_are_the_files() -> None:
    for messages, path in (
        (render.MESSAGES, "bot/core/messages.yaml"),
        (wording.MESSAGES, "bot/exports/messages.yaml"),
        (commands.MESSAGES, "bot/messages.yaml"),
        (texts.MESSAGES, "bot/telegram_app/messages.yaml"),
    ):
        assert messages.source == path
        assert messages.keys() == list(yaml.safe_load((REPO / path).read_text(encoding="utf-8")))


def test_a_missing_key_names_the_key_and_the_file() -> None:
    with pytest.raises(
        MissingMessage, match=r"no message 'no_such_key' in bot/core/messages\.yaml"
    ):
        render.t("no_such_key", "fr")


def test_formatting_keeps_the_text_as_written_without_values() -> None:
    assert render.t("rel_in", "fr", n="3") == "dans 3 jours"
    assert render.t("rel_in", "en", n="3") == "in 3 days"
    assert render.t("rel_in", "de", n="3") == "dans 3 jours"  # anything but English is French
    assert render.t("revision_unknown", "fr") == "{change}"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("k: {fr: 'a {x}', en: 'b {y}'}", "fr has ['x'] but en has ['y']"),
        ("k: {fr: 'a'}", "must have exactly a 'fr' and an 'en' text"),
        ("k: {fr: 'a', en: 'b', de: 'c'}", "must have exactly a 'fr' and an 'en' text"),
        ("k: {fr: 1, en: 'b'}", "both texts must be strings"),
        ("- a list", "expected a mapping"),
        ("k: [unclosed", "not valid YAML"),
    ],
)
def test_a_broken_file_is_refused_with_the_key_named(text: str, problem: str) -> None:
    with pytest.raises(MessagesError, match=r"x/messages\.yaml") as caught:
        parse_messages("x/messages.yaml", text)
    assert problem in str(caught.value)


def test_every_role_is_worded_by_every_adapter() -> None:
    assert set(commands.CHOSEN_ROLES) <= {*ROLES, commands.OTHER}
    for role in ROLES:
        assert f"role_{role}" in render.MESSAGES
        assert f"role_{role}" in commands.MESSAGES
        assert f"who_{role}" in wording.MESSAGES
    assert f"role_{commands.OTHER}" in commands.MESSAGES
