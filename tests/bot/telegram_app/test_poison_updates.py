"""An update python-telegram-bot cannot read is skipped once; everyone else is answered."""

from __future__ import annotations

import logging

import pytest

from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.devtools.fake_bot_api.updates import make_message
from tests.helpers.telegram import exchange, running, settle

POISONS = {
    "message-without-date": lambda: {"message": _without(make_message("bonjour")["message"], "date")},
    "message-without-id": lambda: {"message": _without(make_message("bonjour")["message"], "message_id")},
    "poll-without-fields": lambda: {"poll": {"id": "1"}},
}  # fmt: skip


def _without(message: dict, key: str) -> dict:
    return {k: v for k, v in message.items() if k != key}


@pytest.mark.asyncio
@pytest.mark.parametrize("kind", list(POISONS))
async def test_a_poison_update_is_skipped_and_the_next_message_answered(
    api: FakeBotApi, make_app, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    caplog.set_level(logging.WARNING)
    async with running(make_app()):
        poison = api.push_update(POISONS[kind]())
        await settle(0.3)
        (reply,) = await exchange(api, "/aide")
        assert reply["text"]  # the bot is not deaf
        polls = len(api.calls("getUpdates"))
        await settle(0.5)
        # No refetch storm: a long-poll client asks a few times a second at most.
        assert len(api.calls("getUpdates")) - polls < 10
    skipped = [r for r in caplog.records if "skipped update" in r.getMessage()]
    assert len(skipped) == 1 and str(poison["update_id"]) in skipped[0].getMessage()
    assert "bonjour" not in skipped[0].getMessage()  # its id and kind, never its content
