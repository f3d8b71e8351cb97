"""An outage does not drop replies: what Telegram cannot take now waits in the outbox.

A reply (sendMessage) that still fails after the rate limiter's few quick retries, on a network
error, a 5xx or a 429, is written to the store's outbox and the handler goes on as if it was sent;
a background task sends the outbox in order, backing off (and waiting out each `retry_after`),
until each reply's give-up time (SEGUR_REPLY_RETRY_SECONDS after it was written). A later reply to
a chat with replies waiting queues behind them, so a chat's answers keep their order. The outbox
is in the database, so a restart during the outage sends them after the start. A reply given up
is recorded (its chat, method and the kind of error; not its text) for the support report.

At-least-once: a reply whose answer was lost in a timeout may have reached the user; it is sent
again rather than risk losing it. Replies with a file (an .ics, a picture) and button toasts keep
only the quick retries: an upload is large, and a toast is useless a minute late.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import contextvars
import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Bot, TelegramObject
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from bot.store import Store
from bot.store.files import StoreError
from bot.store.records import OutboxRow
from bot.telegram_app.delivery import JSONDict, RetryingRateLimiter, retry_seconds

logger = logging.getLogger(__name__)

DEFERRED = frozenset({"sendMessage"})
# Before a reply goes to the outbox: one 429 waited out inline if it asks for little, and two
# quick network retries (0.75 s): a blip is absorbed without delaying the reply.
INLINE_FLOOD_WAIT = 5.0
INLINE_NETWORK_RETRIES = 2
MAX_BACKOFF = (
    10.0  # the longest pause between two tries: an answer comes soon after Telegram is back
)

_draining: contextvars.ContextVar[bool] = contextvars.ContextVar("outbox_draining", default=False)


def _jsonable(value: object) -> object:
    """What json.dumps cannot write itself: the call's keyboards and link options, dates."""
    if isinstance(value, TelegramObject):
        return value.to_dict()
    if isinstance(value, dt.datetime):
        return int(value.timestamp())
    raise TypeError(f"cannot keep a {type(value).__name__} in the outbox")


def _utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Outbox:
    """The store's outbox as the adapter uses it: deferring replies, and the task sending them."""

    def __init__(
        self,
        store: Store,
        *,
        retry_seconds: float = 300.0,
        backoff: float = 1.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.retry_seconds = retry_seconds
        self.backoff = backoff
        self._clock = clock
        self._waiting: collections.Counter[int] = collections.Counter()  # chat id -> replies
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._bot: Bot | None = None
        self._delay = backoff
        self.sent_late = 0  # since the outbox last emptied, for the log line that says so

    def waiting(self, chat_id: int) -> bool:
        return chat_id in self._waiting

    def defer(self, chat_id: int, endpoint: str, data: dict[str, Any], why: str) -> JSONDict:
        """Keep the call for later (StoreError when it cannot be kept); returns what Telegram
        would have answered, as far as a handler reads it."""
        params = {name: value for name, value in data.items() if value is not None}
        self.store.outbox_add(
            chat_id,
            endpoint,
            json.dumps(params, ensure_ascii=False, default=_jsonable),
            _utc(),
            self._clock() + self.retry_seconds,
        )
        if not self._waiting:
            logger.warning(
                "Telegram is not taking replies (%s): keeping them, retrying for up to %.0f s",
                why,
                self.retry_seconds,
            )
        self._waiting[chat_id] += 1
        if self._wake is not None:
            self._wake.set()
        return {
            "message_id": 0,
            "date": int(self._clock()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "text": str(params.get("text", "")),
        }

    async def start(self, bot: Bot) -> None:
        """At start: count what a previous run left, and start sending."""
        self._bot = bot
        left = self.store.outbox_pending()
        for row in left:
            self._waiting[row.chat_id] += 1
        self._wake = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name="outbox")
        if left:
            logger.warning(
                "%d replies were waiting for Telegram at the last stop: sending them", len(left)
            )
            self._wake.set()

    async def stop(self) -> None:
        """What is still waiting stays in the store, for the next start."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        assert self._wake is not None
        while True:
            await self._wake.wait()
            self._wake.clear()
            while True:
                try:
                    pause = await self._send_waiting()
                except StoreError as exc:  # the rows stay as they are: try again later
                    logger.warning("outbox not written: %s", exc)
                    pause = MAX_BACKOFF
                if pause is None:
                    break
                await asyncio.sleep(pause)

    async def _send_waiting(self) -> float | None:
        """One pass over the outbox, in order; None when it is empty, else the pause before the
        next pass (0 after a full pass: replies deferred meanwhile)."""
        rows = self.store.outbox_pending()
        if not rows:
            if self.sent_late:
                logger.warning("Telegram takes replies again: %d sent late", self.sent_late)
                self.sent_late = 0
            self._delay = self.backoff
            return None
        for row in rows:
            if self._clock() >= row.give_up_at:
                self._given_up(row, "expired")
                continue
            try:
                await self._send(row)
            except RetryAfter as exc:
                return retry_seconds(exc)
            except Forbidden:
                self._given_up(row, "blocked")
                continue
            except BadRequest:
                self._given_up(row, "refused")
                continue
            except NetworkError:
                pause, self._delay = self._delay, min(self._delay * 2, MAX_BACKOFF)
                return pause
            except (TelegramError, TypeError, ValueError) as exc:  # never sendable as it is
                self._given_up(row, type(exc).__name__)
                continue
            self._delay = self.backoff
            self.sent_late += 1
            self._done(row)
            self.store.outbox_sent(row.id)
        return 0.0

    async def _send(self, row: OutboxRow) -> None:
        assert self._bot is not None
        token = _draining.set(True)
        try:
            await self._bot.send_message(**json.loads(row.params))
        finally:
            _draining.reset(token)

    def _given_up(self, row: OutboxRow, reason: str) -> None:
        logger.warning("a reply was given up (%s): counted in the support report", reason)
        self._done(row)
        self.store.outbox_failed(row.id, reason)

    def _done(self, row: OutboxRow) -> None:
        self._waiting[row.chat_id] -= 1
        if self._waiting[row.chat_id] <= 0:
            del self._waiting[row.chat_id]


class OutboxRateLimiter(RetryingRateLimiter):
    """The rate limiter every call goes through: replies that fail are handed to the outbox."""

    def __init__(self, outbox: Outbox, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.outbox = outbox

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        chat_id = data.get("chat_id")
        if endpoint not in DEFERRED or not isinstance(chat_id, int):
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )
        if _draining.get():
            # The outbox's own try: it waits and backs off itself.
            return await self.attempt(callback, args, kwargs, endpoint, data, 0, 0)
        if self.outbox.waiting(chat_id):
            return self._defer(chat_id, endpoint, data, "earlier replies to this chat wait")
        try:
            return await self.attempt(
                callback,
                args,
                kwargs,
                endpoint,
                data,
                1,
                INLINE_NETWORK_RETRIES,
                max_wait=INLINE_FLOOD_WAIT,
            )
        except BadRequest:
            raise
        except (RetryAfter, NetworkError) as exc:
            return self._defer(chat_id, endpoint, data, type(exc).__name__, exc)

    def _defer(
        self,
        chat_id: int,
        endpoint: str,
        data: dict[str, Any],
        why: str,
        error: Exception | None = None,
    ) -> JSONDict:
        try:
            return self.outbox.defer(chat_id, endpoint, data, why)
        except StoreError as exc:
            logger.warning("reply not kept for later: %s", exc)
            if error is not None:
                raise error from None
            raise


def outbox_of(app: Application[Any, Any, Any, Any, Any, Any]) -> Outbox | None:
    """The Application's outbox (None for an Application built without one, as the bench's)."""
    limiter = getattr(app.bot, "rate_limiter", None)
    return limiter.outbox if isinstance(limiter, OutboxRateLimiter) else None
