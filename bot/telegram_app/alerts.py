"""Alerts when /reload moves a date: each subscriber of a changed item is told once.

A change is an item whose opening or closing moved, or a new item. Each subscriber whose profile
(role and stored software, bot.telegram_app.profile) covers it gets one message with the new date as of today and what it replaced, through the
reminder ledger (the item's id with its new moment, stage 0), so a second /reload or a restart
never sends the same alert twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError

from bot.core import render
from bot.core.engine import Engine
from bot.store import Store
from bot.telegram_app.profile import items_for
from bot.telegram_app.texts import html_chunks, t
from rules.calendar import Calendar, CalendarItem

logger = logging.getLogger(__name__)
ALERT_STAGE = 0  # the ledger's days_before for an alert (reminders use 30, 7 and 1)


@dataclass(frozen=True)
class Change:
    item: CalendarItem
    before: CalendarItem | None  # None: a new item

    @property
    def key(self) -> str:
        """The ledger's item id: the same move alerts once, a later move again."""
        moment = self.item.closes or self.item.opens
        return f"{self.item.id}@{moment.iso() if moment else ''}"


def changes(old: Calendar, new: Calendar) -> list[Change]:
    out = []
    for item in new.items:
        before = old.get(item.id)
        if before is None or (before.opens, before.closes) != (item.opens, item.closes):
            out.append(Change(item, before))
    return out


def alert_text(change: Change, lang: str, today: dt.date, urls: tuple[str, ...]) -> str:
    item, before = change.item, change.before
    status = render.status_text(item, today, lang)
    if before is None:
        head = t("alert_new", lang, label=item.label.get(lang), status=status)
    else:
        old = before.closes or before.opens
        head = t(
            "alert_moved",
            lang,
            label=item.label.get(lang),
            status=status,
            before=render.moment_text(old, lang),
        )
    return head + ("\n" + t("alert_foot", lang, sources=" ; ".join(urls)) if urls else "")


async def send_alerts(
    bot: object, store: Store, engine: Engine, found: list[Change], now: dt.datetime
) -> int:
    """Tell every subscriber of each change, once; returns how many messages were sent."""
    sent = 0
    profiles = sorted(store.subscribed_profiles(), key=lambda p: (p[0], sorted(p[1])))
    for role, software in profiles:
        mine = {i.id for i in items_for(engine, role, software)}
        for change in (c for c in found if c.item.id in mine):
            urls = tuple(
                c.url for c in engine.citations((d, None) for d in change.item.all_sources())
            )
            recipients = store.reminder_recipients(role, change.key, ALERT_STAGE, now, software)
            for recipient in recipients:
                if not store.claim_reminder(recipient.chat_id, change.key, ALERT_STAGE, now):
                    continue
                text = alert_text(change, recipient.lang or "fr", now.date(), urls)
                try:
                    for chunk in html_chunks(text):
                        await bot.send_message(  # type: ignore[attr-defined]
                            recipient.chat_id, chunk, parse_mode=ParseMode.HTML
                        )
                except Forbidden:
                    store.finish_reminder(
                        recipient.chat_id, change.key, ALERT_STAGE, now, status="failed"
                    )
                    store.unsubscribe(recipient.chat_id)
                    continue
                except TelegramError as exc:
                    logger.warning("calendar alert not delivered (%s)", type(exc).__name__)
                    continue  # left 'sending': at-least-once, like the reminders
                store.finish_reminder(recipient.chat_id, change.key, ALERT_STAGE, now)
                sent += 1
    return sent
