"""Reminders worth having, through the real JobQueue and the fake Bot API: an opening told the
day before with its weekday and time zone, the buttons under it, the next reminder named at
/rappel, and the software filter (no PFI reminder for a DPI vendor)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.devtools.fake_bot_api.records import DEFAULT_CHAT_ID
from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.store import Store
from bot.telegram_app.profile import items_for
from bot.telegram_app.reminders import due_reminders
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

DPI_CHAT, PFI_CHAT = 601, 602


@pytest.mark.asyncio
async def test_a_window_that_opens_tomorrow_is_told_with_its_buttons(
    api: FakeBotApi, make_app, clock
) -> None:
    async with running(make_app()):
        await exchange(api, "/start")
        await press(api, "r:hospital", message_id=last_bot_message_id(api))
        clock.set(paris(2022, 2, 28, 8, 59, 58))
        (subscribed,) = await exchange(api, "/rappel")
        before = len(api.sent_messages())
        (reminder,) = (await api.wait_for_messages_async(before + 1, timeout=6))[before:]
        message_id = last_bot_message_id(api)
        (in_time,) = await press(api, "rm:c:sunes-f2", message_id=message_id)
        documents = len(api.calls("sendDocument"))
        api.push_callback("rm:i:sunes-f2", message_id=message_id)
        await settle(0.8)
        (stopped,) = await press(api, "rm:s", message_id=message_id)
    assert (
        "Prochain rappel : lundi 28 février 2022 à 9h00 (heure de Paris), pour fenêtre SUN-ES F2 "
        "(ouverture le mardi 1er mars 2022)." in subscribed["text"]
    )
    assert reminder["text"].startswith(
        "Rappel : fenêtre SUN-ES F2 ouvre demain, le mardi 1er mars 2022 "
        "(dès le début de la journée, heure de Paris)."
    )
    assert buttons(reminder) == [
        ("Suis-je dans les délais ?", "rm:c:sunes-f2"),
        ("📅 Ajouter à mon agenda", "rm:i:sunes-f2"),
        ("Arrêter", "rm:s"),
    ]
    assert in_time["text"].startswith("Non")
    (document,) = api.calls("sendDocument")[documents:]
    assert document.params["document"]["filename"] == "sunes-f2.ics"
    assert b"BEGIN:VEVENT" in document.params["document"]["data"]
    assert stopped["text"] == "C'est fait : vous ne recevrez plus de rappels."


def test_a_dpi_vendor_is_never_reminded_of_the_pfi_items(engine) -> None:
    now = paris(2025, 9, 1, 10, 0)
    dpi = {r.item_id for r in due_reminders(items_for(engine, "vendor", frozenset({"DPI"})), now)}
    pfi = {r.item_id for r in due_reminders(items_for(engine, "vendor", frozenset({"PFI"})), now)}
    assert "sons-v2-dpi-avance" in dpi and "sons-v2-pfi-avance" not in dpi
    assert "sons-v2-pfi-avance" in pfi and "sons-v2-dpi-avance" not in pfi


@pytest.mark.asyncio
async def test_the_software_filter_on_the_wire(
    api: FakeBotApi, make_app, clock, db_path: Path
) -> None:
    with Store.open(db_path, SALT) as store:
        for chat, software in ((DPI_CHAT, "DPI"), (PFI_CHAT, "PFI")):
            store.set_role(chat, "vendor", paris(2025, 9, 1), software=frozenset({software}))
            store.subscribe(chat, paris(2025, 9, 1), "fr")
    # The PFI advance closes on 17 September 2025 before 12:00: its 7-day stage is at 09:00.
    clock.set(paris(2025, 9, 10, 8, 59, 58))
    async with running(make_app()):
        (reminder,) = await api.wait_for_messages_async(1, chat_id=PFI_CHAT, timeout=6)
        await settle(0.5)
    assert (
        "ferme dans 7 jours, le mercredi 17 septembre 2025 à 12h00 (heure de Paris)"
        in (reminder["text"])
    )
    assert api.sent_messages(DPI_CHAT) == []
    assert api.sent_messages(DEFAULT_CHAT_ID) == []


@pytest.mark.asyncio
async def test_stop_never_points_to_a_command_that_would_refuse(
    api: FakeBotApi, make_app, clock
) -> None:
    clock.set(paris(2026, 12, 1, 10, 0))  # nothing ahead for a hospital
    async with running(make_app()):
        (no_role,) = await exchange(api, "/stop")
        await exchange(api, "/role")
        await press(api, "r:hospital", message_id=last_bot_message_id(api))
        (with_role,) = await exchange(api, "/stop")
        (rappel,) = await exchange(api, "/rappel")  # the command /stop pointed to
    assert "/role" in no_role["text"] and "/rappel" in no_role["text"]
    assert "/echeances" in with_role["text"] and "/rappel" in with_role["text"]
    assert "je vous préviendrai si une date est publiée ou modifiée" in rappel["text"]
