"""The database deleted or replaced under the running bot: nothing is confirmed that was not
stored, the user and the log are told, and the next start refuses to begin empty."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.devtools.crash import bot_env
from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.store import Store
from bot.store.files import StoreError, StoreLostError
from tests.helpers.cli import REPO, run_cli
from tests.helpers.telegram import SALT, paris

T0 = paris(2022, 4, 20, 10, 0)
NOT_SAVED = "Désolé, je n'ai pas pu enregistrer votre demande"


def test_a_database_deleted_while_the_bot_runs_is_never_confirmed_into(
    api: FakeBotApi, tmp_path: Path
) -> None:
    db = tmp_path / "bot.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot"],
        env=bot_env(api, db),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        api.push_callback("r:vendor", chat_id=1001)
        assert api.wait_for_messages(1, timeout=15)[-1]["text"].startswith("C'est noté")
        for path in tmp_path.glob("bot.sqlite3*"):
            if not path.name.endswith(".identity"):
                path.unlink()  # rm bot.sqlite3*, as an operator or a cleanup job would
        for chat in (1002, 1003):
            api.push_callback("r:hospital", chat_id=chat)
        api.push_message("/stop", chat_id=1001)
        sent = api.wait_for_messages(4, timeout=15)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    later = [m["text"] for m in sent[1:]]
    assert all(text.startswith(NOT_SAVED) for text in later), later  # 3 of 3 refused
    lost = [line for line in err.splitlines() if "was deleted while the bot ran" in line]
    # Logged once, when found.
    assert len([line for line in lost if " ERROR bot.store.connection: " in line]) == 1
    assert len([line for line in lost if " WARNING " in line and "not stored" in line]) == 3
    assert "Traceback" not in err

    # The next start refuses to begin empty where the bot had a database...
    again = run_cli(env=bot_env(api, db), timeout=30)
    assert again.returncode == 2
    (line,) = again.stderr.strip().splitlines()[-1:]
    assert f"database {db} is missing, but the bot had one there" in line
    assert "SEGUR_BOT_DB_START_EMPTY=1" in line and not db.exists()
    # ...unless told to, on purpose.
    with Store.open(db, SALT, start_empty=True) as store:
        assert store.get_user(1001) is None


def test_a_database_replaced_while_open_refuses_the_write_and_every_later_one(
    tmp_path: Path,
) -> None:
    db, other = tmp_path / "bot.sqlite3", tmp_path / "other.sqlite3"
    Store.open(other, SALT).close()
    store = Store.open(db, SALT)
    store.set_role(1, "vendor", T0)
    os.replace(other, db)  # a restore copied over the live file
    with pytest.raises(StoreLostError, match="was replaced by another file while the bot ran"):
        store.subscribe(1, T0)
    with pytest.raises(StoreLostError):
        store.set_lang(1, "en", T0)
    store.record_question(T0, topic="x", fallback=False, lang="fr")
    with pytest.raises(StoreError):
        store.flush_questions()
    assert store.lost and store.get_user(1).role == "vendor"  # reads still answer
    store.close()
    with Store.open(db, SALT) as fresh:  # the file now in place is the one used after a restart
        assert fresh.get_user(1) is None and not fresh.lost
