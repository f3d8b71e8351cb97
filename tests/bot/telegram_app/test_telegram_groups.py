"""The bot in a group, driven through the fake Bot API as two members use it: answers reply to
their question, a reply to the bot counts as addressing it, a caption is read, and the bot greets
once when it is added."""

from __future__ import annotations

import pytest

from bot.devtools.fake_bot_api.server import FakeBotApi
from tests.helpers.telegram import exchange, plain, running, settle

GROUP = -100777
ALICE, BOB = 11, 22  # a hospital IT manager and a vendor, in one group
MENTION = "@segur_test_bot"


def mention(text: str) -> dict:
    return {
        "chat_id": GROUP,
        "chat_type": "supergroup",
        "entities": [{"type": "mention", "offset": 0, "length": len(MENTION)}],
    }


@pytest.mark.asyncio
async def test_two_members_each_get_an_answer_replying_to_their_question(
    api: FakeBotApi, make_app
) -> None:
    async with running(make_app()):
        question = f"{MENTION} c quoi le budget du segur ?"
        (to_alice,) = await exchange(api, question, user_id=ALICE, **mention(question))
        alice_question = api.calls("sendMessage")[-1].params["reply_parameters"]["message_id"]
        answer_id = api.calls("sendMessage")[-1].result["message_id"]

        # Bob's chatter is not for the bot; his reply to the bot's answer is.
        api.push_message("on déjeune à midi ?", chat_id=GROUP, chat_type="supergroup", user_id=BOB)
        await settle()
        assert api.sent_messages(GROUP) == [to_alice]
        (to_bob,) = await exchange(
            api,
            "et les fenêtres SUN-ES, c'est quand ?",
            chat_id=GROUP,
            chat_type="supergroup",
            user_id=BOB,
            reply_to_message_id=answer_id,
        )
    assert "2 milliards" in plain(to_alice)
    replied = api.message(GROUP, api.calls("sendMessage")[0].result["message_id"])
    assert replied is not None and replied["reply_to_message"]["from"]["id"] == ALICE
    assert replied["reply_to_message"]["message_id"] == alice_question
    bob_reply = api.message(GROUP, api.calls("sendMessage")[-1].result["message_id"])
    assert bob_reply is not None and bob_reply["reply_to_message"]["from"]["id"] == BOB
    assert "SUN-ES" in plain(to_bob)


@pytest.mark.asyncio
async def test_a_caption_mentioning_the_bot_is_a_question(api: FakeBotApi, make_app) -> None:
    caption = f"{MENTION} c quoi le budget du segur ?"
    entities = [{"type": "mention", "offset": 0, "length": len(MENTION)}]
    async with running(make_app()):
        api.push_document(chat_id=GROUP, chat_type="supergroup", caption="le courrier de l'ARS")
        await settle()
        assert api.sent_messages(GROUP) == []  # a file shared between members: not for the bot
        api.push_document(
            chat_id=GROUP, chat_type="supergroup", caption=caption, caption_entities=entities
        )
        (answer,) = await api.wait_for_messages_async(1, chat_id=GROUP)
    assert "2 milliards" in plain(answer) and "reply_parameters" in answer


@pytest.mark.asyncio
async def test_added_to_a_group_the_bot_greets_once_with_how_to_ask(
    api: FakeBotApi, make_app
) -> None:
    async with running(make_app()):
        api.push_my_chat_member(chat_id=GROUP, old_status="left", new_status="member")
        (hello,) = await api.wait_for_messages_async(1, chat_id=GROUP)
        # Made an admin, then removed: nothing to say.
        api.push_my_chat_member(chat_id=GROUP, old_status="member", new_status="administrator")
        api.push_my_chat_member(chat_id=GROUP, old_status="administrator", new_status="left")
        await settle(0.3)
        english = -100888
        api.push_my_chat_member(chat_id=english, language_code="en")
        (hello_en,) = await api.wait_for_messages_async(1, chat_id=english)
    assert api.sent_messages(GROUP) == [hello]
    assert hello["text"].startswith("Bonjour !") and f"{MENTION} quand ferme" in hello["text"]
    assert "répondez à l'un de mes messages" in hello["text"]
    assert hello_en["text"].startswith("Hello!") and "/next" in hello_en["text"]


@pytest.mark.asyncio
async def test_in_a_private_chat_answers_do_not_quote_the_question(
    api: FakeBotApi, make_app
) -> None:
    async with running(make_app()):
        (answer,) = await exchange(api, "c quoi le budget du segur ?")
    assert "reply_parameters" not in answer
