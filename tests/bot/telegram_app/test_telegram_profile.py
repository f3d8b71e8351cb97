"""Per-user memory on Telegram, through the real Application and the fake Bot API: two members
of one group with different roles, a role stated in a question and undone in one tap, a button
that refuses the wrong user, and "Autre" that never loops."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.store import Store
from tests.helpers.telegram import (
    SALT,
    buttons,
    exchange,
    last_bot_message_id,
    paris,
    press,
    running,
    settle,
)

GROUP = -100777
VENDOR, HOSPITAL = 501, 502
MENTION = "@segur_test_bot"


async def ask_in_group(api: FakeBotApi, user: int, text: str) -> dict:
    (reply,) = await exchange(
        api,
        f"{MENTION} {text}",
        chat_id=GROUP,
        chat_type="supergroup",
        user_id=user,
        entities=[{"type": "mention", "offset": 0, "length": len(MENTION)}],
    )
    return reply


@pytest.mark.asyncio
async def test_two_users_in_one_group_keep_their_own_roles(
    api: FakeBotApi, make_app, clock, db_path: Path
) -> None:
    clock.set(paris(2022, 4, 20, 10, 0))
    async with running(make_app()):
        stated = await ask_in_group(
            api, VENDOR, "je suis éditeur de DPI, suis-je dans les délais ?"
        )
        vendor_message = last_bot_message_id(api)
        (role_set,) = await press(api, "r:hospital", chat_id=GROUP, user_id=HOSPITAL)
        hospital = await ask_in_group(api, HOSPITAL, "suis-je dans les délais ?")
        vendor = await ask_in_group(api, VENDOR, "suis-je dans les délais ?")
        # The hospital presses the vendor's "that's not me": refused with an alert, nothing changed.
        undo = next(data for _, data in buttons(stated) if data.startswith("p:u:"))
        api.push_callback(undo, chat_id=GROUP, message_id=vendor_message, user_id=HOSPITAL)
        await settle(0.5)
    assert stated["text"].startswith("✓ Je retiens : Éditeur / industriel, DPI.")
    assert "référencement" in stated["text"]  # the vendor's verdict, not a question back
    assert role_set["text"].startswith("C'est noté : Établissement de santé")
    assert "SUN-ES" in hospital["text"] and "référencement" not in hospital["text"]
    assert "référencement" in vendor["text"]
    refusal = api.calls("answerCallbackQuery")[-1].params
    assert refusal["show_alert"] is True and "personne qui a posé la question" in refusal["text"]
    with Store.open(db_path, SALT, create=False) as store:
        assert store.get_user(VENDOR).role == "vendor"
        assert store.get_user(VENDOR).software == frozenset({"DPI"})
        assert store.get_user(HOSPITAL).role == "hospital"
        assert store.get_user(GROUP) is None  # nothing is the group's own


@pytest.mark.asyncio
async def test_a_stated_role_is_undone_in_one_tap(api: FakeBotApi, make_app, db_path: Path) -> None:
    async with running(make_app()):
        await exchange(api, "/start")
        await press(api, "r:hospital", message_id=last_bot_message_id(api))
        (stated,) = await exchange(api, "I'm a DRIMbox vendor")
        undo = next(data for _, data in buttons(stated) if data.startswith("p:u:"))
        (undone,) = await press(api, undo, message_id=last_bot_message_id(api))
    assert "Éditeur / industriel, DRIMbox" in stated["text"] or "DRIMbox" in stated["text"]
    assert undone["text"].startswith(
        "C'est corrigé : je ne retiens plus « Éditeur / industriel, DRIMbox »"
    )
    assert [data for _, data in buttons(undone)] == [
        f"r:{role}:1001" for role in ("vendor", "hospital", "other")
    ]
    with Store.open(db_path, SALT, create=False) as store:
        prefs = store.get_user(1001)
        assert (prefs.role, prefs.software) == ("hospital", frozenset())


@pytest.mark.asyncio
async def test_other_shows_every_audience_instead_of_asking_again(
    api: FakeBotApi, make_app
) -> None:
    async with running(make_app()):
        await exchange(api, "/start")
        (noted,) = await press(api, "r:other", message_id=last_bot_message_id(api))
        (eligible,) = await exchange(api, "/eligible")
        (question,) = await exchange(api, "suis-je dans les délais ?")
    assert "tous les publics" in noted["text"]
    for reply in (eligible, question):
        assert "tous les publics" in reply["text"], reply["text"]
        assert not [d for _, d in buttons(reply) if d.startswith("r:")]  # no "who are you?" loop


@pytest.mark.asyncio
async def test_the_stored_software_narrows_ics_and_verdicts(
    api: FakeBotApi, make_app, clock
) -> None:
    clock.set(paris(2026, 12, 1, 10, 0))
    async with running(make_app()):
        (noted,) = await exchange(api, "je suis éditeur de DRIMbox")
        before = len(api.calls("sendDocument"))
        api.push_message("/ics")
        await settle(1.0)
        (eligible,) = await exchange(api, "/eligible")
    assert "DRIMbox" in noted["text"]
    (document,) = api.calls("sendDocument")[before:]
    assert document.params["document"]["filename"] == "segur-vendor-drimbox.ics"
    assert "DRIMbox" in eligible["text"] and "Oui" in eligible["text"]
