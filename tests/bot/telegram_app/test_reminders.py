"""Which reminders are due (pure), and scheduling them on the real JobQueue (not started)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.devtools.fake_bot_api.records import DEFAULT_TOKEN
from bot.settings import Settings
from bot.store import Store
from bot.telegram_app.app import build_application
from bot.telegram_app.reminders import (
    JOB_PREFIX,
    closing_at,
    due_reminders,
    reminder_text,
    role_items,
    schedule_all,
    schedule_role,
    upcoming_closings,
)
from tests.helpers.telegram import SALT, paris


def stages(reminders) -> list[tuple[str, int, dt.datetime]]:
    return [(r.item_id, r.days_before, r.send_at) for r in reminders]


def test_closing_moment_is_the_time_or_the_end_of_the_day(engine) -> None:
    referencement = engine.calendar.get("sons-v1-referencement")
    commandes = engine.calendar.get("sons-v1-commandes")
    assert closing_at(referencement) == paris(2022, 6, 15, 14, 0)
    assert closing_at(commandes) == paris(2022, 12, 1, 0, 0)
    assert closing_at(engine.calendar.get("sons-v2-hopital-enrolement")) is None  # opens only


def test_vendor_in_april_2022_gets_30_7_1_days_before_at_9(engine) -> None:
    now = paris(2022, 4, 20, 10, 0)
    due = due_reminders(role_items(engine, "vendor"), now, subscribed_at=now)
    assert stages(due)[:4] == [
        ("sons-v1-referencement", 30, paris(2022, 5, 16, 9, 0)),
        ("sons-v1-referencement", 7, paris(2022, 6, 8, 9, 0)),
        ("sons-v1-referencement", 1, paris(2022, 6, 14, 9, 0)),
        ("sons-v1-complements", 30, paris(2022, 8, 1, 9, 0)),
    ]
    assert all(r.send_at > now and r.send_at.time() == dt.time(9, 0) for r in due)
    # LGC/LGO milestones are not a vendor's unless asked; items that only open have no deadline.
    assert {r.item_id for r in due if r.edge == "closes"} == {
        "sons-v1-referencement", "sons-v1-complements", "sons-v1-commandes",
        "sons-v1-confirmation-livraison", "sons-v1-installation", "sons-v1-solde",
        "sons-v2-pfi-avance", "sons-v2-dpi-avance", "sons-v2-imagerie-candidature",
    }  # fmt: skip
    # Openings still ahead are told 7 and 1 days before, never 30.
    opens = [r for r in due if r.edge == "opens"]
    assert {r.item_id for r in opens} == {
        "sons-v2-hopital-enrolement", "sons-v2-pfi-avance", "sons-v2-dpi-avance",
        "sons-v2-imagerie-enrolement", "sons-v2-imagerie-avance-ouverture",
    }  # fmt: skip
    assert {r.days_before for r in opens} == {7, 1}
    assert {r.ledger_id for r in opens} >= {"sons-v2-hopital-enrolement/opens"}


def test_a_missed_stage_is_caught_up_only_if_latest_and_subscribed_in_time(engine) -> None:
    items = [engine.calendar.get("sons-v1-referencement")]
    now = paris(2022, 6, 10, 10, 0)  # the 30- and 7-day stages are past, the 1-day one ahead
    subscribed_early = paris(2022, 5, 1)
    assert stages(due_reminders(items, now, subscribed_early)) == [
        ("sons-v1-referencement", 7, paris(2022, 6, 8, 9, 0)),  # sent at once, not the 30-day one
        ("sons-v1-referencement", 1, paris(2022, 6, 14, 9, 0)),
    ]
    subscribed_late = paris(2022, 6, 9)
    assert stages(due_reminders(items, now, subscribed_late)) == [
        ("sons-v1-referencement", 1, paris(2022, 6, 14, 9, 0)),
    ]
    after_close = paris(2022, 6, 15, 14, 0)
    assert due_reminders(items, after_close, subscribed_early) == []


@pytest.mark.parametrize("role", ["vendor", "hospital", "doctor", "pharmacy"])
def test_nothing_of_a_roles_own_software_is_upcoming_in_december_2026(engine, role: str) -> None:
    now = paris(2026, 12, 1, 10, 0)
    assert upcoming_closings(role_items(engine, role), now) == []
    assert due_reminders(role_items(engine, role), now) == []


def test_other_gets_every_audience_so_the_drimbox_deadlines_in_december_2026(engine) -> None:
    now = paris(2026, 12, 1, 10, 0)
    ids = [i.id for i in upcoming_closings(role_items(engine, "other"), now)]
    assert ids == ["sons-v2-drimbox-installation", "sons-v2-drimbox-solde"]


def test_reminder_text_in_both_languages(engine) -> None:
    item = engine.calendar.get("sons-v1-referencement")
    thirty, *_, one = due_reminders([item], paris(2022, 4, 20))
    fr = reminder_text(item, thirty, "fr", ("https://example.org/page",))
    assert "ferme dans 30 jours, le mercredi 15 juin 2022 à 14h00 (heure de Paris)" in fr
    assert "/stop" in fr and "https://example.org/page" in fr
    en = reminder_text(item, one, "en")
    assert "closes tomorrow, on Wednesday 15 June 2022 at 14:00 (Paris time)" in en


# --- scheduling ----------------------------------------------------------------------------------


def _app(engine, store: Store):
    # Scheduling needs a JobQueue, not a server: the Application is never started here.
    settings = Settings(token=DEFAULT_TOKEN, base_url="http://127.0.0.1:9/bot", db_path=store.path)
    return build_application(settings, engine, store)


def test_scheduling_twice_adds_nothing(engine, db_path: Path) -> None:
    with Store.open(db_path, SALT) as store:
        app = _app(engine, store)
        now = paris(2022, 4, 20, 10, 0)
        first = schedule_role(app.job_queue, engine, "vendor", now)
        assert first == len(due_reminders(role_items(engine, "vendor"), now)) > 0
        assert schedule_role(app.job_queue, engine, "vendor", now) == 0
        names = [j.name for j in app.job_queue.jobs()]
        assert len(names) == len(set(names)) == first
        assert "reminder:vendor:sons-v1-referencement:30" in names


def test_10000_subscriptions_schedule_one_job_per_role_item_and_stage(
    engine, db_path: Path
) -> None:
    from bot.devtools.bench_telegram import seed_subscriptions

    seed_subscriptions(db_path, SALT, 10_000, paris(2022, 4, 1))

    # The time this takes is a benchmark figure (segur-bot bench), not a test.
    store = Store.open(db_path, SALT)
    app = _app(engine, store)
    store.recover_interrupted()
    jobs = schedule_all(app.job_queue, store, engine, paris(2022, 4, 20, 10, 0))
    store.close()

    # One job per (role, item, stage), however many subscribers.
    assert 0 < jobs == len([j for j in app.job_queue.jobs() if j.name.startswith(JOB_PREFIX)]) < 200
