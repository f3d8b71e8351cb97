"""Freed memory handed back to the system every minute, where the C library can do it.

Why: after a burst (a flood of new chats fills and turns over the capped caches) glibc keeps the
freed blocks in its heap; `malloc_trim(0)` returns them. It was added while the soak's slow climb
was still unexplained; that climb was python-telegram-bot's persistence bookkeeping
(bot/telegram_app/application.py), and the trim stays for the bursts. Elsewhere (musl, macOS)
there is no such call, and nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

TRIM_SECONDS = 60


def _find_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim  # type: ignore[no-any-return]


_TRIM = _find_trim()


def can_trim() -> bool:
    return _TRIM is not None


async def trim_heap(context: Any) -> None:
    """A job: give the heap's free pages back (a few ms; never raises)."""
    if _TRIM is None:
        return
    try:
        _TRIM(0)
    except OSError:  # never seen; a failed trim only means memory is not returned
        logger.debug("malloc_trim failed", exc_info=True)
