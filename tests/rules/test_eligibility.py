"""The date rules, table-driven around every boundary: the day before, on and after."""

from __future__ import annotations

import datetime as dt

import pytest

from rules.calendar import Calendar
from rules.eligibility import Filing, judge, verdict
from rules.selection import ItemQuery

D = dt.date


def T(h: int, m: int = 0) -> dt.time:
    return dt.time(h, m)


# (item, filing day, filing time, eligible, reason)
JUDGE_CASES = [
    # référencement closes 2022-06-15 14:00, opened 2021-08-31 (no time)
    ("sons-v1-referencement", D(2022, 6, 14), None, True, "open"),
    ("sons-v1-referencement", D(2022, 6, 15), None, None, "closing_day_time_unknown"),
    ("sons-v1-referencement", D(2022, 6, 15), T(13, 59), True, "open"),
    # "à 14h00": the reference calls it the last moment that counts, and also says a filing that
    # day counts only before it; at the very minute, neither yes nor no
    ("sons-v1-referencement", D(2022, 6, 15), T(14, 0), None, "closing_minute"),
    ("sons-v1-referencement", D(2022, 6, 15), T(14, 1), False, "closed"),
    ("sons-v1-referencement", D(2022, 6, 16), None, False, "closed"),
    ("sons-v1-referencement", D(2021, 8, 30), None, False, "not_yet_open"),
    ("sons-v1-referencement", D(2021, 8, 31), None, True, "open"),
    # commandes closes 2022-11-30 with no time: the whole day counts
    ("sons-v1-commandes", D(2022, 11, 29), None, True, "open"),
    ("sons-v1-commandes", D(2022, 11, 30), None, True, "open"),
    ("sons-v1-commandes", D(2022, 11, 30), T(23, 59), True, "open"),
    ("sons-v1-commandes", D(2022, 12, 1), None, False, "closed"),
    # solde closes 2023-12-14 14:00
    ("sons-v1-solde", D(2023, 12, 13), None, True, "open"),
    ("sons-v1-solde", D(2023, 12, 14), T(15, 0), False, "closed"),
    ("sons-v1-solde", D(2023, 12, 15), None, False, "closed"),
    # vague 2 PFI advance: opens 2024-09-12 14:00, closes 2025-09-17 12:00
    ("sons-v2-pfi-avance", D(2024, 9, 11), None, False, "not_yet_open"),
    ("sons-v2-pfi-avance", D(2024, 9, 12), None, None, "opening_day_time_unknown"),
    ("sons-v2-pfi-avance", D(2024, 9, 12), T(13, 0), False, "not_yet_open"),
    ("sons-v2-pfi-avance", D(2024, 9, 12), T(14, 0), True, "open"),
    ("sons-v2-pfi-avance", D(2025, 9, 17), T(11, 59), True, "open"),
    ("sons-v2-pfi-avance", D(2025, 9, 17), T(12, 0), None, "closing_minute"),
    ("sons-v2-pfi-avance", D(2025, 9, 17), T(12, 1), False, "closed"),
    ("sons-v2-pfi-avance", D(2025, 9, 18), None, False, "closed"),
    # an opening with no known close: never called "still open"
    ("sons-v2-hopital-enrolement", D(2024, 6, 19), None, False, "not_yet_open"),
    ("sons-v2-hopital-enrolement", D(2024, 6, 20), T(13, 59), False, "not_yet_open"),
    # on its opening day, after the opening time, it is open whatever its unknown close
    ("sons-v2-hopital-enrolement", D(2024, 6, 20), T(14, 0), True, "opened_that_day"),
    ("sons-v2-hopital-enrolement", D(2024, 6, 20), T(15, 0), True, "opened_that_day"),
    ("sons-v2-hopital-enrolement", D(2024, 6, 21), None, None, "opened_no_close_known"),
    ("sons-v2-hopital-enrolement", D(2026, 1, 1), None, None, "opened_no_close_known"),
    # DRIMbox balance "avant le 15/12/2027 à 12h": a filing at 12:00 sharp is too late
    ("sons-v2-drimbox-solde", D(2027, 12, 14), None, True, "open"),
    ("sons-v2-drimbox-solde", D(2027, 12, 15), None, None, "closing_day_time_unknown"),
    ("sons-v2-drimbox-solde", D(2027, 12, 15), T(11, 59), True, "open"),
    ("sons-v2-drimbox-solde", D(2027, 12, 15), T(12, 0), False, "closed"),
    ("sons-v2-drimbox-solde", D(2027, 12, 16), None, False, "closed"),
    ("sons-v2-drimbox-installation", D(2027, 9, 15), T(11, 59), True, "open"),
    ("sons-v2-drimbox-installation", D(2027, 9, 15), T(12, 0), False, "closed"),
    # the revised LGC installation: 20 September 2023 is in force, 28 April 2023 is history
    ("sons-v1-lgc-installation", D(2023, 4, 29), None, True, "open"),
    ("sons-v1-lgc-installation", D(2023, 9, 20), None, True, "open"),
    ("sons-v1-lgc-installation", D(2023, 9, 21), None, False, "closed"),
    # the LGO balance: 28 April 2023 14:00 at first, no confirmed date after it, over with vague 1
    ("sons-v1-lgo-solde", D(2023, 4, 28), T(13, 0), True, "open"),
    ("sons-v1-lgo-solde", D(2023, 4, 28), None, None, "closing_day_time_unknown"),
    ("sons-v1-lgo-solde", D(2023, 4, 28), T(15, 0), None, "unconfirmed"),
    ("sons-v1-lgo-solde", D(2023, 9, 21), None, None, "unconfirmed"),
    ("sons-v1-lgo-solde", D(2023, 12, 14), T(14, 1), False, "closed_at_latest"),
    ("sons-v1-lgo-solde", D(2023, 12, 15), None, False, "closed_at_latest"),
    # SUN-ES F2: 2022-03-01 .. 2022-04-30
    ("sunes-f2", D(2022, 2, 28), None, False, "not_yet_open"),
    ("sunes-f2", D(2022, 3, 1), None, True, "open"),
    ("sunes-f2", D(2022, 4, 30), None, True, "open"),
    ("sunes-f2", D(2022, 5, 1), None, False, "closed"),
]


@pytest.mark.parametrize(
    ("item_id", "day", "time", "eligible", "reason"),
    JUDGE_CASES,
    ids=[f"{c[0]}@{c[1]}{'T' + str(c[2]) if c[2] else ''}" for c in JUDGE_CASES],
)
def test_judge_boundaries(calendar: Calendar, item_id, day, time, eligible, reason) -> None:
    item = calendar.get(item_id)
    assert item is not None
    assert judge(item, Filing(day, time)) == (eligible, reason)


MORNING, AFTERNOON, EVENING = (T(6), T(11, 59)), (T(12), T(17, 59)), (T(18), T(23, 59))

# A part of the day: (item, day, (earliest, latest), eligible, reason). The verdict must hold at
# both ends; where it does not, the hour decides.
PERIOD_CASES = [
    # "avant 12h" on the closing day: the whole morning is in time, no afternoon minute is
    ("sons-v2-drimbox-solde", D(2027, 12, 15), MORNING, True, "open"),
    ("sons-v2-drimbox-solde", D(2027, 12, 15), AFTERNOON, False, "closed"),
    ("sons-v2-drimbox-solde", D(2027, 12, 14), EVENING, True, "open"),
    ("sons-v2-drimbox-solde", D(2027, 12, 16), MORNING, False, "closed"),
    # 14h00 on the closing day: the morning is in time, the afternoon straddles it
    ("sons-v1-solde", D(2023, 12, 14), MORNING, True, "open"),
    ("sons-v1-solde", D(2023, 12, 14), AFTERNOON, None, "closing_day_time_unknown"),
    ("sons-v1-solde", D(2023, 12, 14), EVENING, False, "closed"),
    # opening at 14h00: the morning is too early, the afternoon straddles it, the evening is in
    ("sons-v2-pfi-avance", D(2024, 9, 12), MORNING, False, "not_yet_open"),
    ("sons-v2-pfi-avance", D(2024, 9, 12), AFTERNOON, None, "opening_day_time_unknown"),
    ("sons-v2-pfi-avance", D(2024, 9, 12), EVENING, True, "open"),
]


@pytest.mark.parametrize(
    ("item_id", "day", "period", "eligible", "reason"),
    PERIOD_CASES,
    ids=[f"{c[0]}@{c[1]}-{c[2][0]:%H%M}" for c in PERIOD_CASES],
)
def test_a_part_of_the_day_is_judged_at_both_ends(
    calendar: Calendar, item_id, day, period, eligible, reason
) -> None:
    item = calendar.get(item_id)
    assert item is not None
    filing = Filing(day, period[1], "part", earliest=period[0])
    assert judge(item, filing) == (eligible, reason)


# Sources that disagree (F1 targets: 30 June or 30 September 2022): in time while every source
# says so, too late once none does, and no yes or no in between.
DISPUTED_CASES = [
    (D(2022, 6, 29), True, "open"),
    (D(2022, 6, 30), True, "open"),
    (D(2022, 7, 1), None, "unconfirmed"),
    (D(2022, 9, 30), None, "unconfirmed"),
    (D(2022, 10, 1), False, "closed_at_latest"),
]


@pytest.mark.parametrize(
    ("day", "eligible", "reason"), DISPUTED_CASES, ids=[str(c[0]) for c in DISPUTED_CASES]
)
def test_a_disputed_date_is_judged_by_both_sources(
    calendar: Calendar, day, eligible, reason
) -> None:
    item = calendar.get("sunes-f1-cibles")
    assert item is not None and item.disputed is not None
    assert judge(item, Filing(day)) == (eligible, reason)


# A span of days ("en février 2024"): (item, first day, last day, eligible, reason). Every day
# of it must get the same verdict; otherwise it depends on the day.
SPAN_CASES = [
    # DPI v2 advance closes 2025-12-17 12:00
    ("sons-v2-dpi-avance", D(2025, 11, 1), D(2025, 11, 30), True, "open"),
    ("sons-v2-dpi-avance", D(2025, 12, 1), D(2025, 12, 31), None, "depends_on_day"),
    ("sons-v2-dpi-avance", D(2025, 12, 17), D(2025, 12, 17), None, "depends_on_day"),
    ("sons-v2-dpi-avance", D(2025, 12, 18), D(2025, 12, 31), False, "closed"),
    ("sons-v2-dpi-avance", D(2026, 1, 1), D(2026, 1, 31), False, "closed"),
    # commandes close 2022-11-30, a whole day: November is in time to its last day
    ("sons-v1-commandes", D(2022, 11, 1), D(2022, 11, 30), True, "open"),
    ("sons-v1-commandes", D(2022, 12, 1), D(2022, 12, 31), False, "closed"),
    # PFI v2 advance opens 2024-09-12 14:00: August is too early, September straddles it
    ("sons-v2-pfi-avance", D(2024, 8, 1), D(2024, 8, 31), False, "not_yet_open"),
    ("sons-v2-pfi-avance", D(2024, 9, 1), D(2024, 9, 30), None, "depends_on_day"),
    # a month holding the whole of a short step is not "no": it was open in between
    ("sons-v2-pfi-avance", D(2024, 1, 1), D(2026, 12, 31), None, "depends_on_day"),
    # an opening with no known close stays unknown
    ("sons-v2-hopital-enrolement", D(2024, 7, 1), D(2024, 7, 31), None, "opened_no_close_known"),
]


@pytest.mark.parametrize(
    ("item_id", "first", "last", "eligible", "reason"),
    SPAN_CASES,
    ids=[f"{c[0]}@{c[1]}..{c[2]}" for c in SPAN_CASES],
)
def test_a_span_of_days_is_judged_on_each_day(
    calendar: Calendar, item_id, first, last, eligible, reason
) -> None:
    item = calendar.get(item_id)
    assert item is not None
    assert judge(item, Filing(first, through=last)) == (eligible, reason)


@pytest.mark.parametrize(
    ("first", "last", "eligible", "item_id", "reason"),
    [
        (D(2022, 4, 1), D(2022, 4, 30), True, "sunes-f2", "open"),
        (D(2022, 5, 1), D(2022, 5, 31), False, "sunes-f3", "between_windows"),
        (D(2022, 10, 1), D(2022, 10, 31), True, "sunes-f3", "open"),
        (D(2022, 10, 15), D(2022, 11, 15), None, "sunes-f3", "depends_on_day"),
        (D(2023, 5, 1), D(2023, 5, 31), False, "sunes-f4", "after_last_window"),
    ],
)
def test_a_month_of_windows(calendar: Calendar, first, last, eligible, item_id, reason) -> None:
    result = verdict(calendar, Filing(first, through=last), ItemQuery(role="hospital"))
    assert result is not None
    assert (result.eligible, result.item.id, result.reason) == (eligible, item_id, reason)


@pytest.mark.parametrize(
    ("day", "previous"),
    [
        (D(2021, 8, 31), None),  # before the first window: none was missed
        (D(2021, 11, 1), "sunes-f1"),  # the day after a window closed
        (D(2022, 8, 31), "sunes-f2"),  # the day before the next one opens
        (D(2022, 11, 1), "sunes-f3"),
        (D(2022, 10, 31), None),  # a window's last day: inside it, none between
    ],
)
def test_between_windows_the_previous_one_is_named(
    calendar: Calendar, day: dt.date, previous: str | None
) -> None:
    result = verdict(calendar, Filing(day), ItemQuery(role="hospital"))
    assert result is not None
    assert (result.previous.id if result.previous else None) == previous


# (role, folded question text, filing day, eligible, item, next item)
VERDICT_CASES = [
    ("hospital", "", D(2021, 10, 31), True, "sunes-f1", None),
    ("hospital", "", D(2021, 11, 1), False, "sunes-f2", "sunes-f2"),
    ("hospital", "", D(2022, 2, 28), False, "sunes-f2", "sunes-f2"),
    ("hospital", "", D(2022, 3, 1), True, "sunes-f2", None),
    ("hospital", "", D(2022, 5, 1), False, "sunes-f3", "sunes-f3"),
    ("hospital", "", D(2023, 4, 30), True, "sunes-f4", None),
    ("hospital", "", D(2023, 5, 1), False, "sunes-f4", None),
    ("hospital", "", D(2021, 8, 31), False, "sunes-f1", "sunes-f1"),
    ("vendor", "dossier de referencement", D(2022, 5, 10), True, "sons-v1-referencement", None),
    ("vendor", "dossier de referencement", D(2022, 6, 16), False, "sons-v1-referencement", None),
    ("vendor", "bon de commande", D(2022, 11, 30), True, "sons-v1-commandes", None),
    ("vendor", "bon de commande", D(2022, 12, 1), False, "sons-v1-commandes", None),
    ("vendor", "demande de solde", D(2023, 12, 15), False, "sons-v1-solde", None),
    ("vendor", "", D(2026, 11, 23), False, "sons-v2-dpi-avance", None),
    ("doctor", "commande", D(2022, 11, 30), True, "sons-v1-lgc-commandes", None),
    ("doctor", "commande", D(2022, 12, 1), False, "sons-v1-lgc-commandes", None),
    ("pharmacy", "solde", D(2023, 4, 28), None, "sons-v1-lgo-solde", None),
    ("pharmacy", "solde", D(2023, 6, 1), None, "sons-v1-lgo-solde", None),
    ("vendor", "installation", D(2023, 6, 1), True, "sons-v1-installation", None),
    ("doctor", "installation", D(2023, 6, 1), True, "sons-v1-lgc-installation", None),
    ("pharmacy", "commande", D(2023, 3, 16), False, "sons-v1-lgo-commande", None),
]


@pytest.mark.parametrize(
    ("role", "text", "day", "eligible", "item_id", "next_id"),
    VERDICT_CASES,
    ids=[f"{c[0]}-{c[1] or 'any'}@{c[2]}" for c in VERDICT_CASES],
)
def test_verdict_picks_item_and_points_to_next(
    calendar: Calendar, role, text, day, eligible, item_id, next_id
) -> None:
    result = verdict(calendar, Filing(day), ItemQuery(role=role, text=text))
    assert result is not None
    assert (result.eligible, result.item.id) == (eligible, item_id)
    assert (result.next_item.id if result.next_item else None) == next_id


def test_software_and_wave_pick_vague2_items(calendar: Calendar) -> None:
    query = ItemQuery(
        role="vendor", software=frozenset({"PFI"}), waves=frozenset({2}), text="demande d avance"
    )
    result = verdict(calendar, Filing(D(2025, 3, 1)), query)
    assert result is not None and result.item.id == "sons-v2-pfi-avance" and result.eligible is True


def test_unknown_role_gives_no_verdict(calendar: Calendar) -> None:
    assert verdict(calendar, Filing(D(2022, 5, 1)), ItemQuery(role=None)) is None
