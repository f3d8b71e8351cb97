"""Getting replies through a flaky network: Telegram's flood limits plus transient-fault retries.

PTB's AIORateLimiter keeps under Telegram's flood limits and honours 429 `retry_after`, but it
does not retry a 502, a dropped connection or a timeout: the handler would fail and the user would
get nothing. This subclass retries those with a short exponential backoff, for every Bot API call
that goes through the rate limiter (all of them except getUpdates, which PTB's updater already
retries on its own).

Semantics: a 5xx or a refused connection means Telegram did not act, so a retry delivers the
message exactly once. A read timeout is ambiguous (Telegram may have acted before the answer was
lost), so retrying it is at-least-once; we accept that, because a lost answer is worse for the
user than a rare duplicate. A 400 (BadRequest) is never retried: it would fail again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

JSONDict = dict[str, Any]
logger = logging.getLogger(__name__)


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter, plus a few retries of transient network failures."""

    def __init__(
        self,
        *,
        max_retries: int = 3,
        network_retries: int = 5,
        backoff: float = 0.25,
        **kwargs: Any,
    ) -> None:
        super().__init__(max_retries=max_retries, **kwargs)
        self._network_retries = network_retries
        self._backoff = backoff

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        for attempt in range(self._network_retries + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except BadRequest:
                raise  # a subclass of NetworkError in PTB, but permanent
            except NetworkError as exc:  # 5xx, dropped connection, timeout
                if attempt == self._network_retries:
                    raise
                delay = self._backoff * 2**attempt
                # The exception text may quote a URL, which holds the token: log its type only.
                logger.warning(
                    "%s failed (%s), retry %d/%d in %.2f s",
                    endpoint,
                    type(exc).__name__,
                    attempt + 1,
                    self._network_retries,
                    delay,
                )
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises
