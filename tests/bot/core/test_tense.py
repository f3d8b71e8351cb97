"""No false tense on any day: every topic and every calendar answer, rendered at several days.

Each dated phrase the bot writes ("clos depuis le …", "date limite : … (dans N jours)",
"ouvre le …", "ouvert jusqu'au …") is read back and checked against the day it was asked on; and
no text states a fixed tense about the calendar ("sont passées", "était la dernière").
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from bot.core import render
from bot.core.engine import Engine

DAYS = [
    dt.date(2021, 8, 1),
    dt.date(2022, 4, 20),
    dt.date(2022, 5, 16),
    dt.date(2023, 6, 1),
    dt.date(2026, 12, 1),
    dt.date(2027, 10, 1),
]
FIXED_TENSE = re.compile(
    r"sont (aujourd.hui )?pass[ée]es|était la dernière|is now past|are now past|was the last|"
    r"toutes les échéances[^.]*passées|every deadline[^.]*has passed|s.est clôturée|"
    r"est devenu|became the date|a rapporté|not found again since",
    re.IGNORECASE,
)
# "<status> <weekday> <day text>": the status words the renderer puts before a date.
PAST = (
    "clos depuis le",
    "closed since",
    "est close depuis le",
    "closed on",
    "ouvert depuis le",
    "(ouvert le",
    "(opened on",
)
AHEAD = ("date limite :", "deadline:", "ouvre le", "opens on", "ouvert jusqu'au", "open until")
QUESTIONS = {
    "fr": [
        ("prochaine date limite ?", None),
        ("dates limites vague 1 dpi", "vendor"),
        ("calendrier LGC et LGO vague 1", "doctor"),
        ("prochaine fenêtre SUN-ES ?", "hospital"),
        ("la fenêtre actuelle se termine quand ?", "hospital"),
        ("on a raté la fenêtre, on fait quoi ?", "hospital"),
        ("suis-je encore dans les délais ?", "vendor"),
        ("jalons drimbox vague 2", "vendor"),
        ("solde LGO c'est quand ?", "pharmacy"),
    ],
    "en": [
        ("what is the next deadline?", None),
        ("wave 1 DPI deadlines", "vendor"),
        ("when is the next SUN-ES window?", "hospital"),
        ("DRIMbox deadlines?", "vendor"),
    ],
}


def _day_index(engine: Engine, lang: str) -> dict[str, dt.date]:
    """Every calendar day as the renderer writes it, with its weekday, to read dates back."""
    days = {}
    for item in engine.calendar.items:
        for _, moment in item.moments():
            days[render.day_text(moment.day, lang, weekday=True)] = moment.day
    return days


def _check(text: str, today: dt.date, days: dict[str, dt.date]) -> list[str]:
    problems = []
    if FIXED_TENSE.search(text):
        problems.append(f"fixed tense: {FIXED_TENSE.search(text).group(0)!r}")  # type: ignore[union-attr]
    for written, day in days.items():
        for match in re.finditer(re.escape(written), text):
            before = text[max(0, match.start() - 24) : match.start()]
            if any(before.rstrip().endswith(p) for p in PAST) and day > today:
                problems.append(f"{written!r} said to be past on {today}")
            if any(before.rstrip().endswith(p) for p in AHEAD) and day < today:
                problems.append(f"{written!r} said to be ahead on {today}")
            after = text[match.end() : match.end() + 60]
            n = re.search(r"\((?:dans|in) (\d+) (?:jours|days)\)", after)
            if n and before.rstrip().endswith(AHEAD) and int(n.group(1)) != (day - today).days:
                problems.append(f"{written!r}: 'in {n.group(1)} days' is wrong on {today}")
    return problems


@pytest.mark.parametrize("today", DAYS, ids=str)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_topic_answer_has_a_true_tense(engine: Engine, today: dt.date, lang: str) -> None:
    days = _day_index(engine, lang)
    problems = []
    for topic_id in engine.kb.topics:
        for role in (None, "vendor", "hospital"):
            answer = engine.answer_topic(topic_id, today=today, role=role, lang=lang)
            problems += [f"{topic_id}/{role}: {p}" for p in _check(answer.text, today, days)]
    assert problems == []


@pytest.mark.parametrize("today", DAYS, ids=str)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_calendar_answer_has_a_true_tense(engine: Engine, today: dt.date, lang: str) -> None:
    days = _day_index(engine, lang)
    problems = []
    for question, role in QUESTIONS[lang]:
        answer = engine.ask(question, today=today, role=role, lang=lang)
        problems += [f"{question!r}: {p}" for p in _check(answer.text, today, days)]
    for role in ("vendor", "hospital", "doctor", "pharmacy", None):
        for windows_only in (True, False):
            text = engine.outlook_text(today=today, role=role, lang=lang, windows_only=windows_only)
            problems += [f"outlook {role}: {p}" for p in _check(text, today, days)]
    assert problems == []


def test_the_check_catches_a_false_tense(engine: Engine) -> None:
    days = _day_index(engine, "fr")
    text = "• solde : clos depuis le jeudi 14 décembre 2023 à 14h00"
    assert _check(text, dt.date(2022, 4, 20), days)  # said past, but ahead that day
    assert not _check(text, dt.date(2024, 1, 1), days)
    assert _check("date limite : jeudi 14 décembre 2023 (dans 3 jours)", dt.date(2023, 12, 1), days)
    assert _check("Toutes ces échéances sont aujourd'hui passées.", dt.date(2024, 1, 1), days)
    assert _check("ce jour-là, la vague 1 s'est clôturée", dt.date(2022, 4, 20), days)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_later_fact_is_told_only_from_the_day_it_was_made_public(
    engine: Engine, lang: str
) -> None:
    facts = [(t, f) for t in engine.kb.topics.values() for f in t.later]
    assert facts, "the knowledge base has a later fact to check"
    for topic, fact in facts:
        one_day = dt.timedelta(days=1)
        for today in (*DAYS, fact.known_from - one_day, fact.known_from):
            answer = engine.answer_topic(topic.id, today=today, role=None, lang=lang)
            known = today >= fact.known_from
            said = fact.says.get(lang).split()[:6]
            assert (" ".join(said) in " ".join(answer.text.split())) is known, (topic.id, today)
            cited = {c.document for c in answer.sources}
            others = {s.document for s in topic.sources}
            if fact.source.document not in others:
                assert (fact.source.document in cited) is known, (topic.id, today)
