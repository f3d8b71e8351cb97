"""Schema 3: settings per user (with their software), subscriptions that follow their user, and
the Telegram support loop's tables (votes with comments, relays, picks, command counts)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.store import Store
from bot.store.records import Wait
from bot.store.schema import MIGRATIONS, SCHEMA, SCHEMA_VERSION, execute_all
from tests.helpers.telegram import SALT, paris

T0 = paris(2022, 4, 20, 10, 0)
GROUP = -100500


def _version_2_file(path: Path) -> None:
    """A file as segur-bot wrote it before schema 3: a private user, a group's shared setting,
    both subscribed, and a web vote."""
    conn = sqlite3.connect(path, isolation_level=None)
    execute_all(conn, SCHEMA)
    execute_all(conn, MIGRATIONS[2])
    conn.execute("INSERT INTO users VALUES (5, 'vendor', 'en', '2022-01-01T00:00:00+00:00')")
    conn.execute(
        f"INSERT INTO users VALUES ({GROUP}, 'hospital', NULL, '2022-01-01T00:00:00+00:00')"
    )
    conn.execute("INSERT INTO subscriptions VALUES (5, '2022-01-01T00:00:00+00:00', 'en')")
    conn.execute(f"INSERT INTO subscriptions VALUES ({GROUP}, '2022-01-01T00:00:00+00:00', 'fr')")
    conn.execute(
        "INSERT INTO web_feedback (at, session_hash, topic, lang, vote, question) "
        "VALUES ('2022-01-01T00:00:00+00:00', 'h', 'segur_budget', 'fr', 1, 'budget ?')"
    )
    conn.execute("PRAGMA user_version = 2")
    conn.close()


def test_a_version_2_file_keeps_its_users_subscriptions_and_votes(db_path: Path) -> None:
    _version_2_file(db_path)
    with Store.open(db_path, SALT, create=False) as reader:  # read as it is, software unknown
        assert reader.get_user(5).role == "vendor" and reader.get_user(5).software == frozenset()
        assert [(r.channel, r.comment) for r in reader.feedback()] == [("web", None)]
    with Store.open(db_path, SALT) as store:
        assert store.schema_version == SCHEMA_VERSION == 5
        assert store.get_user(5).lang == "en"
        # The old group row is still the group's subscription's setting.
        assert store.subscriber_of(GROUP) == GROUP
        assert store.subscribed_profiles() == {("vendor", frozenset()), ("hospital", frozenset())}
        recipients = store.reminder_recipients("hospital", "sunes-f3", 30, paris(2023, 1, 1))
        assert [r.chat_id for r in recipients] == [GROUP]
        assert [r.channel for r in store.feedback()] == ["web"]


def test_two_users_of_one_group_keep_their_own_role_and_software(db_path: Path) -> None:
    with Store.open(db_path, SALT) as store:
        store.set_role(11, "vendor", T0, software=frozenset({"DPI"}))
        store.set_role(12, "hospital", T0)
        store.set_lang(11, "en", T0)
        store.set_role(11, "vendor", T0)  # no software given: the stored one stays
        assert store.get_user(11).software == frozenset({"DPI"})
        assert store.subscribe(GROUP, T0, "fr", user_id=12) is True
        assert store.subscribe(GROUP, T0, "fr", user_id=11) is False  # now follows user 11
    with Store.open(db_path, SALT) as store:
        assert (store.get_user(11).role, store.get_user(11).lang) == ("vendor", "en")
        assert store.get_user(12).role == "hospital"
        assert store.subscriber_of(GROUP) == 11
        assert store.subscribed_profiles() == {("vendor", frozenset({"DPI"}))}
        dpi = store.reminder_recipients("vendor", "x", 30, T0, frozenset({"DPI"}))
        assert [(r.chat_id, r.software) for r in dpi] == [(GROUP, frozenset({"DPI"}))]
        assert store.reminder_recipients("vendor", "x", 30, T0, frozenset()) == []
        store.set_role(11, "vendor", T0, software=frozenset())  # forgotten on purpose
        assert store.get_user(11).software == frozenset()


def test_votes_comments_relays_picks_and_commands_survive_a_reopen(db_path: Path) -> None:
    with Store.open(db_path, SALT) as store:
        vote = store.record_vote(T0, 11, topic="segur_budget", lang="fr", vote=-1, question="q")
        assert store.set_vote_comment(vote, "il manque le montant de 2024") is True
        assert store.set_vote_comment(vote + 99, "lost") is False
        store.add_relay(-900, 42, chat_id=GROUP, user_id=11, lang="fr", at=T0)
        store.record_pick(T0, question="c koi le sunes", topic="sunes_what", lang="fr", chat_id=11)
        for command in ("rappel", "ics", "rappel"):
            store.record_command(T0, command)
    with Store.open(db_path, SALT) as store:
        (row,) = store.feedback()
        assert (row.channel, row.vote, row.comment) == (
            "telegram",
            -1,
            "il manque le montant de 2024",
        )
        assert row.session_hash == store.chat_hash(11)
        relay = store.relay_for(-900, 42)
        assert (relay.chat_id, relay.user_id, relay.lang) == (GROUP, 11, "fr")
        assert store.relay_for(-900, 43) is None and store.relay_count() == 1
        assert [(p.question, p.topic) for p in store.picks()] == [("c koi le sunes", "sunes_what")]
        assert store.command_counts() == [("rappel", 2), ("ics", 1)]
        assert store.command_counts(paris(2022, 4, 21)) == []


def test_what_the_bot_waits_for_survives_a_reopen_until_it_is_over(db_path: Path) -> None:
    with Store.open(db_path, SALT) as store:
        store.save_wait(Wait(GROUP, 11, "comment", 7, "en", 1_000.0))
        store.save_wait(Wait(5, 5, "relay", None, "", 2_000.0))
        store.save_wait(Wait(5, 6, "relay", None, "", 500.0))
        store.save_wait(Wait(GROUP, 11, "comment", 8, "fr", 1_500.0))  # replaces the first
    with Store.open(db_path, SALT) as store:
        assert sorted(store.waits(now=900.0), key=lambda w: w.user_id) == [
            Wait(5, 5, "relay", None, "", 2_000.0),
            Wait(GROUP, 11, "comment", 8, "fr", 1_500.0),
        ]
        store.drop_wait(GROUP, 11)
        assert store.waits(now=900.0) == [Wait(5, 5, "relay", None, "", 2_000.0)]
        assert store.waits(now=2_000.0) == []  # over: deleted
    with Store.open(db_path, SALT) as store:
        assert store.waits(now=0.0) == []
