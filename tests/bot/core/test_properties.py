"""Any text: the engine never raises, always answers within Telegram's limit, and --json is JSON."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.engine import MAX_REPLY, Engine
from tests.helpers.cli import run_cli

DOMAIN_WORDS = ["sunes", "référencement", "éditeur", "fenêtre", "le 15 juin", "à 14h", "demain", "DPI", "vague 2", "31/02/2022", "fin juin", "lundi prochain"]  # fmt: skip
PUNCTUATION = st.text(alphabet="!?.,;:…«»()[]{}<>&\"'/-_*#@%", max_size=300)
RTL = st.text(alphabet=st.characters(min_codepoint=0x0590, max_codepoint=0x06FF), max_size=200)
CONTROL = st.text(alphabet=st.characters(max_codepoint=0x1F, min_codepoint=0x00), max_size=100)
EMOJI = st.text(alphabet=st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF), max_size=200)
MIXED = st.lists(st.one_of(st.sampled_from(DOMAIN_WORDS), st.text(max_size=30)), max_size=40).map(
    " ".join
)
ONLY_DATE = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(
    lambda d: d.strftime("%d/%m/%Y")
)
ANY_TEXT = st.one_of(st.text(max_size=10_000), PUNCTUATION, RTL, CONTROL, EMOJI, MIXED, ONLY_DATE)
PASTE = st.text(
    min_size=4000, max_size=4000, alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))
)
ROLES = st.sampled_from([None, "vendor", "hospital", "doctor", "pharmacy"])
LANGS = st.sampled_from([None, "fr", "en"])
TODAYS = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY_TEXT, role=ROLES, lang=LANGS, today=TODAYS)
def test_engine_answers_any_text(engine: Engine, text: str, role, lang, today) -> None:
    answer = engine.ask(text, today=today, role=role, lang=lang)
    assert 0 < len(answer.text) <= MAX_REPLY
    assert answer.lang in ("fr", "en")
    assert len(answer.suggestions) <= 3
    json.dumps(answer.to_json(), ensure_ascii=False)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=PASTE)
def test_a_4000_character_paste(engine: Engine, text: str) -> None:
    answer = engine.ask(text, today=dt.date(2022, 4, 20))
    assert 0 < len(answer.text) <= MAX_REPLY


def test_cli_json_is_valid_for_hostile_lines() -> None:
    lines = [
        "🙂" * 500,
        "؟ما هو برنامج سيغور",
        "\x01\x02\x03\x7f",
        "?!?!?!",
        "31/02/2022",
        "le 99 juin à 25h",
        '{"topic": "x"}',
        "<script>alert(1)</script> référencement",
        "a" * 9000,
        "\u202eRTL override",
        "\x00 nul byte",
    ]
    result = run_cli("ask", "--json", "--today", "2022-04-20", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    outputs = result.stdout.splitlines()
    assert len(outputs) == len(lines)
    for out in outputs:
        data = json.loads(out)
        assert isinstance(data["answer"], str) and 0 < len(data["answer"]) <= MAX_REPLY
