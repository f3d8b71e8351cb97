"""Updates python-telegram-bot cannot read never make the bot deaf.

PTB parses a whole getUpdates batch at once; one update it cannot read (a message without `date`,
a poll without a field a newer Bot API requires) fails the batch, the offset never moves, and the
same batch is fetched again and again: nobody is answered. This request object, used for
getUpdates only, checks each update and replaces the unreadable ones by a bare update with only
their id, so the offset moves past them; it logs their id and kind, never their content, and at
most once per update id.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from typing import Any

from telegram import Update
from telegram.request import HTTPXRequest, RequestData

logger = logging.getLogger(__name__)
# Remembered ids of skipped updates, so a refetch is not logged twice (bounded).
MAX_REMEMBERED = 1000


class TolerantUpdatesRequest(HTTPXRequest):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.skipped: OrderedDict[int, str] = OrderedDict()

    async def do_request(  # type: ignore[override]
        self, url: str, method: str, request_data: RequestData | None = None, **kwargs: Any
    ) -> tuple[int, bytes]:
        code, payload = await super().do_request(url, method, request_data, **kwargs)
        if code != 200:
            return code, payload
        try:
            data = json.loads(payload)
        except ValueError:
            return code, payload  # PTB reports a broken answer itself
        result = data.get("result") if isinstance(data, dict) else None
        if isinstance(result, list):
            offset = request_data.parameters.get("offset") if request_data else None
            batch = [self._readable(raw) for raw in result]
            data["result"] = self.received(batch, offset if isinstance(offset, int) else None)
            payload = json.dumps(data).encode()
        return code, payload

    def received(self, batch: list[Any], offset: int | None) -> list[Any]:
        """The readable batch, before PTB sees it (and before the next poll confirms it); the
        inbox (bot.telegram_app.inbox) stores it here. `offset` is the one this poll sent."""
        return batch

    def _readable(self, raw: Any) -> Any:
        try:
            Update.de_json(raw, None)
        except Exception:
            update_id = raw.get("update_id") if isinstance(raw, dict) else None
            kind = (
                next((k for k in raw if k != "update_id"), "empty")
                if isinstance(raw, dict)
                else "?"
            )
            if isinstance(update_id, int) and update_id not in self.skipped:
                self.skipped[update_id] = kind
                while len(self.skipped) > MAX_REMEMBERED:
                    self.skipped.popitem(last=False)
                logger.warning(
                    "skipped update %s (%s): python-telegram-bot cannot read it", update_id, kind
                )
            return {"update_id": update_id} if isinstance(update_id, int) else {"update_id": 0}
        return raw
