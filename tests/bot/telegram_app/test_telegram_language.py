"""The language follows the user's message, through the real Application and the fake Bot API:
a French question from a user whose Telegram client is in English gets French, in a private
chat and in a group, and so does what follows from it (a suggestion's answer, "none of these");
the toasts speak the client's language (or the one chosen with /langue)."""

from __future__ import annotations

import pytest

from bot.devtools.fake_bot_api.server import FakeBotApi
from tests.helpers.telegram import (
    buttons,
    exchange,
    last_bot_message_id,
    paris,
    plain,
    press,
    running,
)

ENGLISH_CLIENT = {"language_code": "en"}
GROUP, FRENCH_SPEAKER, ENGLISH_SPEAKER = -100321, 811, 812
MENTION = "@segur_test_bot"


async def ask_in_group(api: FakeBotApi, user: int, text: str, client: str) -> dict:
    (reply,) = await exchange(
        api,
        f"{MENTION} {text}",
        chat_id=GROUP,
        chat_type="supergroup",
        user_id=user,
        language_code=client,
        entities=[{"type": "mention", "offset": 0, "length": len(MENTION)}],
    )
    return reply


@pytest.mark.asyncio
async def test_a_french_question_from_an_english_client_gets_french(
    api: FakeBotApi, make_app
) -> None:
    async with running(make_app()):
        (private,) = await exchange(api, "quand ferme la fenêtre F3 ?", **ENGLISH_CLIENT)
        french = await ask_in_group(api, FRENCH_SPEAKER, "quand ferme la fenêtre F3 ?", "en")
        english = await ask_in_group(api, ENGLISH_SPEAKER, "when does the F3 window close?", "fr")
    for reply in (private, french):
        assert "fenêtre SUN-ES F3" in plain(reply) and "clos depuis" in plain(reply)
    assert "closed since" in plain(english)


@pytest.mark.asyncio
async def test_what_follows_a_french_question_stays_french_and_toasts_follow_the_client(
    api: FakeBotApi, make_app, engine
) -> None:
    async with running(make_app()):
        (unsure,) = await exchange(api, "segur", **ENGLISH_CLIENT)
        unsure_id = last_bot_message_id(api)
        title, data = buttons(unsure)[0]
        (answer,) = await press(api, data, message_id=unsure_id, **ENGLISH_CLIENT)
        toast = api.calls("answerCallbackQuery")[-1].params["text"]
        (again,) = await exchange(api, "segur", **ENGLISH_CLIENT)
        again_id = last_bot_message_id(api)
        none_data = buttons(again)[-1][1]
        (next_step,) = await press(api, none_data, message_id=again_id, **ENGLISH_CLIENT)
    topic = engine.kb.topics["segur_budget"]
    assert plain(unsure).startswith("Je ne suis pas sûr") and title == topic.title.fr
    # The answer itself, not only its French quotes: the topic's French text.
    french = engine.answer_topic("segur_budget", today=paris(2026, 4, 20).date(), lang="fr")
    assert plain(answer).split()[:4] == french.text.split()[:4]
    assert toast == f"Answer: {topic.title.en}"
    assert next_step["text"].startswith("D'accord.")
