"""The support report, built from a real SQLite file, and `segur-bot report` as a real process."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.report import build_report, render_report
from bot.store import Store
from tests.helpers.cli import run_cli
from tests.helpers.telegram import SALT, paris


def _ask(
    store: Store,
    text: str | None,
    topic: str | None = None,
    *,
    day: int = 20,
    guess: str = "vague2",
) -> None:
    fallback = text is not None
    store.record_question(
        paris(2022, 4, day, 10, 0), topic=topic, fallback=fallback, lang="fr", text=text or "",
        best_guess=guess if fallback else topic, score=0.42, chat_id=1001,
    )  # fmt: skip


@pytest.fixture
def filled(db_path: Path) -> Path:
    with Store.open(db_path, SALT) as store:
        for _ in range(3):
            _ask(store, None, "segur_budget")
        _ask(store, None, "sunes_windows")
        _ask(store, "Combien coûte un chat en EHPAD ?")
        _ask(store, "combien coute un chat en ehpad")
        _ask(store, "combien coute un chat ehpad svp")  # same words plus one: token_set_ratio 100
        _ask(store, "quelle est la météo à Paris", guess="")
        _ask(store, "vieille question", day=1)
    return db_path


def test_report_counts_groups_and_ranks(filled: Path) -> None:
    with Store.open(filled, SALT, create=False) as store:
        report = build_report(store)
        recent = build_report(store, since=paris(2022, 4, 10).date())
    assert (report.questions, report.fallbacks) == (9, 5)
    assert report.fallback_rate == pytest.approx(5 / 9)
    first, *rest = report.top_unanswered
    assert first.count == 3 and first.text in (
        "Combien coûte un chat en EHPAD ?",
        "combien coute un chat en ehpad",
    )
    assert {g.text for g in rest} == {"quelle est la météo à Paris", "vieille question"}
    assert report.top_topics == (("segur_budget", 3), ("sunes_windows", 1))
    assert (recent.questions, recent.fallbacks) == (8, 4)
    assert "vieille question" not in {g.text for g in recent.top_unanswered}


def test_render_in_both_languages(filled: Path) -> None:
    with Store.open(filled, SALT, create=False) as store:
        report = build_report(store, since=paris(2022, 4, 10).date())
    fr, en = render_report(report, "fr"), render_report(report, "en")
    assert fr.splitlines()[:3] == [
        "Rapport segur-bot (depuis le 2022-04-10)",
        "Questions : 8",
        "Taux de repli : 50 % (4 sans réponse sûre)",
    ]
    assert "(meilleure piste : vague2, score 42)" in fr and "(aucune piste)" in fr
    assert "Fallback rate: 50% (4 without a confident answer)" in en and "Top topics:" in en


def test_an_empty_period() -> None:
    from bot.report import Report

    empty = Report(None, 0, 0, 0.0, (), ())
    assert (
        render_report(empty)
        == "Rapport segur-bot (depuis le début)\nAucune question enregistrée sur cette période."
    )


def test_segur_bot_report_command(filled: Path) -> None:
    env = {"SEGUR_BOT_DB": str(filled), "SEGUR_HASH_SALT": SALT}
    result = run_cli("report", env=env)
    assert result.returncode == 0, result.stderr
    assert "Questions : 9" in result.stdout
    assert "3 × « " in result.stdout and "chat en" in result.stdout
    since = run_cli("report", "--since", "2030-01-01", env=env)
    assert since.returncode == 0 and "Aucune question enregistrée" in since.stdout


def test_segur_bot_report_without_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.sqlite3"
    result = run_cli("report", env={"SEGUR_BOT_DB": str(missing)})
    assert result.returncode == 2
    assert f"no database at {missing}: the bot has not recorded anything yet" in result.stderr
    assert not missing.exists()
