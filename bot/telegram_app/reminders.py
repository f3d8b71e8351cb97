"""Reminders: which ones are due (pure functions), and sending them from the JobQueue.

A subscriber gets a message 30, 7 and 1 days before each upcoming closing of their profile's
items, and 7 and 1 days before each opening (a SUN-ES window that opens tomorrow), at 09:00
Europe/Paris, each with its weekday and time zone, and three buttons: "am I in time?", the item's
.ics, and stop (bot.telegram_app.subscriptions answers them). A profile is a role and the
software the user named: a DPI vendor never hears of the PFI items (bot.telegram_app.profile).

Scheduling is per profile, not per subscriber: one job per (role, software, item, edge, days
before), named `reminder:<role>[+<software>]:<item>[/opens]:<days>`, whose callback asks the
store at send time which subscribers of that profile still need it. So starting with 10,000
subscriptions costs one SQL query and a few dozen jobs, a new subscriber needs no job of their
own, and scheduling twice (a second /rappel, a /reload) never duplicates anything: a job whose
name exists is not added again.

Exactly-once delivery rests on the store's ledger (bot/store/reminders.py): every message is
claimed in `sent_reminders` before it is sent, and the recipient query skips every claimed one. A
closing's ledger key is the item id (as before openings existed), an opening's `<item>/opens`.

A stage missed while the bot was down is sent late, at start, as long as its deadline is still
ahead; only the latest missed stage of an item is sent (a 30-day reminder that would arrive after
the 7-day one is noise), and only to chats that had subscribed before its send time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import JobQueue

from bot.clock import PARIS
from bot.commands import engine_role
from bot.core import render
from bot.store import Store
from bot.store.records import Recipient, software_text
from bot.telegram_app.context import Context
from bot.telegram_app.profile import items_for
from bot.telegram_app.texts import html_chunks, t

if TYPE_CHECKING:
    from bot.core.engine import Engine
    from knowledge.validation import Moment
    from rules.calendar import CalendarItem

logger = logging.getLogger(__name__)

REMINDER_DAYS = (30, 7, 1)
OPENING_DAYS = (7, 1)  # an opening is news a week ahead and the day before, not a month ahead
SEND_TIME = dt.time(9, 0)
JOB_PREFIX = "reminder:"
# After a send that failed for good (network down past the retries), try those chats again later.
RETRY_DELAY = 60.0
# Sends in flight at once for one stage: the rate limiter spaces them out anyway, this only keeps
# a 50 ms round trip from making a big batch slow.
SEND_CONCURRENCY = 8


@dataclass(frozen=True)
class Reminder:
    """One reminder stage of one calendar item: 'item closes (or opens) in N days', sent at
    send_at."""

    item_id: str
    days_before: int
    send_at: dt.datetime  # aware, Europe/Paris
    at: dt.datetime  # the closing (or opening) moment it announces
    edge: str = "closes"  # or "opens"

    @property
    def ledger_id(self) -> str:
        """The reminder ledger's item id: the item's for a closing, '<item>/opens' otherwise."""
        return self.item_id if self.edge == "closes" else f"{self.item_id}/opens"


@dataclass(frozen=True)
class ReminderJob:
    """A reminder job's data (job.data): which profile's subscribers get which reminder."""

    role: str
    reminder: Reminder
    software: frozenset[str] = frozenset()


# --- pure: what is due ---------------------------------------------------------------------------


def closing_at(item: CalendarItem) -> dt.datetime | None:
    """The closing moment in Paris; a date without a time closes at the end of that day."""
    if item.closes is None:
        return None
    if item.closes.time is not None:
        return dt.datetime.combine(item.closes.day, item.closes.time, PARIS)
    return dt.datetime.combine(item.closes.day + dt.timedelta(days=1), dt.time(0), PARIS)


def opening_at(item: CalendarItem) -> dt.datetime | None:
    """The opening moment in Paris; a date without a time opens at the start of that day."""
    if item.opens is None:
        return None
    return dt.datetime.combine(item.opens.day, item.opens.time or dt.time(0), PARIS)


def upcoming_closings(items: Iterable[CalendarItem], now: dt.datetime) -> list[CalendarItem]:
    """The items whose closing moment is still ahead, soonest first."""
    ahead = [(c, i) for i in items if (c := closing_at(i)) is not None and c > now]
    return [i for _, i in sorted(ahead, key=lambda pair: (pair[0], pair[1].id))]


def due_reminders(
    items: Iterable[CalendarItem], now: dt.datetime, subscribed_at: dt.datetime | None = None
) -> list[Reminder]:
    """The reminders a subscription still has to get, in send order.

    Every stage still ahead, plus, per item and edge, the latest stage already past (to be sent
    at once) if the subscription existed at its send time. `subscribed_at=None` means "any
    subscriber": the profile-wide schedule, where the store applies each subscriber's own date
    at send time.
    """
    due: list[Reminder] = []
    for item in items:
        for edge, at, moment, days_list in (
            ("closes", closing_at(item), item.closes, REMINDER_DAYS),
            ("opens", opening_at(item), item.opens, OPENING_DAYS),
        ):
            if at is None or moment is None or at <= now:
                continue
            stages = [
                Reminder(
                    item.id,
                    days,
                    dt.datetime.combine(moment.day - dt.timedelta(days=days), SEND_TIME, PARIS),
                    at,
                    edge,
                )
                for days in days_list
            ]
            past = [s for s in stages if s.send_at <= now]
            if past:
                latest = max(past, key=lambda s: s.send_at)
                if subscribed_at is None or subscribed_at <= latest.send_at:
                    due.append(latest)
            due.extend(s for s in stages if s.send_at > now)
    return sorted(due, key=lambda r: (r.send_at, r.item_id, r.edge, -r.days_before))


def next_reminder(items: Iterable[CalendarItem], now: dt.datetime) -> Reminder | None:
    """What a new subscriber hears of first (a stage already past is sent at once)."""
    due = due_reminders(items, now, subscribed_at=now)
    return due[0] if due else None


def role_items(engine: Engine, role: str | None) -> list[CalendarItem]:
    return list(engine.relevant_items(engine_role(role)))


def job_name(role: str, reminder: Reminder, software: frozenset[str] = frozenset()) -> str:
    profile = f"{role}+{software_text(software)}" if software else role
    return f"{JOB_PREFIX}{profile}:{reminder.ledger_id}:{reminder.days_before}"


def _when_text(moment: Moment | None, lang: str, edge: str) -> str:
    """The moment with its weekday, and its time zone even when the source gives no time: a
    date alone lasts the whole day in Paris."""
    text = render.moment_text(moment, lang)
    if moment is not None and moment.time is None:
        text += t("reminder_all_day" if edge == "closes" else "reminder_from_start", lang)
    return text


def reminder_text(
    item: CalendarItem, reminder: Reminder, lang: str, urls: tuple[str, ...] = ()
) -> str:
    tomorrow = "_tomorrow" if reminder.days_before == 1 else ""
    if reminder.edge == "opens":
        head = t(
            f"reminder_opens{tomorrow}",
            lang,
            label=item.label.get(lang),
            days=reminder.days_before,
            opens=_when_text(item.opens, lang, "opens"),
        )
    else:
        head = t(
            f"reminder{tomorrow}",
            lang,
            label=item.label.get(lang),
            days=reminder.days_before,
            closes=_when_text(item.closes, lang, "closes"),
        )
    sources = " ; ".join(urls) if lang == "fr" else "; ".join(urls)
    return f"{head}\n{t('reminder_foot', lang, source=sources)}"


def reminder_markup(item: CalendarItem, lang: str) -> InlineKeyboardMarkup | None:
    """Under a reminder: am I in time, the item's .ics, stop (bot.telegram_app.subscriptions)."""
    if len(f"rm:c:{item.id}".encode()) > 64:
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(t("reminder_stop_button", lang), callback_data="rm:s")]]
        )
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("reminder_check_button", lang), callback_data=f"rm:c:{item.id}"
                )
            ],
            [
                InlineKeyboardButton(
                    t("reminder_ics_button", lang), callback_data=f"rm:i:{item.id}"
                ),
                InlineKeyboardButton(t("reminder_stop_button", lang), callback_data="rm:s"),
            ],
        ]
    )


# --- scheduling ------------------------------------------------------------------------------------


def schedule_role(
    job_queue: JobQueue[Any],
    engine: Engine,
    role: str,
    now: dt.datetime,
    software: frozenset[str] = frozenset(),
) -> int:
    """Schedule the profile's reminders that are not scheduled yet; returns how many were added.

    `now` is the bot's clock, which tests move: a job runs after (send_at - now) real seconds.
    """
    existing = {
        job.name for job in job_queue.jobs() if job.name and job.name.startswith(JOB_PREFIX)
    }
    added = 0
    for reminder in due_reminders(items_for(engine, role, software), now):
        name = job_name(role, reminder, software)
        if name in existing:
            continue
        job_queue.run_once(
            send_reminders,
            when=max(0.0, (reminder.send_at - now).total_seconds()),
            data=ReminderJob(role, reminder, software),
            name=name,
            # A job that fires late (a suspended machine) still runs: late beats lost.
            job_kwargs={"misfire_grace_time": None},
        )
        existing.add(name)
        added += 1
    return added


def schedule_all(job_queue: JobQueue[Any], store: Store, engine: Engine, now: dt.datetime) -> int:
    """At start: schedule every profile that has subscribers (one query, whatever their number)."""
    return sum(
        schedule_role(job_queue, engine, role, now, software)
        for role, software in sorted(
            store.subscribed_profiles(), key=lambda p: (p[0], sorted(p[1]))
        )
    )


def unschedule_all(job_queue: JobQueue[Any]) -> None:
    """Drop every reminder job, before scheduling again from a reloaded calendar."""
    for job in job_queue.jobs():
        if job.name and job.name.startswith(JOB_PREFIX):
            job.schedule_removal()


# --- sending ---------------------------------------------------------------------------------------


async def send_reminders(context: Context) -> None:
    """Send one reminder stage to every subscriber of a role who has not had it yet."""
    job = context.job
    assert job is not None and isinstance(job.data, ReminderJob)
    role, reminder, software = job.data.role, job.data.reminder, job.data.software
    engine = context.bot_data.engine
    store = context.bot_data.store
    now = context.bot_data.clock()
    item = engine.calendar.get(reminder.item_id)
    at = (
        None
        if item is None
        else closing_at(item)
        if reminder.edge == "closes"
        else opening_at(item)
    )
    if item is None or at != reminder.at or now >= reminder.at:
        # The calendar changed under this job (a /reload reschedules), or the moment passed.
        return
    recipients = store.reminder_recipients(
        role, reminder.ledger_id, reminder.days_before, reminder.send_at, software
    )
    gate = asyncio.Semaphore(SEND_CONCURRENCY)
    results = await asyncio.gather(
        *(_deliver(context, gate, store, item, reminder, r) for r in recipients)
    )
    failed = results.count(False)
    if failed and context.application.running and context.job_queue is not None:
        logger.warning(
            "%s: %d reminders not delivered, retrying in %.0f s", job.name, failed, RETRY_DELAY
        )
        context.job_queue.run_once(
            send_reminders, when=RETRY_DELAY, data=job.data, name=job.name,
            job_kwargs={"misfire_grace_time": None},
        )  # fmt: skip


async def _deliver(
    context: Context,
    gate: asyncio.Semaphore,
    store: Store,
    item: CalendarItem,
    reminder: Reminder,
    recipient: Recipient,
) -> bool | None:
    """True: sent (or never sendable); False: failed, retry later; None: left for the next start."""
    async with gate:
        if not context.application.running:
            return None  # stopping: unclaimed, so the next start sends it
        key = (recipient.chat_id, reminder.ledger_id, reminder.days_before)
        clock = context.bot_data.clock
        if not store.claim_reminder(*key, clock()):
            return True  # another run got there first
        lang = recipient.lang or "fr"
        try:
            engine = context.bot_data.engine
            urls = tuple(c.url for c in engine.citations((d, None) for d in item.all_sources()))
            chunks = html_chunks(reminder_text(item, reminder, lang, urls))
            for index, chunk in enumerate(chunks):
                last = index == len(chunks) - 1
                await context.bot.send_message(
                    recipient.chat_id,
                    chunk,
                    parse_mode=ParseMode.HTML,
                    reply_markup=reminder_markup(item, lang) if last else None,
                )
        except (Forbidden, BadRequest) as exc:
            # The user blocked the bot or the chat is gone: retrying would never succeed.
            logger.info("reminder to a chat refused (%s): unsubscribing it", type(exc).__name__)
            store.finish_reminder(*key, clock(), status="failed")
            store.unsubscribe(recipient.chat_id)
            return True
        except TelegramError as exc:
            logger.warning("reminder not delivered (%s): will retry", type(exc).__name__)
            store.release_reminder(*key)
            return False
        store.finish_reminder(*key, clock())
        return True
