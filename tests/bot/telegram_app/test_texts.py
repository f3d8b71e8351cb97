"""Escaping and splitting for Telegram's HTML, and the command list Telegram will accept."""

from __future__ import annotations

import html
import re

import pytest

from bot.telegram_app.texts import COMMANDS, MAX_MESSAGE, command_list, help_text, html_chunks


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_user_text_is_escaped() -> None:
    assert html_chunks('<b>x</b> <script>alert("x")</script> & co') == [
        '&lt;b&gt;x&lt;/b&gt; &lt;script&gt;alert("x")&lt;/script&gt; &amp; co'
    ]


@pytest.mark.parametrize(
    "text",
    [
        "<" * 4096,  # escaping quadruples it
        ("une ligne de réponse & ses sources\n" * 400),
        "😀" * 3000,  # 2 UTF-16 units each, as Telegram counts
        "x" * 10_000 + "\n" + "&" * 2000,
    ],
    ids=["angle-brackets", "many-lines", "emoji", "one-long-line"],
)
def test_long_texts_are_cut_within_the_limit_and_lose_nothing(text: str) -> None:
    chunks = html_chunks(text)
    assert all(0 < _units(c) <= MAX_MESSAGE for c in chunks)
    assert all(not re.search(r"&[a-z]*$", c) for c in chunks)  # no entity cut in half
    joined = "".join(html.unescape(c) for c in chunks)
    assert joined.replace("\n", "") == text.replace("\n", "")


def test_blank_text_still_gives_a_sendable_message() -> None:
    assert html_chunks("") == ["…"]
    assert html_chunks("\n\n\n") == ["…"]


def test_command_menus_are_valid_for_telegram_and_match_the_help() -> None:
    for lang in ("fr", "en"):
        menu = command_list(lang)
        assert len(menu) == len(COMMANDS)
        assert all(re.fullmatch(r"[a-z0-9_]{1,32}", c) and 0 < len(d) <= 256 for c, d in menu)
        shown = help_text(lang)
        assert all(f"/{c}" in shown for c, _ in menu)
    assert ("aide", "Aide") in command_list("fr") and ("help", "Help") in command_list("en")
