"""The heap trim job: scheduled by the running bot where the C library has malloc_trim."""

from __future__ import annotations

import pytest

from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.telegram_app import heap
from tests.helpers.telegram import running


@pytest.mark.asyncio
async def test_the_running_bot_trims_its_heap_every_minute(api: FakeBotApi, make_app) -> None:
    if not heap.can_trim():
        pytest.skip("no malloc_trim in this C library")
    app = make_app()
    async with running(app):
        assert app.job_queue is not None
        (job,) = app.job_queue.get_jobs_by_name("trim-heap")
        await heap.trim_heap(None)  # the call itself: a wrong signature would raise here
    assert job.job.trigger.interval.total_seconds() == heap.TRIM_SECONDS
