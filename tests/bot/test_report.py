"""The support report, built from a real SQLite file, and `segur-bot report` as a real process:
the questions the bot could not answer, the web chat's 👍/👎, as text, JSON and CSV, since when."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from bot.clock import PARIS
from bot.report import build_report, parse_since, render_report
from bot.store import Store
from tests.helpers.cli import run_cli
from tests.helpers.telegram import SALT, paris

SESSIONS = ("A" * 32, "B" * 32)


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
        _vote(store, 1, "segur_budget", "c quoi le budget", hour=9)
        _vote(store, 1, "segur_budget", "budget ?", hour=10)
        _vote(store, -1, "segur_budget", "budget total ?", hour=11)
        _vote(store, -1, None, '=HYPERLINK("http://x")\x1b[31m', hour=12, session=1)
        _vote(store, 1, "sunes_windows", "vieux vote", day=1)
    return db_path


def _vote(
    store: Store, vote: int, topic: str | None, question: str, *, day: int = 20, hour: int = 10,
    session: int = 0,
) -> None:  # fmt: skip
    store.record_feedback(
        paris(2022, 4, day, hour, 0), SESSIONS[session], topic=topic, lang="fr", vote=vote,
        question=question,
    )  # fmt: skip


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

    empty = Report(None, 0, 0, 0.0, (), ())  # no feedback either
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


# --- the web chat's 👍/👎 ----------------------------------------------------------------------------


def test_feedback_is_counted_per_vote_and_per_topic_with_the_down_questions(filled: Path) -> None:
    with Store.open(filled, SALT, create=False) as store:
        feedback = build_report(store).feedback
        recent = build_report(store, since=paris(2022, 4, 10).date()).feedback
        hashed = store.session_hash(SESSIONS[1])[:12]
    assert (feedback.up, feedback.down) == (3, 2) and (recent.up, recent.down) == (2, 2)
    # The most 👎 first: what a support person should look at.
    assert [(v.topic, v.up, v.down) for v in feedback.by_topic] == [
        ("segur_budget", 2, 1), (None, 0, 1), ("sunes_windows", 1, 0),
    ]  # fmt: skip
    latest, earlier = feedback.down_votes
    assert latest.topic is None and latest.session == hashed and latest.at.hour == 12
    assert earlier.question == "budget total ?" and earlier.at.tzinfo is not None


def test_the_text_report_shows_the_feedback_in_both_languages(filled: Path) -> None:
    with Store.open(filled, SALT, create=False) as store:
        report = build_report(store, since=paris(2022, 4, 10).date())
    fr, en = render_report(report, "fr"), render_report(report, "en")
    assert "Avis sur les réponses : 2 👍, 2 👎" in fr and "  segur_budget : 2 👍, 1 👎" in fr
    assert "  (sans sujet) : 0 👍, 1 👎" in fr
    assert "« budget total ? » (segur_budget, session " in fr and "2022-04-20 11:00)" in fr
    assert "\x1b" not in fr  # a terminal never obeys what a user typed
    assert "Feedback on answers: 2 👍, 2 👎" in en and "(no topic)" in en
    assert SESSIONS[0] not in fr + en and SESSIONS[1] not in fr + en


def _env(db: Path) -> dict[str, str]:
    return {"SEGUR_BOT_DB": str(db), "SEGUR_HASH_SALT": SALT}


def test_segur_bot_report_json(filled: Path) -> None:
    result = run_cli("report", "--json", "--since", "2022-04-10", env=_env(filled))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["since"] == "2022-04-10T00:00:00+02:00"
    assert (data["questions"], data["fallbacks"], data["fallback_rate"]) == (8, 4, 0.5)
    assert data["unanswered"][0]["count"] == 3 and data["topics"][0] == {
        "topic": "segur_budget", "count": 3,
    }  # fmt: skip
    feedback = data["feedback"]
    assert (feedback["up"], feedback["down"]) == (2, 2)
    assert feedback["topics"][0] == {"topic": "segur_budget", "up": 2, "down": 1}
    down = feedback["down_questions"]
    assert [d["question"] for d in down][1] == "budget total ?"
    assert down[1]["at"] == "2022-04-20T11:00:00+02:00" and len(down[1]["session"]) == 12
    assert all(s not in result.stdout for s in SESSIONS)


def test_segur_bot_report_csv(filled: Path) -> None:
    result = run_cli("report", "--csv", env=_env(filled))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    summary = {r["text"]: r["count"] for r in rows if r["section"] == "summary"}
    assert summary == {
        "questions": "9", "fallbacks": "5", "fallback_rate": "0.5556", "up": "3", "down": "2",
    }  # fmt: skip
    assert {r["section"] for r in rows} == {"summary", "unanswered", "topic", "votes", "down"}
    votes = [(r["topic"], r["up"], r["down"]) for r in rows if r["section"] == "votes"]
    assert votes[0] == ("segur_budget", "2", "1")
    down = [r for r in rows if r["section"] == "down"]
    # A question typed as a formula stays text in a spreadsheet; control characters are gone.
    assert down[0]["text"].startswith("'=HYPERLINK(") and "\x1b" not in down[0]["text"]
    assert down[1]["text"] == "budget total ?" and down[1]["lang"] == "fr"
    assert all(s not in result.stdout for s in SESSIONS)


def test_json_and_csv_are_one_or_the_other(filled: Path) -> None:
    both = run_cli("report", "--json", "--csv", env=_env(filled))
    assert both.returncode == 2 and len(both.stderr.strip().splitlines()) == 1


# --- --since -------------------------------------------------------------------------------------


@pytest.fixture
def recent(db_path: Path) -> Path:
    """Questions and votes 2 hours, 50 hours, 3 days and 10 days before now."""
    now = dt.datetime.now(PARIS)
    with Store.open(db_path, SALT) as store:
        for hours, text in ((2, "deux heures"), (50, "cinquante heures"), (72, "trois jours"),
                            (240, "dix jours")):  # fmt: skip
            at = now - dt.timedelta(hours=hours)
            store.record_question(
                at, topic=None, fallback=True, lang="fr", text=text, best_guess=None, score=0.1,
                chat_id=7,
            )  # fmt: skip
            store.record_feedback(at, SESSIONS[0], topic=None, lang="fr", vote=-1, question=text)
    return db_path


@pytest.mark.parametrize(
    ("since", "seen"),
    [
        ("24h", {"deux heures"}),
        ("hier", {"deux heures"}),
        ("yesterday", {"deux heures"}),
        ("7j", {"deux heures", "cinquante heures", "trois jours"}),
        ("7d", {"deux heures", "cinquante heures", "trois jours"}),
        ("2000-01-01", {"deux heures", "cinquante heures", "trois jours", "dix jours"}),
    ],
)
def test_since_takes_a_date_a_day_or_a_span(recent: Path, since: str, seen: set[str]) -> None:
    result = run_cli("report", "--json", "--since", since, env=_env(recent))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {g["text"] for g in data["unanswered"]} == seen
    assert {d["question"] for d in data["feedback"]["down_questions"]} == seen
    assert data["questions"] == len(seen)


@pytest.mark.parametrize("since", ["demain", "7 semaines", "2022-13-01", "-3j", "3000-01-01", ""])
def test_a_since_that_cannot_be_read_gets_one_line(recent: Path, since: str) -> None:
    result = run_cli("report", f"--since={since}", env=_env(recent))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"segur-bot: --since: expected a date like 2022-04-20, yesterday (hier), 7d (7j) or 24h, "
        f"got {since!r}"
    ]


def test_since_is_measured_in_paris() -> None:
    now = dt.datetime(2022, 3, 28, 0, 30, tzinfo=PARIS)  # the night after the clocks moved
    assert parse_since("hier", now) == dt.datetime(2022, 3, 27, 0, 0, tzinfo=PARIS)
    assert parse_since("24h", now) == now - dt.timedelta(hours=24)
    assert parse_since(" 7J ", now) == now - dt.timedelta(days=7)
    assert parse_since("aujourd’hui", now) == dt.datetime(2022, 3, 28, tzinfo=PARIS)
    assert parse_since("2022-04-20", now) == dt.datetime(2022, 4, 20, tzinfo=PARIS)
