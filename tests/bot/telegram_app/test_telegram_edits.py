"""An edited question is answered again by editing the bot's answer in place; after a restart
(the map of questions to answers is in memory) it gets a new answer instead."""

from __future__ import annotations

import pytest

from bot.devtools.fake_bot_api.records import DEFAULT_CHAT_ID
from bot.devtools.fake_bot_api.server import FakeBotApi
from tests.helpers.telegram import exchange, plain, running, settle, wait_calls


@pytest.mark.asyncio
async def test_an_edited_question_edits_its_answer(api: FakeBotApi, make_app) -> None:
    async with running(make_app()):
        (first,) = await exchange(api, "c quoi le budget du segur ?")
        answer_id = api.calls("sendMessage")[-1].result["message_id"]
        question_id = answer_id - 1  # users and the bot share the chat's message ids
        api.push_edited_message("quand ferme la fenêtre F3 ?", message_id=question_id)
        (edited,) = await wait_calls(api, "editMessageText", 1)
        # The same text again (an edit of a typo that changes nothing): no second edit, no reply.
        api.push_edited_message("quand ferme la fenêtre F3 ?", message_id=question_id)
        await settle()
    assert "2 milliards" in plain(first)
    assert edited.ok and edited.params["message_id"] == answer_id
    now = api.message(DEFAULT_CHAT_ID, answer_id)
    assert now is not None and "F3" in now["text"] and "2 milliards" not in now["text"]
    assert len(api.calls("sendMessage")) == 1  # never a second message


@pytest.mark.asyncio
async def test_after_a_restart_an_edited_question_gets_a_new_answer(
    api: FakeBotApi, make_app
) -> None:
    async with running(make_app()):
        await exchange(api, "c quoi le budget du segur ?")
    question_id = api.calls("sendMessage")[-1].result["message_id"] - 1
    async with running(make_app()):
        api.push_edited_message("quand ferme la fenêtre F3 ?", message_id=question_id)
        sent = await api.wait_for_messages_async(2)
    assert "F3" in plain(sent[-1]) and api.calls("editMessageText") == []
