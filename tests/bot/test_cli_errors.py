"""The command line never prints a traceback: odd input gets one clear line and the right code."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli.main import main
from bot.core.engine import Engine
from tests.helpers.cli import REPO, run_cli


def test_invalid_utf8_on_stdin_is_named_and_the_other_lines_answered() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "--today", "2022-04-20"],
        input=b"qui est olivier clatz\n\xff\xfe caf\xe9\nc quoi le budget du segur\n",
        capture_output=True,
        env={"PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"},
        cwd=REPO,
        timeout=60,
        check=False,
    )
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert err.splitlines() == [
        "segur-bot: error: line 2 of stdin is not UTF-8 text: skipped (save the file as UTF-8)"
    ]
    topics = [json.loads(line)["topic"] for line in done.stdout.decode().splitlines()]
    assert topics == ["programme_leads", "segur_budget"]


def test_an_undecodable_question_argument_is_one_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", b"caf\xe9 ?"],
        capture_output=True,
        env={"PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"},
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "segur-bot: error: the question is not UTF-8 text: check the terminal's encoding"
    ]


def test_the_last_day_is_refused_before_tomorrow_can_overflow() -> None:
    done = run_cli("ask", "--today", "9999-12-31", "demain")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "segur-bot ask: error: argument --today: expected a date from 1900-01-01 to 2999-12-31, "
        "got '9999-12-31' (see segur-bot ask --help)"
    ]
    edge = run_cli("ask", "--today", "2999-12-31", "demain ?")
    assert edge.returncode == 0 and "Traceback" not in edge.stderr


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        ("/nonexistent", "--shared /nonexistent: no such folder"),
        ("{tmp}", "--shared {tmp} has no source/ folder"),
    ],
)
def test_kb_check_refuses_a_shared_folder_it_cannot_check(
    folder: str, message: str, tmp_path: Path
) -> None:
    done = run_cli("kb", "check", "--shared", folder.format(tmp=tmp_path))
    assert done.returncode == 2 and done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith("segur-bot: error: " + message.format(tmp=tmp_path))


# --- a property over odd input: whatever arrives, one line per problem and 0 or 2 ------------------


@contextlib.contextmanager
def _in_process(engine: Engine, stdin: bytes) -> Iterator[tuple[io.StringIO, io.StringIO]]:
    """main() as the console script runs it, with stdin, stdout and stderr of our own."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    out, err = io.StringIO(), io.StringIO()
    stdin_file = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8", errors="strict")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Engine, "load", classmethod(lambda cls, *a: engine))
        patch.setattr(sys, "stdin", stdin_file)
        patch.setattr(sys, "stderr", err)
        with contextlib.redirect_stdout(out):
            try:
                yield out, err
            finally:
                root.handlers[:], root.level = handlers, level


ODD_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
    ),
    max_size=60,
)
ODD_LINE = st.one_of(
    ODD_TEXT.map(lambda s: s.encode("utf-8")),
    st.binary(max_size=40).filter(lambda b: b"\n" not in b and b"\r" not in b),
    st.sampled_from(
        [b"demain", b"dans 9999999 jours", b"le 31/02/2022", b"\x00\x00", b"29/02/2023 a 25h61",
         "écrit fin juin".encode(), b"\xed\xa0\x80", b"\xc3", "🦜".encode() * 300]
    ),
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(ODD_LINE, min_size=1, max_size=5),
    today=st.dates(min_value=dt.date(1900, 1, 1)),
    json_out=st.booleans(),
)
def test_any_input_gets_answers_or_one_line_per_problem(
    engine: Engine, lines: list[bytes], today: dt.date, json_out: bool
) -> None:
    argv = ["ask", "--today", today.isoformat(), *(["--json"] if json_out else [])]
    with _in_process(engine, b"\n".join(lines) + b"\n") as (out, err):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse's usage errors, as the console script exits
            code = exit_.code
    problems = err.getvalue().splitlines()
    assert "Traceback" not in err.getvalue()
    assert all(line.startswith(("segur-bot: ", "segur-bot ask: ")) for line in problems), problems
    undecodable = sum(1 for raw in lines if _undecodable(raw))
    if today.year > 2999:
        assert code == 2 and len(problems) == 1 and "--today" in problems[0]
        return
    assert code == (2 if undecodable else 0), problems
    if json_out:
        answered = [json.loads(line) for line in out.getvalue().splitlines()]
        expected = [raw for raw in lines if not _undecodable(raw) and raw.decode().strip()]
        assert len(answered) == len(expected)


def _undecodable(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False
