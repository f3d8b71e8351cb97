"""The .ics export: built from the real calendar, then parsed back with icalendar."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from bot.clock import PARIS
from bot.exports.ics import build_ics
from bot.exports.scope import Scope, ScopeError, dated_moments, role_named, software_named

DRIMBOX = Scope("vendor", "DRIMbox")
DEC_2026 = dt.date(2026, 12, 1)


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def events(cal: icalendar.Calendar) -> list[icalendar.Event]:
    return list(cal.walk("VEVENT"))


def test_drimbox_vendor_on_1_december_2026_gets_the_two_deadlines_ahead(calendar, kb) -> None:
    data, count = build_ics(calendar, kb, DRIMBOX, DEC_2026)
    cal = parse(data)
    found = events(cal)
    assert count == len(found) == 2
    ends = [e.decoded("dtend") for e in found]
    assert ends == [
        dt.datetime(2027, 9, 15, 12, 0, tzinfo=PARIS),
        dt.datetime(2027, 12, 15, 12, 0, tzinfo=PARIS),
    ]
    for event in found:
        assert event["dtend"].params["TZID"] == "Europe/Paris"
        assert event.decoded("dtstart") < event.decoded("dtend")
        triggers = sorted(a.decoded("trigger") for a in event.walk("VALARM"))
        assert triggers == [dt.timedelta(days=-30), dt.timedelta(days=-7), dt.timedelta(days=-1)]
        assert all(a["action"] == "DISPLAY" and a["description"] for a in event.walk("VALARM"))
        assert str(event["url"]).startswith("https://industriels.esante.gouv.fr/")
        assert "avant 12h00" in str(event["description"])
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert str(found[0]["summary"]).startswith("Date limite : réalisation des Prestations")


def test_uids_are_stable_and_unique(calendar, kb) -> None:
    first, _ = build_ics(calendar, kb, Scope(), DEC_2026, everything=True)
    second, _ = build_ics(calendar, kb, Scope(), DEC_2026, everything=True, lang="en")
    uids = [str(e["uid"]) for e in events(parse(first))]
    assert len(uids) == len(set(uids))
    assert uids == [str(e["uid"]) for e in events(parse(second))]
    assert "sons-v2-drimbox-solde-closes@segur-bot" in uids


def test_all_day_moments_and_openings(calendar, kb) -> None:
    data, _ = build_ics(calendar, kb, Scope("hospital"), DEC_2026, everything=True, lang="en")
    found = {str(e["uid"]): e for e in events(parse(data))}
    f1_close = found["sunes-f1-closes@segur-bot"]
    assert f1_close.decoded("dtstart") == dt.date(2021, 10, 31)
    assert f1_close.decoded("dtend") == dt.date(2021, 11, 1)  # the whole day counts
    assert str(f1_close["summary"]) == "Closes: SUN-ES window F1"
    f1_open = found["sunes-f1-opens@segur-bot"]
    assert str(f1_open["summary"]) == "Opens: SUN-ES window F1"
    assert not list(f1_open.walk("VALARM"))  # alarms announce closings only


def test_a_timed_close_that_takes_a_filing_at_its_time_ends_then(calendar, kb) -> None:
    data, _ = build_ics(calendar, kb, Scope("vendor", "DPI"), DEC_2026, everything=True)
    found = {str(e["uid"]): e for e in events(parse(data))}
    ref = found["sons-v1-referencement-closes@segur-bot"]
    assert ref.decoded("dtend") == dt.datetime(2022, 6, 15, 14, 0, tzinfo=PARIS)
    # The revision is said, and bumps SEQUENCE so a re-import updates the event.
    assert ref["sequence"] == 1 and "report d'un mois" in str(ref["description"])
    opening = found["sons-v2-hopital-enrolement-opens@segur-bot"]
    assert opening.decoded("dtstart") == dt.datetime(2024, 6, 20, 14, 0, tzinfo=PARIS)


def test_nothing_ahead_gives_no_event(calendar, kb) -> None:
    _, count = build_ics(calendar, kb, Scope("vendor"), DEC_2026)
    assert count == 0


def test_a_moment_of_today_is_still_ahead(calendar) -> None:
    day = dt.date(2027, 12, 15)
    moments = dated_moments(DRIMBOX.items(calendar), day)
    assert [d.item.id for d in moments] == ["sons-v2-drimbox-solde"]


@pytest.mark.parametrize(
    ("text", "expected"), [("drimbox", "DRIMbox"), (" DPI ", "DPI"), ("", None)]
)
def test_software_names_are_read_whatever_their_case(text: str, expected: str | None) -> None:
    assert software_named(text) == expected


def test_unknown_role_and_software_are_refused_with_the_known_ones() -> None:
    with pytest.raises(ScopeError, match="use one of hospital, vendor"):
        role_named("nurse")
    with pytest.raises(ScopeError, match="DRIMbox"):
        software_named("PACS")
