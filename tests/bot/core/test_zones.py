"""A time said in another zone is judged in Paris's hour, in which every deadline is given; the
answer says the conversion. Boundaries: both sides of each close, summer and winter time, a day
that changes in Paris."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.engine import Engine
from bot.core.zones import Zones
from knowledge.normalize import fold

D = dt.date

# (question, today, role, verdict, the Paris hour the answer must state)
ZONED = [
    # Référencement closes 15 June 2022 at 14:00 Paris (UTC+2 in June); La Réunion is UTC+4.
    ("Dépôt du dossier de référencement de notre RIS : il est 15h30 heure de La Réunion, "
     "on est encore bons ?", D(2022, 6, 15), "vendor", True, "13h30 à Paris"),
    ("référencement DPI : il est 16h05 à la Réunion, c'est encore bon ?", D(2022, 6, 15),
     "vendor", False, "14h05 à Paris"),
    # Guadeloupe is UTC-4: 8:15 there is 14:15 in Paris.
    ("Bonjour, équipe basée en Guadeloupe. Il est 8h15 chez nous : le guichet de "
     "référencement DPI est toujours ouvert ?", D(2022, 6, 15), "vendor", False, "14h15 à Paris"),
    # Winter time: Paris is UTC+1, Martinique UTC-4 (07:30 → 12:30, after a 12:00 close).
    ("DPI wave 2 advance: we're in Martinique and it's 7:30 am. Still open?", D(2025, 12, 17),
     "vendor", False, "12:30 in Paris"),
    ("DPI wave 2 advance: we're in Martinique and it's 6:45 am. Still open?", D(2025, 12, 17),
     "vendor", True, "11:45 in Paris"),
    # Nouméa is UTC+11: 21:30 on 10 November 2026 is 11:30 in Paris, before "avant 12h".
    ("avance drimbox : on est à Nouméa, il est 21h30. C bon ?", D(2026, 11, 10), "vendor", True,
     "11h30 à Paris"),
    # The day changes in Paris: 19:00 on 30 April in Guadeloupe is 1:00 on 1 May in Paris,
    # after F2 (whose last day, with no time, counts whole in Paris).
    ("CHU de Pointe-à-Pitre. Notre dossier SUN-ES F2 sera prêt ce soir vers 19h heure locale. "
     "Ça passe encore ?", D(2022, 4, 30), "hospital", False, "1h00 à Paris"),
    # Paris named: the time is Paris's whatever place is named.
    ("on est à la Réunion mais on dépose à 13h heure de Paris le référencement, ok ?",
     D(2022, 6, 15), "vendor", True, None),
]  # fmt: skip


@pytest.mark.parametrize(("question", "today", "role", "eligible", "paris"), ZONED)
def test_a_local_time_is_judged_in_paris_hour(
    engine: Engine,
    question: str,
    today: dt.date,
    role: str,
    eligible: bool,
    paris: str | None,
) -> None:
    answer = engine.ask(question, today=today, role=role)
    assert answer.verdict is not None and answer.verdict.eligible is eligible, answer.text
    if paris is None:
        assert "à Paris :" not in answer.text and "in Paris:" not in answer.text
    else:
        assert paris in answer.text


def test_without_a_place_the_time_is_paris_time(engine: Engine) -> None:
    answer = engine.ask(
        "référencement DPI, on dépose à 13h30, ok ?", today=D(2022, 6, 15), role="vendor"
    )
    assert answer.verdict is not None and answer.verdict.eligible is True
    assert "à Paris :" not in answer.text


@pytest.mark.parametrize(
    ("folded", "zone"),
    [
        ("il est 15h30 a la reunion", "Indian/Reunion"),
        ("ch de mamoudzou", "Indian/Mayotte"),
        ("we are in noumea", "Pacific/Noumea"),
        ("depuis la reunion a 13h heure de paris", None),
        ("on est a lyon", None),
    ],
)
def test_the_zone_named(engine: Engine, folded: str, zone: str | None) -> None:
    zones = Zones(engine.kb.lexicon.time_zones)
    found = zones.zone_in(folded)
    assert (found[0] if found else None) == zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        # With its capital, "La Réunion" is the island, wherever it stands in the message.
        ("La Réunion: 13h le 17/09", "Indian/Reunion"),
        ("ici la Reunion, il est 17h", "Indian/Reunion"),
        ("avance à 14h45 heure Réunion", "Indian/Reunion"),
        # In lower case, a meeting.
        ("la réunion de 13h a duré", None),
        ("La réunion de demain est à 14h", None),
        ("La Réunion, 13h heure de Paris", None),
    ],
)
def test_a_place_written_with_its_capital(engine: Engine, text: str, zone: str | None) -> None:
    zones = Zones(engine.kb.lexicon.time_zones)
    found = zones.zone_in(fold(text), text)
    assert (found[0] if found else None) == zone


# The very minute of a close given "à 14h00" (the sources do not say whether it counts) against
# "avant 12h" (it does not).
MINUTES = [
    ("si notre dossier de référencement part à 14h00 pile, il est recevable ?", D(2022, 6, 15),
     None),
    ("référencement à 13h59, recevable ?", D(2022, 6, 15), True),
    ("référencement à 14h01, recevable ?", D(2022, 6, 15), False),
    ("DPI V2 : l'éditeur dépose la demande d'avance à 12h00 pile, il est dans les temps ?",
     D(2025, 12, 17), None),
    ("solde drimbox déposé à 12h00 pile aujourd'hui, ça passe ?", D(2027, 12, 15), False),
]  # fmt: skip


@pytest.mark.parametrize(("question", "today", "eligible"), MINUTES)
def test_the_closing_minute(
    engine: Engine, question: str, today: dt.date, eligible: bool | None
) -> None:
    answer = engine.ask(question, today=today, role="vendor")
    assert answer.verdict is not None and answer.verdict.eligible is eligible, answer.text
    if eligible is None:
        assert "pour être sûr" in answer.text
