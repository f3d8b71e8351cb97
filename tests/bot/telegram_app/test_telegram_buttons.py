"""Buttons the Telegram way: one suggestion is a yes/no question, several end with "none of
these"; a press edits the keyboard in place and answers with a toast that says something."""

from __future__ import annotations

import pytest

from bot.devtools.fake_bot_api.records import DEFAULT_CHAT_ID
from bot.devtools.fake_bot_api.server import FakeBotApi
from tests.helpers.telegram import (
    buttons,
    exchange,
    last_bot_message_id,
    plain,
    press,
    running,
    url_buttons,
    wait_calls,
)

ME = DEFAULT_CHAT_ID  # in a private chat, the user's id is the chat's
ONE_SUGGESTION = "ton info vient d où ?"  # the engine offers one topic: source_event


@pytest.mark.asyncio
async def test_a_single_suggestion_is_a_yes_no_question(api: FakeBotApi, make_app, engine) -> None:
    title = engine.kb.topics["source_event"].title.fr
    async with running(make_app()):
        (asked,) = await exchange(api, ONE_SUGGESTION)
        asked_id = last_bot_message_id(api)
        (answer,) = await press(api, f"t:source_event:{ME}", message_id=asked_id)
        await wait_calls(api, "editMessageReplyMarkup", 1)
    assert plain(asked) == f"Je ne suis pas sûr d'avoir compris. Vouliez-vous dire « {title} » ?"
    assert buttons(asked) == [("Oui", f"t:source_event:{ME}"), ("Non", f"n:none:{ME}")]
    assert buttons(api.message(DEFAULT_CHAT_ID, asked_id)) == [("✓ Oui", "d:done")]
    expected = engine.answer_topic("source_event", today=engine.calendar.items[0].closes.day)
    assert plain(answer).split()[:3] == expected.text.split()[:3]


@pytest.mark.asyncio
async def test_none_of_these_says_what_next_and_offers_the_channels(
    api: FakeBotApi, make_app
) -> None:
    async with running(make_app()):
        await exchange(api, "segur")
        asked_id = last_bot_message_id(api)
        (next_step,) = await press(api, f"n:none:{ME}", message_id=asked_id)
        (ack,) = await wait_calls(api, "answerCallbackQuery", 1)
        await wait_calls(api, "editMessageReplyMarkup", 1)
        (en,) = await exchange(api, "what about segur", language_code="en", chat_id=2020)
        en_id = last_bot_message_id(api)
        none = f"n:none:{2020}"
        (en_next,) = await press(api, none, chat_id=2020, message_id=en_id, language_code="en")
    assert ack.params["text"] == "Voici comment continuer"
    assert buttons(api.message(DEFAULT_CHAT_ID, asked_id)) == [
        ("✓ Aucune de ces réponses", "d:done")
    ]
    assert next_step["text"].startswith("D'accord. Reformulez votre question")
    channels = url_buttons(next_step)
    assert channels and all(url.startswith("https://") for _, url in channels)
    assert buttons(en)[-1] == ("None of these", "n:none:2020")
    assert en_next["text"].startswith("All right.") and url_buttons(en_next)


@pytest.mark.asyncio
async def test_the_channels_are_buttons_and_never_a_sentence_in_the_text(
    api: FakeBotApi, make_app
) -> None:
    async with running(make_app()):
        (off_topic,) = await exchange(api, "c'est quelle ligne de metro pour la station Ségur ?")
        (window,) = await exchange(api, "prochaine fenêtre SUN-ES ?")  # April 2026: none ahead
        await exchange(api, "/role")
        await press(api, "r:hospital", message_id=last_bot_message_id(api))
        (nothing,) = await exchange(api, "/prochaine")
    for message in (off_topic, window, nothing):
        assert "Canaux officiels" not in message["text"] and "https://" not in plain(message)
        assert url_buttons(message)
