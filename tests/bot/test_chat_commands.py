"""The console chat speaks the command layer Telegram uses: /prochaine, /echeances, /eligible,
/role, /langue, /aide, and a fallback's suggestions answered by number (`segur-bot chat` run as
a subprocess, its stdin typed by the test)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot import commands
from bot.core.engine import Engine
from tests.helpers.cli import run_cli

TODAY = "2022-04-20"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


def chat(*lines: str, args: tuple[str, ...] = ()) -> list[str]:
    """The chat's replies after its banner, one per message typed."""
    result = run_cli("chat", "--today", TODAY, *args, stdin="".join(f"{x}\n" for x in lines))
    assert result.returncode == 0, result.stderr
    replies = result.stdout.split("\n\n")
    assert replies[0].startswith("segur-bot — ")
    return [r for r in replies[1:] if r]


def test_prochaine_and_echeances_are_the_engine_s_outlook(engine: Engine) -> None:
    today = dt.date.fromisoformat(TODAY)
    replies = chat("/role hopital", "/prochaine", "/echeances")
    assert replies[0].startswith("C'est noté : Établissement de santé.")
    assert replies[1] == commands.next_window(engine, today=today, role="hospital", lang="fr")
    assert "F2" in replies[1]
    assert replies[2] == commands.deadlines(engine, today=today, role="hospital", lang="fr")


def test_role_then_eligible_on_a_date() -> None:
    replies = chat("/role editeur", "/eligible 10/05/2022")
    assert replies[0] == (
        "C'est noté : Éditeur / industriel. Posez-moi votre question, ou essayez /prochaine, "
        "/echeances ou /eligible."
    )
    assert replies[1].startswith("Oui : un dépôt le mardi 10 mai 2022 est dans les délais")


def test_eligible_without_a_role_asks_for_one() -> None:
    (reply,) = chat("/eligible")
    assert "j'ai besoin de savoir qui vous êtes" in reply


def test_an_unknown_role_lists_the_choices_and_changes_nothing() -> None:
    replies = chat("/role astronaute", "/role")
    assert replies[0] == replies[1]
    assert "Éditeur / industriel, Établissement de santé, Autre" in replies[0]


def test_a_fallback_s_suggestion_is_answered_by_its_number(engine: Engine) -> None:
    today = dt.date.fromisoformat(TODAY)
    fallback, picked = chat("segur", "1")
    assert fallback.startswith("Je ne suis pas sûr d'avoir compris")
    assert "1. " + engine.kb.topics["segur_budget"].title.fr in fallback
    assert picked == engine.answer_topic("segur_budget", today=today, lang="fr").text


def test_a_number_with_no_suggestion_pending_is_a_question(engine: Engine) -> None:
    today = dt.date.fromisoformat(TODAY)
    budget = engine.answer_topic("segur_budget", today=today, lang="fr").text
    _, _, number = chat("segur", "prochaine fenêtre ?", "1")
    assert number != budget
    assert number.startswith("Je ne suis pas sûr")  # "1" alone, asked as a question


def test_langue_switches_the_chat_to_english(engine: Engine) -> None:
    replies = chat("/langue en", "/aide", "/langue klingon")
    assert replies[0] == "Noted: I will answer in English."
    assert "/help: Help" in replies[1] and "/next: The current or next window" in replies[1]
    assert replies[2].startswith("Which language should I answer in?")


def test_help_lists_the_console_s_commands_and_unknown_commands_get_it() -> None:
    helped, unknown = chat("/aide", "/nimportequoi")
    assert helped == unknown
    for command in commands.commands_for("console", menu_only=True):
        assert f"/{command.name} : {command.description('fr')}" in helped
    assert "/rappel" not in helped  # Telegram only


def test_quit_ends_the_chat() -> None:
    assert chat("/quitter", "/prochaine") == []


def test_json_mode_gives_one_object_per_message() -> None:
    result = run_cli("chat", "--json", "--today", TODAY, stdin="/role editeur\nsegur\n1\n")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3 and '"topic": "segur_budget"' in lines[2]


def test_the_command_table_drives_both_adapters() -> None:
    telegram = [c.name for c in commands.commands_for("telegram")]
    console = [c.name for c in commands.commands_for("console")]
    shared = {"prochaine", "echeances", "eligible", "role", "langue", "aide"}
    assert shared <= set(telegram) & set(console)
    assert commands.find_command("telegram", "help") is commands.find_command("telegram", "aide")
    assert commands.find_command("telegram", "quitter") is None
    assert commands.find_command("console", "ics") is None
