"""/ics (and /calendrier): the calendar sent as a file, through the real Application against
the fake Bot API, for the role the store keeps and the software named after the command."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from bot.clock import PARIS
from bot.devtools.fake_bot_api.server import FakeBotApi
from tests.helpers.images import png_size, sensible
from tests.helpers.telegram import exchange, last_bot_message_id, paris, press, running


async def _become(api: FakeBotApi, role: str) -> None:
    await exchange(api, "/start")
    await press(api, f"r:{role}", message_id=last_bot_message_id(api))


def _calendar(sent: dict) -> icalendar.Calendar:
    upload = sent["document"]
    assert upload["filename"].endswith(".ics")
    assert upload["content_type"] == "text/calendar"
    return icalendar.Calendar.from_ical(upload["data"])


@pytest.mark.asyncio
async def test_ics_drimbox_sends_the_two_deadlines_ahead_as_a_document(
    api: FakeBotApi, make_app, clock
) -> None:
    clock.set(paris(2026, 12, 1, 10, 0))
    async with running(make_app()):
        await _become(api, "vendor")
        (sent,) = await exchange(api, "/ics drimbox")
    (call,) = api.calls("sendDocument")
    assert call.ok and call.result["document"]["file_name"] == "segur-vendor-drimbox.ics"
    assert sent["document"]["filename"] == "segur-vendor-drimbox.ics"
    assert sent["caption"].startswith(
        "Vos échéances Ségur du numérique (éditeurs DRIMbox) : 2 dates"
    )
    events = list(_calendar(sent).walk("VEVENT"))
    assert [e.decoded("dtend") for e in events] == [
        dt.datetime(2027, 9, 15, 12, 0, tzinfo=PARIS),
        dt.datetime(2027, 12, 15, 12, 0, tzinfo=PARIS),
    ]
    assert all(len(list(e.walk("VALARM"))) == 3 for e in events)


@pytest.mark.asyncio
async def test_ics_for_a_role_with_nothing_ahead_says_so_and_names_the_software_that_has(
    api: FakeBotApi, make_app, clock
) -> None:
    clock.set(paris(2026, 12, 1, 10, 0))
    async with running(make_app()):
        await _become(api, "vendor")
        (nothing,) = await exchange(api, "/ics")
        (unknown,) = await exchange(api, "/ics pacs")
    assert api.calls("sendDocument") == []
    assert nothing["text"].startswith(
        "Aucune date à venir n'est connue de nos sources pour éditeurs"
    )
    assert (
        "Des dates sont encore à venir pour : DRIMbox. Par exemple : /ics drimbox"
        in nothing["text"]
    )
    assert unknown["text"].startswith(
        "Je ne connais pas le logiciel « pacs ». Logiciels connus : DPI"
    )


@pytest.mark.asyncio
async def test_ics_in_english_for_a_hospital_with_every_window_ahead(
    api: FakeBotApi, make_app, clock
) -> None:
    clock.set(paris(2021, 8, 1, 10, 0))
    async with running(make_app()):
        await _become(api, "hospital")
        await exchange(api, "/langue")
        await press(api, "l:en", message_id=last_bot_message_id(api))
        (sent,) = await exchange(api, "/ics")
    events = list(_calendar(sent).walk("VEVENT"))
    summaries = [str(e["summary"]) for e in events]
    assert summaries[:2] == ["Opens: SUN-ES window F1", "Closes: SUN-ES window F1"]
    # four windows, each an opening and a closing, and the F1 targets, on the earlier of the two
    # dates the sources give
    assert len(summaries) == 9
    targets = next(e for e in events if "usage targets" in str(e["summary"]))
    assert targets.decoded("dtstart").isoformat() == "2022-06-30"
    assert "our sources disagree" in str(targets["description"])
    assert sent["caption"].startswith("Your Ségur du numérique dates (health establishments): 9")


@pytest.mark.asyncio
@pytest.mark.parametrize("command", ["/calendrier drimbox", "/timeline DRIMbox"])
async def test_calendrier_sends_the_timeline_as_a_photo(
    api: FakeBotApi, make_app, clock, command: str
) -> None:
    clock.set(paris(2026, 12, 1, 10, 0))
    async with running(make_app()):
        await _become(api, "vendor")
        (sent,) = await exchange(api, command, timeout=20)
    (call,) = api.calls("sendPhoto")
    width, height = png_size(sent["photo"]["data"])
    assert sensible(width, height)
    assert call.ok and call.result["photo"][0]["width"] == width
    assert sent["photo"]["filename"] == "segur-vendor-drimbox.png"
    assert sent["caption"].startswith(
        "Calendrier Ségur du numérique (éditeurs DRIMbox) au 1er décembre 2026"
    )
    assert [c.params["action"] for c in api.calls("sendChatAction")] == ["upload_photo"]


@pytest.mark.asyncio
async def test_calendrier_with_an_unknown_software_or_no_item_says_so(
    api: FakeBotApi, make_app, clock
) -> None:
    async with running(make_app()):
        await _become(api, "hospital")
        (unknown,) = await exchange(api, "/calendrier pacs")
        (nothing,) = await exchange(api, "/calendrier LGO")
    assert api.calls("sendPhoto") == []
    assert unknown["text"].startswith("Je ne connais pas le logiciel « pacs »")
    assert "/calendrier DRIMbox" in unknown["text"]
    assert nothing["text"] == (
        "Nos sources ne donnent aucune date pour établissements de santé LGO : pas d'image à vous "
        "envoyer. Les dates à venir : /echeances ; pour être prévenu(e) d'une date publiée : /rappel."
    )
