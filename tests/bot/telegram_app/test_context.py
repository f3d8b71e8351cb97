"""The typed hand-offs of the Telegram adapter: bot_data is a BotData, a reminder job's data a
ReminderJob."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.clock import PARIS
from bot.core.engine import Engine
from bot.telegram_app.context import BotApp, BotData
from bot.telegram_app.reminders import ReminderJob, schedule_role


def test_build_application_fills_a_typed_bot_data(
    make_app: Callable[..., BotApp], engine: Engine
) -> None:
    app = make_app()
    assert isinstance(app.bot_data, BotData)
    assert app.bot_data.engine is engine
    assert app.bot_data.store is not None and app.bot_data.reload_sources == (None, None)
    app.bot_data.store.close()


def test_reminder_jobs_carry_a_reminder_job(
    make_app: Callable[..., BotApp], engine: Engine
) -> None:
    app = make_app()
    assert app.job_queue is not None
    added = schedule_role(app.job_queue, engine, "vendor", dt.datetime(2022, 4, 20, tzinfo=PARIS))
    jobs = app.job_queue.jobs()
    assert added and len(jobs) == added
    assert all(isinstance(job.data, ReminderJob) and job.data.role == "vendor" for job in jobs)
    app.bot_data.store.close()
