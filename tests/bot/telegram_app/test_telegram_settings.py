"""/parametres (/settings) through the real Application and the fake Bot API: one screen with the
profile, software, language and reminders, each changed by a button, the screen edited in place
and every press answered with a toast; in a group, another member's press is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.devtools.fake_bot_api.records import DEFAULT_CHAT_ID
from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.store import Store
from bot.telegram_app.settings_screen import software_for
from tests.helpers.telegram import (
    SALT,
    buttons,
    exchange,
    last_bot_message_id,
    plain,
    running,
    wait_calls,
)

ME = DEFAULT_CHAT_ID  # in a private chat, the user's id is the chat's


async def tap(api: FakeBotApi, data: str, message_id: int, **kwargs) -> tuple[str, dict]:
    """Press a button of the screen: (the toast, the screen as Telegram now shows it)."""
    chat_id = kwargs.pop("chat_id", DEFAULT_CHAT_ID)
    acks = len(api.calls("answerCallbackQuery"))
    edits = len(api.calls("editMessageText"))
    api.push_callback(data, chat_id=chat_id, message_id=message_id, **kwargs)
    (ack,) = (await wait_calls(api, "answerCallbackQuery", acks + 1))[acks:]
    if not ack.params.get("show_alert"):
        await wait_calls(api, "editMessageText", edits + 1)
    screen = api.message(chat_id, message_id)
    assert screen is not None
    return ack.params.get("text", ""), screen


def data_of(screen: dict, label: str) -> str:
    return next(data for text, data in buttons(screen) if label in text)


@pytest.mark.asyncio
async def test_one_screen_changes_each_setting_in_place(
    api: FakeBotApi, make_app, engine, db_path: Path
) -> None:
    async with running(make_app()):
        (screen,) = await exchange(api, "/parametres")
        shown = last_bot_message_id(api)
        _, roles = await tap(api, data_of(screen, "Profil"), shown)
        toast_role, after_role = await tap(api, data_of(roles, "Éditeur"), shown)
        _, software = await tap(api, data_of(after_role, "Logiciels"), shown)
        toast_dpi, ticked = await tap(api, data_of(software, "DPI"), shown)
        _, languages = await tap(api, data_of(ticked, "Retour"), shown)
        _, languages = await tap(api, data_of(languages, "Langue"), shown)
        toast_lang, english = await tap(api, data_of(languages, "English"), shown)
        toast_on, on = await tap(api, data_of(english, "reminders on"), shown)
        with Store.open(db_path, SALT, create=False) as store:
            subscribed = store.is_subscribed(ME)
        toast_off, off = await tap(api, data_of(on, "reminders off"), shown)
    assert plain(screen).splitlines()[:5] == [
        "Vos paramètres",
        "Profil : pas encore choisi",
        "Logiciels : tous ceux de votre profil",
        "Langue : Français",
        "Rappels dans cette conversation : désactivés",
    ]
    assert [text for text, _ in buttons(roles)] == [
        "Éditeur / industriel",
        "Établissement de santé",
        "Autre",
        "← Retour",
    ]
    assert toast_role == "Profil enregistré : Éditeur / industriel"
    assert "Profil : Éditeur / industriel" in plain(after_role)
    # The vendor's software, as the calendar names it; one tap ticks one.
    offered = [text for text, _ in buttons(software)][:-2]
    assert offered == software_for(engine.calendar, "vendor") and "DPI" in offered
    assert toast_dpi == "Logiciels : DPI" and "✓ DPI" in [text for text, _ in buttons(ticked)]
    assert toast_lang == "Language: English" and plain(english).startswith("Your settings")
    assert toast_on == "Reminders on" and subscribed
    assert "Reminders in this chat: on" in plain(on)
    assert toast_off == "Reminders off" and "Reminders in this chat: off" in plain(off)
    assert len(api.calls("sendMessage")) == 1  # every press edited the one screen
    with Store.open(db_path, SALT, create=False) as store:
        prefs = store.get_user(ME)
        assert (prefs.role, prefs.software, prefs.lang) == ("vendor", frozenset({"DPI"}), "en")
        assert not store.is_subscribed(ME)


def test_the_software_offered_is_the_calendars_for_that_audience(engine) -> None:
    for role in ("vendor", "hospital", "doctor", "pharmacy"):
        named = {
            s for item in engine.calendar.items if role in item.audience for s in item.software
        }
        assert set(software_for(engine.calendar, role)) == named, role
    assert "LGO" not in software_for(engine.calendar, "hospital")


@pytest.mark.asyncio
async def test_settings_in_english_with_no_role_asks_the_role_first(
    api: FakeBotApi, make_app
) -> None:
    async with running(make_app()):
        (screen,) = await exchange(api, "/settings", language_code="en")
        shown = last_bot_message_id(api)
        toast, roles = await tap(api, data_of(screen, "Software"), shown, language_code="en")
        (helped,) = await exchange(api, "/aide")
    assert plain(screen).startswith("Your settings\nProfile: not chosen yet")
    assert toast.startswith("Choose your profile first")
    assert [data for _, data in buttons(roles)][:3] == [
        f"s:{ME}:r:{r}" for r in ("vendor", "hospital", "other")
    ]
    assert "/parametres : Mes paramètres" in plain(helped)


@pytest.mark.asyncio
async def test_in_a_group_another_members_press_is_refused(
    api: FakeBotApi, make_app, db_path: Path
) -> None:
    group, owner, other = -100555, 601, 602
    async with running(make_app()):
        (screen,) = await exchange(
            api, "/parametres", chat_id=group, chat_type="supergroup", user_id=owner
        )
        shown = last_bot_message_id(api)
        _, roles = await tap(api, data_of(screen, "Profil"), shown, chat_id=group, user_id=owner)
        alert, unchanged = await tap(
            api, data_of(roles, "Établissement"), shown, chat_id=group, user_id=other
        )
        refusal = api.calls("answerCallbackQuery")[-1].params
    assert refusal["show_alert"] is True
    assert alert.startswith("Ces réglages sont ceux de la personne qui a envoyé /parametres")
    assert unchanged["text"] == roles["text"]
    with Store.open(db_path, SALT, create=False) as store:
        assert store.get_user(other) is None and store.get_user(owner) is None
