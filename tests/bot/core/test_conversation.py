"""Follow-ups: a question inherits the frame of the previous one, per conversation, for a while."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bot.core.conversation import FRAME_TTL_SECONDS, Conversations, Frame
from bot.core.engine import Engine
from tests.helpers.cli import run_cli

D = dt.date


def _play(engine: Engine, today: dt.date, messages: list[str], role: str | None = None):
    frame, answers = None, []
    for message in messages:
        answer = engine.ask(message, today=today, role=role, context=frame)
        frame = answer.frame
        answers.append(answer)
    return answers


def test_a_dpi_vendor_asks_the_balance_then_the_advance_then_a_what_if(engine: Engine) -> None:
    noted, balance, advance, what_if = _play(
        engine,
        D(2022, 11, 20),
        [
            "je suis éditeur de DPI",
            "date limite du solde vague 1 ?",
            "et pour l'avance ?",
            "et si je la dépose le 2 décembre ?",
        ],
    )
    assert noted.frame is not None and noted.frame.role == "vendor"
    assert noted.frame.software == frozenset({"DPI"})
    assert "14 décembre 2023 à 14h00" in balance.text and "30 novembre" not in balance.text
    assert "30 novembre 2022" in advance.text and "14 décembre 2023" not in advance.text
    assert what_if.verdict is not None
    assert (what_if.verdict.eligible, what_if.verdict.item) == (False, "sons-v1-commandes")


def test_a_hospital_that_missed_f2_asks_when_the_next_one_closes(engine: Engine) -> None:
    missed, closes = _play(
        engine, D(2022, 5, 10), ["on a raté la F2", "et elle ferme quand ?"], role="hospital"
    )
    assert "F3" in missed.text and "1er septembre 2022" in missed.text
    assert "F3" in closes.text and "31 octobre 2022" in closes.text
    assert "F2" not in closes.text


def test_without_context_the_follow_up_starts_afresh(engine: Engine) -> None:
    # The same last message with no frame: no advance date is invented for it.
    answer = engine.ask("et si je la dépose le 2 décembre ?", today=D(2022, 11, 20))
    assert answer.verdict is None or answer.verdict.item != "sons-v1-commandes"


def test_a_stated_role_outlives_one_inferred_from_a_later_question(engine: Engine) -> None:
    _, deadline = _play(engine, D(2022, 11, 20), ["je suis médecin", "date limite commande ?"])
    assert "LGC" in deadline.text


def test_conversations_expire_and_stay_bounded() -> None:
    now = [0.0]
    conversations = Conversations(lambda: now[0], limit=2)
    frame = Frame(role="vendor")
    conversations.remember("a", frame)
    now[0] = FRAME_TTL_SECONDS - 1
    assert conversations.get("a") == frame
    now[0] = 2 * FRAME_TTL_SECONDS
    assert conversations.get("a") is None
    for key in ("a", "b", "c"):
        conversations.remember(key, frame)
    assert len(conversations) == 2 and conversations.get("a") is None


@pytest.mark.parametrize(
    ("messages", "today", "checks"),
    [
        (
            [
                "je suis éditeur de DPI",
                "date limite du solde vague 1 ?",
                "et pour l'avance ?",
                "et si je la dépose le 2 décembre ?",
            ],
            "2022-11-20",
            [(3, "verdict", {"eligible": False, "item": "sons-v1-commandes"})],
        ),
        (
            ["we missed F2", "and when does it close?"],
            "2022-05-10",
            [(1, "answer_contains", "31 October 2022")],
        ),
    ],
)
def test_chat_json_plays_a_scripted_conversation(messages, today, checks) -> None:
    result = run_cli("chat", "--json", "--today", today, stdin="\n".join(messages) + "\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == len(messages)
    assert all({"answer", "topic", "sources", "context"} <= set(line) for line in lines)
    for index, kind, wanted in checks:
        if kind == "verdict":
            got = lines[index]["verdict"]
            assert got is not None and {k: got[k] for k in wanted} == wanted
        else:
            assert wanted in lines[index]["answer"]
