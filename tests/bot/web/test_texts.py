"""The web page's sentences: both languages say everything, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from bot.web.texts import LANGS, ROLES, TEXT, pick_lang, t


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(TEXT))
def test_every_sentence_exists_in_both_languages_with_the_same_placeholders(key: str) -> None:
    forms = TEXT[key]
    assert set(forms) == set(LANGS)
    assert _fields(forms["fr"]) == _fields(forms["en"])
    assert forms["fr"].strip() or key == "in_french"


def test_every_role_has_a_label() -> None:
    for role in ROLES:
        assert t(f"role_{role}", "fr") and t(f"role_{role}", "en")


@pytest.mark.parametrize(
    ("candidates", "header", "expected"),
    [
        ((None,), None, "fr"),
        (("en",), "fr-FR", "en"),
        ((None, "xx"), "en-US,en;q=0.9", "en"),
        ((), "de-DE,fr;q=0.8,en;q=0.9", "en"),
        ((), "de-DE, fr;q=0.4, en;q=0.3", "fr"),
        ((), "en;q=0", "fr"),
        ((), "garbage;;q=x", "fr"),
    ],
)
def test_the_page_language(
    candidates: tuple[str | None, ...], header: str | None, expected: str
) -> None:
    assert pick_lang(*candidates, accept_language=header) == expected
