"""No question lost to a crash: updates are stored before Telegram is told they arrived, answered
after a restart, each once (at-least-once only for a reply in flight at the very kill)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot.devtools.crash import kill_drill
from bot.devtools.fake_bot_api.records import Fault
from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.devtools.fake_bot_api.updates import make_message
from bot.settings import Settings
from bot.store import Store
from bot.telegram_app.inbox import MAX_REPLAYS, Inbox
from tests.helpers.telegram import (
    SALT,
    free_port,
    running,
    settle,
    webhook_running,
)

QUESTION = "quelle est la prochaine date limite ?"
T0 = dt.datetime(2026, 4, 20, 8, 0, tzinfo=dt.UTC)


def _inbox(db: Path) -> dict[int, tuple[str, str | None, int]]:
    """update_id -> (status, raw, attempts), read as another process would."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT update_id, status, raw, attempts FROM inbox").fetchall()
    finally:
        conn.close()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def _left_by_a_killed_bot(db: Path, updates: list[dict[str, Any]], attempts: int = 0) -> None:
    """The inbox as a bot killed after fetching `updates`, before answering them, leaves it."""
    with Store.open(db, SALT) as store:
        store.inbox_add([(u["update_id"], json.dumps(u)) for u in updates], T0)
    if attempts:
        conn = sqlite3.connect(db)
        with conn:
            conn.execute("UPDATE inbox SET attempts = ?", (attempts,))
        conn.close()


def test_kill_9_with_updates_in_flight_loses_no_question(tmp_path: Path) -> None:
    # The real process; each SIGKILL lands while a third of a round's replies are out, the rest
    # fetched, being answered, or not fetched yet.
    drill = kill_drill(tmp_path, kills=2, users=20, latency=0.2, settle=30)
    assert drill.asked == 40
    assert drill.unanswered == 0
    # At-least-once: only replies already sent when the kill came are sent again (at most the
    # 16 updates handled at once, per kill).
    assert drill.twice <= 2 * Settings().concurrent_updates
    # The drill ends with a clean SIGTERM: it finishes what it fetched, nothing stays pending.
    (db,) = tmp_path.glob("drill-*.sqlite3")
    assert {status for status, _, _ in _inbox(db).values()} == {"done"}


@pytest.mark.asyncio
async def test_updates_fetched_before_a_crash_are_answered_at_start_each_once(
    api: FakeBotApi, make_app, db_path: Path
) -> None:
    ids = []
    updates = []
    for chat in (11, 12, 13):
        update = make_message(QUESTION, chat_id=chat, message_id=1)
        update["update_id"] = 100 + chat
        updates.append(update)
        ids.append(update["update_id"])
    _left_by_a_killed_bot(db_path, updates)
    # Telegram never got the next poll either: it sends the last one again.
    api.push_update(json.loads(json.dumps(updates[-1])))
    async with running(make_app()):
        for chat in (11, 12, 13):
            await api.wait_for_messages_async(1, chat_id=chat)
        await settle(0.5)
    assert sorted(m["chat_id"] for m in api.sent_messages()) == [11, 12, 13]
    # Handled: only the ids are kept (to recognise a resend), never the user's text.
    assert {i: v[:2] for i, v in _inbox(db_path).items()} == {i: ("done", None) for i in ids}


@pytest.mark.asyncio
async def test_a_fetched_batch_is_in_the_inbox_before_the_poll_that_confirms_it(
    api: FakeBotApi, make_app, db_path: Path
) -> None:
    api.inject("sendMessage", Fault.delay(2.0))  # the answer is slow to go out
    async with running(make_app()):
        update = api.push_message(QUESTION, chat_id=21)
        # The next poll confirmed it: Telegram has forgotten it, the inbox has not.
        for _ in range(100):
            if api.pending_updates == 0:
                break
            await asyncio.sleep(0.01)
        assert api.pending_updates == 0 and api.sent_messages() == []
        status, raw, _ = _inbox(db_path)[update["update_id"]]
        assert status == "pending" and raw is not None and QUESTION in raw
        await api.wait_for_messages_async(1, chat_id=21)
        await settle(0.3)
    assert _inbox(db_path)[update["update_id"]][:2] == ("done", None)


@pytest.mark.asyncio
async def test_an_update_that_never_finishes_is_given_up_after_a_few_starts(
    api: FakeBotApi, make_app, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    update = make_message(QUESTION, chat_id=31, message_id=1)
    update["update_id"] = 500
    _left_by_a_killed_bot(db_path, [update], attempts=MAX_REPLAYS)
    app = make_app()
    async with running(app):
        await settle(0.5)
        assert app.bot_data.store.inbox_failed_count() == 1
    assert api.sent_messages() == []
    assert _inbox(db_path)[500][:2] == ("failed", None)
    assert "update 500 given up" in caplog.text and QUESTION not in caplog.text


@pytest.mark.asyncio
async def test_the_webhook_stores_before_its_200_and_knows_a_resend_after_a_restart(
    api: FakeBotApi, make_app, db_path: Path
) -> None:
    port = free_port()
    overrides = {
        "webhook_url": f"http://127.0.0.1:{port}/hook",
        "webhook_secret": "s3cret",
        "listen": "127.0.0.1",
        "port": port,
    }
    settings = Settings(**{**overrides, "token": api.token})
    update = make_message(QUESTION, chat_id=41, message_id=1)
    async with webhook_running(make_app(**overrides), settings):
        assert (
            await api.post_webhook_async(f"{settings.webhook_url}", update, secret="s3cret") == 200
        )
        await api.wait_for_messages_async(1, chat_id=41)
        await settle(0.3)
    assert _inbox(db_path)[update["update_id"]][0] == "done"
    # Telegram did not get the 200 in time and posts it again, to the restarted bot.
    async with webhook_running(make_app(**overrides), settings):
        assert (
            await api.post_webhook_async(f"{settings.webhook_url}", update, secret="s3cret") == 200
        )
        await settle(0.5)
    assert len(api.sent_messages(41)) == 1


def test_a_copy_telegram_sends_again_never_marks_the_real_one_done_early(db_path: Path) -> None:
    update = make_message(QUESTION, chat_id=51, message_id=1)
    update["update_id"] = 700
    with Store.open(db_path, SALT) as store:
        inbox = Inbox(store)
        assert inbox.accept([update]) == [update]  # new: handed over, in flight
        assert inbox.accept([update]) == [{"update_id": 700}]  # sent again: a bare id
        inbox.done(700)  # whichever copy finishes first...
        assert _inbox(db_path)[700][0] == "pending"
        inbox.done(700)  # ...only both finished mark it done
        assert _inbox(db_path)[700][0] == "done"
