"""/stats and /reload: for the ids in ADMIN_IDS only; everyone else gets the ordinary help."""

from __future__ import annotations

import shutil
from pathlib import Path

import icalendar
import pytest

from bot.devtools.fake_bot_api.server import FakeBotApi
from tests.helpers.cli import REPO
from tests.helpers.data import DRIMBOX_SOLDE, copy_data, edit
from tests.helpers.telegram import ADMIN_ID, exchange, last_bot_message_id, paris, press, running

HELP_START = "Je réponds sur le Ségur du numérique, en citant mes sources."


@pytest.mark.asyncio
async def test_stats_shows_the_report_to_admins_only(api: FakeBotApi, make_app) -> None:
    async with running(make_app()):
        await exchange(api, "c quoi le budget du segur")
        await exchange(api, "combien coute un chat en ehpad")
        await exchange(api, "combien coûte un chat en EHPAD ?")
        (stats,) = await exchange(api, "/stats", chat_id=ADMIN_ID)
        (refused,) = await exchange(api, "/stats")
    text = stats["text"]
    assert text.startswith("Rapport segur-bot (depuis le début)")
    assert "Questions : 3" in text and "Taux de repli : 67 % (2 sans réponse sûre)" in text
    assert "2 × « combien coute un chat en ehpad »" in text  # near-identical: grouped
    assert "1 × segur_budget" in text
    assert refused["text"].startswith(HELP_START)


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(
        REPO / "knowledge", target, ignore=shutil.ignore_patterns("*.py", "__pycache__")
    )
    return target


@pytest.mark.asyncio
async def test_reload_keeps_the_old_data_on_a_broken_file_and_takes_a_good_one(
    api: FakeBotApi, make_app, knowledge_copy: Path
) -> None:
    topics = knowledge_copy / "topics" / "programme.yaml"
    good = topics.read_text(encoding="utf-8")
    app = make_app()
    async with running(app):
        app.bot_data.reload_sources = (knowledge_copy, None)
        before = app.bot_data.engine

        topics.write_text(good + "\n  - id: [broken\n", encoding="utf-8")
        (refused,) = await exchange(api, "/reload", chat_id=ADMIN_ID)
        assert app.bot_data.engine is before
        (still,) = await exchange(api, "c quoi le budget du segur")

        topics.write_text(
            good.replace("est doté de 2 milliards", "est doté de DEUX milliards"), encoding="utf-8"
        )
        (done,) = await exchange(api, "/reload", chat_id=ADMIN_ID)
        (changed,) = await exchange(api, "c quoi le budget du segur")
        (not_admin,) = await exchange(api, "/reload")

    assert refused["text"].startswith("Rechargement refusé, je garde les données actuelles : ")
    assert "programme.yaml" in refused["text"] and "invalid YAML" in refused["text"]
    assert "\n" not in refused["text"]
    assert "est doté de 2 milliards" in still["text"]
    assert done["text"].startswith("Données rechargées : ") and "sujets" in done["text"]
    assert "est doté de DEUX milliards" in changed["text"]
    assert not_admin["text"].startswith(HELP_START)


@pytest.mark.asyncio
async def test_reload_reads_segur_data_dir(
    api: FakeBotApi, make_app, clock, tmp_path: Path
) -> None:
    data_dir = copy_data(tmp_path / "data")
    calendar = data_dir / "rules" / "calendar.yaml"
    clock.set(paris(2026, 12, 1, 10, 0))
    app = make_app(data_dir=data_dir)
    async with running(app):
        await exchange(api, "/start")
        await press(api, "r:vendor", message_id=last_bot_message_id(api))
        edit(calendar, DRIMBOX_SOLDE, 'closes: "2027-12-17 12:00"')
        (done,) = await exchange(api, "/reload", chat_id=ADMIN_ID)
        (sent,) = await exchange(api, "/ics drimbox")
        edit(calendar, 'closes: "2027-12-17 12:00"', "closes: [broken")
        (refused,) = await exchange(api, "/reload", chat_id=ADMIN_ID)
    assert done["text"].startswith("Données rechargées : ")
    ical = icalendar.Calendar.from_ical(sent["document"]["data"])
    assert [e.decoded("dtend").date().isoformat() for e in ical.walk("VEVENT")] == [
        "2027-09-15",
        "2027-12-17",
    ]
    assert refused["text"].startswith("Rechargement refusé, je garde les données actuelles : ")
    assert "calendar.yaml" in refused["text"] and "\n" not in refused["text"]
    item = app.bot_data.engine.calendar.get("sons-v2-drimbox-solde")
    assert item is not None and item.closes is not None and item.closes.day.day == 17


@pytest.mark.asyncio
async def test_a_moved_date_is_told_once_to_each_subscriber_it_concerns(
    api: FakeBotApi, make_app, clock, tmp_path: Path
) -> None:
    data_dir = copy_data(tmp_path / "data")
    calendar = data_dir / "rules" / "calendar.yaml"
    clock.set(paris(2026, 12, 1, 10, 0))
    async with running(make_app(data_dir=data_dir)):
        await exchange(api, "/start")
        await press(api, "r:other", message_id=last_bot_message_id(api))  # every audience
        await exchange(api, "/rappel")  # the DRIMbox deadlines are ahead: subscribed
        edit(calendar, DRIMBOX_SOLDE, 'closes: "2027-12-17 12:00"')
        before = len(api.sent_messages())
        await exchange(api, "/reload", chat_id=ADMIN_ID, replies=1)
        await api.wait_for_messages_async(before + 2)
        again = len(api.sent_messages())
        await exchange(api, "/reload", chat_id=ADMIN_ID)  # nothing moved since: no new alert
    mine = [m for m in api.sent_messages()[before:] if m["chat_id"] != ADMIN_ID]
    assert len(mine) == 1
    assert mine[0]["text"].startswith("📅 Date modifiée : dépôt des demandes de paiement du solde")
    assert "vendredi 17 décembre 2027 à 12h00" in mine[0]["text"]
    assert "au lieu du mercredi 15 décembre 2027, avant 12h00" in mine[0]["text"]
    admin = [m for m in api.sent_messages()[before:again] if m["chat_id"] == ADMIN_ID]
    assert (
        "sons-v2-drimbox-solde" in admin[0]["text"] and "1 abonné(s) prévenu(s)" in admin[0]["text"]
    )
    assert len(api.sent_messages()) == again + 1  # the second /reload: its own reply only
