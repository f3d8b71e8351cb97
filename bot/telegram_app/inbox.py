"""No question lost to a crash: updates are stored before Telegram is told they arrived.

Polling confirms a batch by asking for the next one, and webhook mode by answering 200; after
that Telegram forgets the batch, so a bot killed (`kill -9`, out of memory) with updates fetched
but not yet answered used to lose them. Here:

- `InboxUpdatesRequest` (getUpdates only) writes each batch to the store's inbox before PTB sees
  it, hence before the next poll confirms it; the webhook does the same before its 200;
- `InboxUpdateProcessor` marks an update done once its handler has returned;
- `Inbox.replay`, at start, hands the updates still pending to the Application again, before the
  first poll. An update Telegram sends again (it was never confirmed) is recognised by its id.

Each update is handled once, except when the bot dies between sending a reply and marking the
update done: then it is answered again after the restart (at-least-once, never lost). An update
that was handed to the bot at MAX_REPLAYS starts without being finished (it may be what kills
the bot) is given up and counted. When the store cannot write, updates are still answered, only
without that safety net.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import time
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import Application, SimpleUpdateProcessor
from telegram.request import RequestData

from bot.store import Store
from bot.store.files import StoreError, StoreLostError
from bot.telegram_app.poison import TolerantUpdatesRequest

logger = logging.getLogger(__name__)

MAX_REPLAYS = 3
# Telegram keeps an unconfirmed update 24 hours: a handled id older than that cannot come back.
KEEP_HANDLED = dt.timedelta(hours=24)
FORGET_EVERY = 60.0  # seconds between two clean-ups of handled rows
# Updates fetched but not yet handled, past which the next poll waits: under a load the bot
# cannot carry, the backlog stays with Telegram instead of growing in memory.
MAX_IN_FLIGHT = 500


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _has_content(raw: Any) -> bool:
    """A real update, not the bare id bot.telegram_app.poison leaves of an unreadable one."""
    return isinstance(raw, dict) and isinstance(raw.get("update_id"), int) and len(raw) > 1


class Inbox:
    """The store's inbox as the adapter uses it; one per Application."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # Stored as pending and handed to the Application by this process: what done() marks.
        self._in_flight: set[int] = set()
        # Ids of those sent again by Telegram meanwhile, handed to PTB as bare ids (see accept).
        self._echoes: set[int] = set()
        self._failing = False  # a store fault is logged once, not per batch
        self._forgotten_at = 0.0

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    def accept(self, batch: list[Any]) -> list[Any]:
        """Store a fetched batch; returns it with the updates already known (handled, or handed
        over again at start) replaced by their bare id, so the offset still moves past them."""
        fresh = [raw for raw in batch if _has_content(raw)]
        if not fresh:
            return batch
        try:
            new = self.store.inbox_add(
                [(raw["update_id"], json.dumps(raw, ensure_ascii=False)) for raw in fresh], _now()
            )
        except StoreError as exc:
            self._fault(exc)
            return batch  # answered all the same, only not crash-safe
        self._failing = False
        self._in_flight.update(new)
        out = []
        for raw in batch:
            if not _has_content(raw) or raw["update_id"] in new:
                out.append(raw)
                continue
            if raw["update_id"] in self._in_flight:
                # Handed over again at start and being handled: this bare copy must not mark it
                # done before the real one has finished.
                self._echoes.add(raw["update_id"])
            out.append({"update_id": raw["update_id"]})
        return out

    def accept_one(self, raw: dict[str, Any]) -> bool:
        """The webhook's update, stored before the 200; False when it is known already."""
        self.confirmed(None)  # no offsets in webhook mode: handled rows go after 24 hours
        return len(self.accept([raw])[0]) > 1

    def done(self, update_id: int) -> None:
        if update_id not in self._in_flight:
            return
        if update_id in self._echoes:  # the first of two copies: the other is still running
            self._echoes.discard(update_id)
            return
        self._in_flight.discard(update_id)
        try:
            self.store.inbox_done(update_id, _now())
        except StoreError as exc:
            self._fault(exc)

    def confirmed(self, offset: int | None) -> None:
        """A poll with this offset succeeded: Telegram dropped every update below it, so their
        handled rows can go (at most once a minute)."""
        if time.monotonic() - self._forgotten_at < FORGET_EVERY:
            return
        self._forgotten_at = time.monotonic()
        try:
            self.store.inbox_forget(below=offset, before=_now() - KEEP_HANDLED)
        except StoreError as exc:
            self._fault(exc)

    async def replay(self, app: Application[Any, Any, Any, Any, Any, Any]) -> int:
        """At start, before the first poll: the updates stored but not answered last time."""
        count = 0
        for row in self.store.inbox_pending():
            if row.attempts >= MAX_REPLAYS:
                logger.warning(
                    "update %d given up: %d starts did not finish it", row.update_id, row.attempts
                )
                self.store.inbox_done(row.update_id, _now(), failed=True)
                continue
            self.store.inbox_attempt(row.update_id)
            try:
                update = Update.de_json(json.loads(row.raw), app.bot)
            except Exception:  # stored by an older library that could read it: not this one
                self.store.inbox_done(row.update_id, _now(), failed=True)
                continue
            self._in_flight.add(row.update_id)
            await app.update_queue.put(update)
            count += 1
        if count:
            logger.warning(
                "%d updates were received but not answered before the bot stopped: answering "
                "them now",
                count,
            )
        return count

    def _fault(self, exc: StoreError) -> None:
        if not self._failing:
            self._failing = True
            # A lost file was logged by the store when found: say so, not its long advice again.
            why = "the database file was lost" if isinstance(exc, StoreLostError) else str(exc)
            logger.warning("inbox not written, updates are not crash-safe for now: %s", why)


class InboxUpdatesRequest(TolerantUpdatesRequest):
    """The getUpdates request: unreadable updates skipped (bot.telegram_app.poison), the rest
    stored in the inbox before PTB sees them."""

    def __init__(self, inbox: Inbox, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.inbox = inbox

    async def do_request(  # type: ignore[override]
        self, url: str, method: str, request_data: RequestData | None = None, **kwargs: Any
    ) -> tuple[int, bytes]:
        while self.inbox.in_flight > MAX_IN_FLIGHT:
            await asyncio.sleep(0.05)
        return await super().do_request(url, method, request_data, **kwargs)

    def received(self, batch: list[Any], offset: int | None) -> list[Any]:
        self.inbox.confirmed(offset)
        return self.inbox.accept(batch)


class InboxUpdateProcessor(SimpleUpdateProcessor):
    """Runs each update's handlers as PTB does, then marks it done in the inbox."""

    def __init__(self, inbox: Inbox, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self.inbox = inbox

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        try:
            await coroutine
        except asyncio.CancelledError:
            raise  # not finished: still pending, handed over again at the next start
        except Exception:
            self._done(update)
            raise
        self._done(update)

    def _done(self, update: object) -> None:
        if isinstance(update, Update):
            self.inbox.done(update.update_id)


def inbox_of(app: Application[Any, Any, Any, Any, Any, Any]) -> Inbox | None:
    """The Application's inbox (None for an Application built without one, as the bench's)."""
    processor = app.update_processor
    return processor.inbox if isinstance(processor, InboxUpdateProcessor) else None
