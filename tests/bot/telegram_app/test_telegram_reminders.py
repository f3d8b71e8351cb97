"""/rappel, /stop and the reminders themselves, sent by the real JobQueue, across restarts."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.devtools.fake_bot_api.records import DEFAULT_CHAT_ID, Fault
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

# The référencement deadline (15 June 2022, 14:00): its 30-day reminder goes on 16 May at 09:00.
THIRTY_DAYS = (
    "Rappel : dépôt du dossier de référencement complet (vague 1) ferme dans 30 jours, "
    "le mercredi 15 juin 2022 à 14h00 (heure de Paris)."
)


async def _become_vendor(api: FakeBotApi) -> None:
    await exchange(api, "/start")
    await press(api, "r:vendor", message_id=last_bot_message_id(api))


def _ledger(db_path: Path) -> list[tuple[int, str, int, str]]:
    with Store.open(db_path, SALT, create=False) as store:
        return [(r.chat_id, r.item_id, r.days_before, r.status) for r in store.sent_reminders()]


@pytest.mark.asyncio
async def test_rappel_subscribes_and_the_reminder_is_sent(
    api: FakeBotApi, make_app, clock, db_path: Path
) -> None:
    async with running(make_app()):
        await _become_vendor(api)
        clock.set(paris(2022, 5, 16, 8, 59, 59))  # one second before the reminder is due
        (subscribed,) = await exchange(api, "/rappel")
        (reminder,) = await exchange_later(api, timeout=5)
        await settle(0.3)
    assert subscribed["text"].startswith("C'est noté : je vous écrirai 30, 7 et 1 jours avant")
    assert (
        "dépôt du dossier de référencement complet (vague 1) : ouvert jusqu'au mercredi 15 juin 2022"
        in subscribed["text"]
    )
    assert reminder["text"].startswith(THIRTY_DAYS) and reminder["parse_mode"] == "HTML"
    assert len(api.sent_messages()) == 4  # welcome, role, subscribed, one reminder
    assert _ledger(db_path) == [(DEFAULT_CHAT_ID, "sons-v1-referencement", 30, "sent")]


async def exchange_later(api: FakeBotApi, *, timeout: float) -> list[dict]:
    """The next message the bot sends on its own."""
    before = len(api.sent_messages())
    return (await api.wait_for_messages_async(before + 1, timeout=timeout))[before:]


@pytest.mark.asyncio
async def test_rappel_in_2026_says_nothing_is_upcoming(
    api: FakeBotApi, make_app, db_path: Path
) -> None:
    async with running(make_app()):
        (no_role,) = await exchange(api, "/rappel")
        await press(api, "r:hospital", message_id=last_bot_message_id(api))
        (nothing,) = await exchange(api, "/rappel")
        (stop,) = await exchange(api, "/stop")
    assert no_role["text"].startswith("Pour savoir quelles échéances vous rappeler")
    assert [b[1] for b in buttons(no_role)] == [
        f"r:{role}:{DEFAULT_CHAT_ID}" for role in ("vendor", "hospital", "other")
    ]
    assert nothing["text"].startswith("Aucune échéance à venir n'est connue de nos sources")
    # No dead end: the user is told when a date is published or moved, and /stop undoes it.
    assert "je vous préviendrai si une date est publiée ou modifiée" in nothing["text"]
    assert stop["text"].startswith("C'est fait")
    with Store.open(db_path, SALT, create=False) as store:
        assert not store.is_subscribed(DEFAULT_CHAT_ID)


@pytest.mark.asyncio
async def test_a_restart_keeps_role_and_subscription_and_sends_nothing_twice(
    api: FakeBotApi, make_app, clock, db_path: Path
) -> None:
    async with running(make_app()):
        await _become_vendor(api)
        clock.set(paris(2022, 5, 16, 8, 59, 59))
        await exchange(api, "/rappel")
        (reminder,) = await exchange_later(api, timeout=5)
        assert reminder["text"].startswith(THIRTY_DAYS)

    sent_before = len(api.sent_messages())
    # The restart: a new Application and Store over the same file, shortly after 09:00. The
    # 30-day stage is now "missed" for anyone who did not get it: the ledger says we did.
    async with running(make_app()):
        await settle(0.5)
        assert len(api.sent_messages()) == sent_before
        (deadlines,) = await exchange(api, "/echeances")
        (again,) = await exchange(api, "/rappel")
        (stopped,) = await exchange(api, "/stop")
    assert (
        "reply_markup" not in deadlines and "dépôt du dossier de référencement" in deadlines["text"]
    )
    assert again["text"].startswith("Vous êtes déjà abonné(e)")
    assert stopped["text"] == "C'est fait : vous ne recevrez plus de rappels."
    assert _ledger(db_path) == [(DEFAULT_CHAT_ID, "sons-v1-referencement", 30, "sent")]


@pytest.mark.asyncio
async def test_a_reminder_cut_off_by_a_crash_is_sent_once_after_the_restart(
    api: FakeBotApi, make_app, clock, db_path: Path
) -> None:
    # The state a SIGKILL leaves between "claimed" and "sent", with a second subscriber who got it.
    with Store.open(db_path, SALT) as store:
        for chat in (DEFAULT_CHAT_ID, 2002):
            store.set_role(chat, "vendor", paris(2022, 5, 1))
            store.subscribe(chat, paris(2022, 5, 1), "fr")
        send_at = paris(2022, 5, 16, 9, 0)
        store.claim_reminder(DEFAULT_CHAT_ID, "sons-v1-referencement", 30, send_at)
        store.claim_reminder(2002, "sons-v1-referencement", 30, send_at)
        store.finish_reminder(2002, "sons-v1-referencement", 30, send_at)
    clock.set(paris(2022, 5, 16, 9, 0, 30))
    api.inject("sendMessage", Fault.status(502))  # and the network is still shaky
    async with running(make_app()):
        (reminder,) = await api.wait_for_messages_async(1, timeout=5)
        await settle(0.3)
    assert reminder["chat_id"] == DEFAULT_CHAT_ID and reminder["text"].startswith(THIRTY_DAYS)
    assert len(api.sent_messages()) == 1
    assert sorted(_ledger(db_path)) == [
        (DEFAULT_CHAT_ID, "sons-v1-referencement", 30, "sent"),
        (2002, "sons-v1-referencement", 30, "sent"),
    ]


@pytest.mark.asyncio
async def test_a_user_who_blocked_the_bot_is_unsubscribed(
    api: FakeBotApi, make_app, clock, db_path: Path
) -> None:
    # Telegram answers 403 Forbidden for a user who blocked the bot: retrying would never work.
    with Store.open(db_path, SALT) as store:
        store.set_role(DEFAULT_CHAT_ID, "vendor", paris(2022, 5, 1))
        store.subscribe(DEFAULT_CHAT_ID, paris(2022, 5, 1), "fr")
    clock.set(paris(2022, 5, 16, 9, 0, 30))
    api.inject("sendMessage", Fault.status(403))
    async with running(make_app()):
        await settle(0.5)
    assert api.sent_messages() == []
    assert _ledger(db_path) == [(DEFAULT_CHAT_ID, "sons-v1-referencement", 30, "failed")]
    with Store.open(db_path, SALT, create=False) as store:
        assert not store.is_subscribed(DEFAULT_CHAT_ID)


@pytest.mark.asyncio
async def test_a_user_who_blocked_the_bot_costs_no_traceback_and_is_unsubscribed(
    api: FakeBotApi, make_app, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with Store.open(db_path, SALT) as store:
        store.set_role(DEFAULT_CHAT_ID, "vendor", paris(2022, 5, 1))
        store.subscribe(DEFAULT_CHAT_ID, paris(2022, 5, 1), "fr")
    caplog.set_level(logging.INFO)
    async with running(make_app()):
        for _ in range(3):
            api.inject("sendMessage", Fault.status(403))
            api.push_message("prochaine échéance ?")
            await settle(0.4)
    assert api.sent_messages() == []
    assert not [r for r in caplog.records if r.exc_info]  # no traceback for a blocked user
    assert sum("blocked the bot" in r.getMessage() for r in caplog.records) == 1  # once
    with Store.open(db_path, SALT, create=False) as store:
        assert not store.is_subscribed(DEFAULT_CHAT_ID)
