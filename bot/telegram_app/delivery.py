"""Getting replies through a flaky network: Telegram's flood limits plus transient-fault retries.

PTB's AIORateLimiter keeps under Telegram's flood limits, but it does not retry a 502, a dropped
connection or a timeout: the handler would fail and the user would get nothing. This subclass
retries those with a short exponential backoff, and 429s after their `retry_after`, for every
Bot API call that goes through the rate limiter (all of them except getUpdates, which PTB's
updater already retries on its own). Replies that still fail wait in the outbox
(bot.telegram_app.outbox), which retries them for minutes.

Semantics: a 5xx or a refused connection means Telegram did not act, so a retry delivers the
message exactly once. A read timeout is ambiguous (Telegram may have acted before the answer was
lost), so retrying it is at-least-once; we accept that, because a lost answer is worse for the
user than a rare duplicate. A 400 (BadRequest) is never retried: it would fail again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import AIORateLimiter

JSONDict = dict[str, Any]
logger = logging.getLogger(__name__)


class _QuietGiveUp(logging.Filter):
    """AIORateLimiter logs a traceback for every 429 once its retries are spent; with them off,
    that is every 429, which this module retries and logs itself in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Rate limit hit after maximum")


logging.getLogger("telegram.ext.AIORateLimiter").addFilter(_QuietGiveUp())


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter's flood limits, plus retries of 429s (honouring `retry_after`) and of
    transient network failures.

    AIORateLimiter's own 429 retries are turned off (it logs a traceback when it gives up, and
    cannot be told to retry one call less than another); a 429 here pauses every call until its
    `retry_after` has passed, as Telegram asks.
    """

    def __init__(
        self,
        *,
        max_retries: int = 3,
        network_retries: int = 5,
        backoff: float = 0.25,
        **kwargs: Any,
    ) -> None:
        super().__init__(max_retries=0, **kwargs)
        self._flood_retries = max_retries
        self._network_retries = network_retries
        self._backoff = backoff
        self._paused_until = 0.0  # time.monotonic(): no call before, after a 429

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        return await self.attempt(
            callback, args, kwargs, endpoint, data, self._flood_retries, self._network_retries
        )

    async def attempt(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        flood_retries: int,
        network_retries: int,
        max_wait: float = float("inf"),
    ) -> bool | JSONDict | list[JSONDict]:
        """One call with up to `flood_retries` 429 retries (none whose retry_after is over
        `max_wait`) and `network_retries` retries of 5xx, timeouts and dropped connections."""
        floods = networks = 0
        while True:
            pause = self._paused_until - time.monotonic()
            if pause > 0:
                await asyncio.sleep(pause)
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, None)
            except BadRequest:
                raise  # a subclass of NetworkError in PTB, but permanent
            except RetryAfter as exc:
                wait = retry_seconds(exc)
                self._paused_until = max(self._paused_until, time.monotonic() + wait)
                if floods >= flood_retries or wait > max_wait:
                    raise
                floods += 1
                logger.info("%s: Telegram asks to wait %.1f s (429)", endpoint, wait)
            except NetworkError as exc:  # 5xx, dropped connection, timeout
                if networks >= network_retries:
                    raise
                delay = self._backoff * 2**networks
                networks += 1
                # The exception text may quote a URL, which holds the token: log its type only.
                logger.warning(
                    "%s failed (%s), retry %d/%d in %.2f s",
                    endpoint,
                    type(exc).__name__,
                    networks,
                    network_retries,
                    delay,
                )
                await asyncio.sleep(delay)


def retry_seconds(exc: RetryAfter) -> float:
    """The wait a 429 asks for, in seconds (PTB 22 moves retry_after from int to timedelta)."""
    value = exc._retry_after  # the timedelta; the public property warns of its change of type
    seconds = value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
    return seconds + 0.1
