"""What Telegram shows around the conversation: the descriptions, the command menus per language
and scope (English names that really work), and the /start deep links."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.devtools.fake_bot_api.records import DEFAULT_CHAT_ID
from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.store import Store
from bot.telegram_app.surface import LINKS, parse_links
from tests.helpers.telegram import ADMIN_ID, SALT, buttons, exchange, plain, running

GROUPS = {"type": "all_group_chats"}


def names(commands: list[dict]) -> list[str]:
    return [c["command"] for c in commands]


@pytest.mark.asyncio
async def test_descriptions_and_menus_per_language_and_scope(api: FakeBotApi, make_app) -> None:
    async with running(make_app()):
        pass
    assert api.description().startswith("Je réponds aux questions sur le Ségur")
    assert api.description(language_code="fr") == api.description()
    assert api.description(language_code="en").startswith("I answer questions")
    assert "Paris time" in api.description(language_code="en", short=True)
    assert len(api.description(short=True)) <= 120

    french, english = api.commands(language_code="fr"), api.commands(language_code="en")
    assert api.commands() == french  # any other language: the French menu
    assert names(french)[:4] == ["start", "prochaine", "echeances", "eligible"]
    assert names(english)[:4] == ["start", "next", "deadlines", "eligible"]
    assert {"remind", "language", "help", "stop", "timeline"} <= set(names(english))
    assert "stats" not in names(french) + names(english)
    assert {"command": "next", "description": "The current or next window"} in english

    assert names(api.commands(scope=GROUPS)) == ["prochaine", "echeances", "eligible", "aide"]
    assert names(api.commands(scope=GROUPS, language_code="en")) == [
        "next", "deadlines", "eligible", "help",
    ]  # fmt: skip
    admin = {"type": "chat", "chat_id": ADMIN_ID}
    assert names(api.commands(scope=admin))[-2:] == ["stats", "reload"]
    assert names(api.commands(scope=admin, language_code="en"))[1] == "next"


@pytest.mark.asyncio
async def test_english_command_names_are_real_aliases(api: FakeBotApi, make_app) -> None:
    async with running(make_app()):
        for french, english in (("/prochaine", "/next"), ("/echeances", "/deadlines")):
            (fr,) = await exchange(api, french, language_code="en")
            (en,) = await exchange(api, english, language_code="en")
            assert en["text"] == fr["text"] and "Help" not in en["text"]
        (next_,) = await exchange(api, "/next", language_code="en")
        (remind,) = await exchange(api, "/remind", language_code="en")
        (language,) = await exchange(api, "/language", language_code="en")
        (stop,) = await exchange(api, "/stop", language_code="en")
        (help_,) = await exchange(api, "/help", language_code="en")
        group = {"chat_id": -1005, "chat_type": "supergroup", "language_code": "en"}
        (in_group,) = await exchange(api, "/next@segur_test_bot", **group)
    assert remind["text"].startswith("To know which deadlines")
    assert buttons(language) == [
        ("Français", f"l:fr:{DEFAULT_CHAT_ID}"),
        ("English", f"l:en:{DEFAULT_CHAT_ID}"),
    ]
    assert stop["text"].startswith("You were not subscribed")
    assert "/next: The current or next window" in help_["text"]
    assert in_group["text"] == next_["text"]


@pytest.mark.asyncio
async def test_a_deep_link_presets_the_role_and_the_software(
    api: FakeBotApi, make_app, db_path: Path, clock
) -> None:
    async with running(make_app()):
        (welcome,) = await exchange(api, "/start vendor-drimbox")
        (follow_up,) = await exchange(api, "prochaine échéance ?")
        (hospital,) = await exchange(api, "/start hospital", chat_id=2002)
        (unknown,) = await exchange(api, "/start qr-code-salon-2026", chat_id=2003)
    assert "C'est noté : Éditeur / industriel, DRIMbox." in welcome["text"]
    assert buttons(welcome) == []  # nothing left to ask
    assert "DRIMbox" in plain(follow_up)  # the software carries into the conversation
    assert "Établissement de santé." in hospital["text"]
    # An unknown payload: the normal welcome, which asks who you are.
    assert unknown["text"].startswith("Bonjour !") and len(buttons(unknown)) == 3
    with Store.open(db_path, SALT, create=False) as store:
        assert store.get_user(DEFAULT_CHAT_ID).role == "vendor"
        assert store.get_user(2002).role == "hospital"
        assert store.get_user(2003) is None


def test_the_deep_links_file_is_checked() -> None:
    assert {"vendor", "hospital", "doctor", "pharmacy", "vendor-dpi", "vendor-drimbox"} <= set(
        LINKS
    )
    assert LINKS["vendor-dpi"].software == "DPI"
    for bad, why in (
        ("links: {'bad payload': {role: vendor}}", "payload"),
        ("links: {x: {role: king}}", "role must be"),
        ("links: {x: {role: vendor, software: Excel}}", "software must be"),
    ):
        with pytest.raises(ValueError, match=why):
            parse_links(bad)
