"""Buttons made for one user, through the real Application and the fake Bot API: in a group, the
role, language and suggestion buttons under one member's message refuse another member with an
alert and change nothing; buttons sent before they carried their owner still work for anyone."""

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
    plain,
    press,
    running,
    settle,
    wait_calls,
)

GROUP = -100888
ASKER, OTHER = 701, 702
MENTION = "@segur_test_bot"
IN_GROUP = {"chat_id": GROUP, "chat_type": "supergroup"}


async def say(api: FakeBotApi, user: int, text: str) -> tuple[dict, int]:
    """A member's message to the bot in the group: the bot's reply and its message id."""
    mention = [{"type": "mention", "offset": 0, "length": len(MENTION)}]
    entities = mention if text.startswith(MENTION) else None
    (reply,) = await exchange(api, text, user_id=user, entities=entities, **IN_GROUP)
    return reply, last_bot_message_id(api)


async def refused(api: FakeBotApi, data: str, message_id: int, user: int) -> dict:
    """Press as `user`; the alert it got, after checking that nothing was sent to the group."""
    before, acks = len(api.calls("sendMessage")), len(api.calls("answerCallbackQuery"))
    api.push_callback(data, chat_id=GROUP, message_id=message_id, user_id=user)
    (ack,) = (await wait_calls(api, "answerCallbackQuery", acks + 1))[acks:]
    await settle()
    assert len(api.calls("sendMessage")) == before
    return ack.params


@pytest.mark.asyncio
async def test_role_and_language_buttons_are_the_askers(
    api: FakeBotApi, make_app, db_path: Path
) -> None:
    async with running(make_app()):
        welcome, welcome_id = await say(api, ASKER, "/start")
        languages, languages_id = await say(api, ASKER, "/langue")
        role_data = dict(buttons(welcome))["Établissement de santé"]
        alert = await refused(api, role_data, welcome_id, OTHER)
        language_alert = await refused(
            api, dict(buttons(languages))["English"], languages_id, OTHER
        )
        (noted,) = await press(api, role_data, message_id=welcome_id, user_id=ASKER, chat_id=GROUP)
    assert role_data == f"r:hospital:{ASKER}"
    assert alert["show_alert"] is True
    assert alert["text"] == (
        "Ces boutons sont pour la personne qui a demandé. Pour choisir votre propre profil : /role."
    )
    assert language_alert["show_alert"] is True and "/langue" in language_alert["text"]
    assert noted["text"].startswith("C'est noté : Établissement de santé")
    with Store.open(db_path, SALT, create=False) as store:
        assert store.get_user(OTHER) is None
        assert store.get_user(ASKER).role == "hospital"
        assert store.get_user(ASKER).lang is None


@pytest.mark.asyncio
async def test_suggestions_answer_only_the_member_who_asked(api: FakeBotApi, make_app) -> None:
    async with running(make_app()):
        unsure, unsure_id = await say(api, ASKER, f"{MENTION} segur")
        offered = buttons(unsure)
        topic_data, none_data = offered[0][1], offered[-1][1]
        alert = await refused(api, topic_data, unsure_id, OTHER)
        none_alert = await refused(api, none_data, unsure_id, OTHER)
        still = api.message(GROUP, unsure_id)
        (answer,) = await press(api, topic_data, message_id=unsure_id, user_id=ASKER, chat_id=GROUP)
    assert all(data.endswith(f":{ASKER}") for _, data in offered)
    for refusal in (alert, none_alert):
        assert refusal["show_alert"] is True
        assert refusal["text"].startswith("Ce bouton est pour la personne qui a posé la question")
    assert still is not None and buttons(still) == offered  # the keyboard was left as it was
    assert "Ségur" in plain(answer)


@pytest.mark.asyncio
async def test_buttons_sent_before_they_carried_an_owner_still_work(
    api: FakeBotApi, make_app, db_path: Path
) -> None:
    async with running(make_app()):
        _, unsure_id = await say(api, ASKER, f"{MENTION} segur")
        (answer,) = await press(
            api, "t:segur_budget", message_id=unsure_id, user_id=OTHER, chat_id=GROUP
        )
        (noted,) = await press(api, "r:vendor", message_id=unsure_id, user_id=OTHER, chat_id=GROUP)
    assert "Ségur" in plain(answer)
    assert noted["text"].startswith("C'est noté : Éditeur / industriel")
    with Store.open(db_path, SALT, create=False) as store:
        assert store.get_user(OTHER).role == "vendor"  # the presser's own, as before
