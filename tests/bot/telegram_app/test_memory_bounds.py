"""Per-chat memory stays bounded however many chats come (the soak's 60,000): the flood
guard's buckets, the blocked chats; the conversation frames and caches have their own caps."""

from __future__ import annotations

import pytest

from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.telegram_app.application import BotApplication
from bot.telegram_app.bounded import BoundedSet
from bot.telegram_app.context import BotData
from bot.telegram_app.flood import PRUNE_FROM, Decision, FloodGuard
from tests.helpers.telegram import running


def test_the_flood_guard_keeps_the_recent_chats_only() -> None:
    now = [0.0]
    guard = FloodGuard(capacity=8, rate=0.5, clock=lambda: now[0])
    biggest = 0
    for chat in range(60_000):  # 33 new chats a second, as in the 30-minute soak
        now[0] = chat / 33
        assert guard.check(chat) is Decision.ALLOW
        biggest = max(biggest, len(guard._buckets))
    # A bucket refills in 16 s: about 530 chats are ever worth remembering.
    assert biggest <= 2 * PRUNE_FROM


def test_the_flood_guard_still_stops_a_flood_among_many_chats() -> None:
    now = [0.0]
    guard = FloodGuard(capacity=3, rate=0.5, clock=lambda: now[0])
    decisions = []
    for chat in range(5_000):
        now[0] = chat / 1000
        guard.check(chat)
        decisions.append(guard.check(-1))  # one chat sending a message per new chat
    assert decisions[:3] == [Decision.ALLOW] * 3 and decisions[3] is Decision.NOTIFY
    assert Decision.DROP in decisions[4:]


def test_the_blocked_chats_are_bounded() -> None:
    blocked = BotData().blocked
    for chat in range(25_000):
        blocked.add(chat)
    assert len(blocked) == 10_000 and 24_999 in blocked and 0 not in blocked
    blocked.discard(24_999)
    assert 24_999 not in blocked


def test_a_bounded_set_forgets_the_oldest_added() -> None:
    members = BoundedSet(limit=2)
    members.add(1)
    members.add(2)
    members.add(1)  # added again: the newest now
    members.add(3)
    assert 1 in members and 3 in members and 2 not in members


@pytest.mark.asyncio
async def test_the_application_keeps_no_chat_id_for_a_persistence_it_does_not_have(
    api: FakeBotApi, make_app
) -> None:
    # python-telegram-bot marks every update's chat and user for the next persistence write;
    # without a persistence nothing ever emptied those sets (the soak's slow climb).
    app = make_app()
    async with running(app):
        for chat in range(40):
            api.push_message("prochaine fenêtre ?", chat_id=10_000 + chat)
        await api.wait_for_messages_async(40, timeout=30)
        assert isinstance(app, BotApplication) and app.persistence is None
        assert not app._chat_ids_to_be_updated_in_persistence
        assert not app._user_ids_to_be_updated_in_persistence
