"""Talking to the real Application over HTTP, as a Telegram user would, through the fake Bot API."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.devtools.fake_bot_api.records import DEFAULT_CHAT_ID
from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.store import Store
from tests.helpers.telegram import (
    SALT,
    bold,
    buttons,
    exchange,
    last_bot_message_id,
    links,
    paris,
    plain,
    press,
    running,
    settle,
    url_buttons,
    wait_calls,
)

# The buttons carry the user they are for (in a private chat, the chat's id).
ROLE_BUTTONS = [
    ("Éditeur / industriel", f"r:vendor:{DEFAULT_CHAT_ID}"),
    ("Établissement de santé", f"r:hospital:{DEFAULT_CHAT_ID}"),
    ("Autre", f"r:other:{DEFAULT_CHAT_ID}"),
]
STALE = "Ce bouton n'est plus valide. Posez à nouveau votre question."


@pytest.mark.asyncio
async def test_start_asks_the_role_and_the_button_stores_it(
    api: FakeBotApi, make_app, db_path: Path
) -> None:
    async with running(make_app()):
        (welcome,) = await exchange(api, "/start")
        assert welcome["text"].startswith("Bonjour !") and welcome["parse_mode"] == "HTML"
        assert buttons(welcome) == ROLE_BUTTONS

        (noted,) = await press(api, ROLE_BUTTONS[0][1], message_id=last_bot_message_id(api))
        assert noted["text"].startswith("C'est noté : Éditeur / industriel.")
        (ack,) = api.calls("answerCallbackQuery")
        assert ack.ok and ack.params["text"] == "Profil enregistré : Éditeur / industriel"
        # The welcome's keyboard, edited in place: a ✓ on the choice, the other roles gone.
        (edit,) = await wait_calls(api, "editMessageReplyMarkup", 1)
        assert edit.ok and edit.params["message_id"] == welcome_id(api)
        assert buttons(api.message(DEFAULT_CHAT_ID, welcome_id(api))) == [
            ("✓ Éditeur / industriel", "d:done")
        ]

    with Store.open(db_path, SALT, create=False) as store:
        assert store.get_user(DEFAULT_CHAT_ID).role == "vendor"


def topic_of(data: str) -> str:
    """'segur_budget' from a suggestion's "t:segur_budget:1001"."""
    prefix, topic, _owner = data.split(":")
    assert prefix == "t"
    return topic


def welcome_id(api: FakeBotApi) -> int:
    return api.calls("sendMessage")[0].result["message_id"]


@pytest.mark.asyncio
async def test_start_in_english(api: FakeBotApi, make_app) -> None:
    async with running(make_app()):
        (welcome,) = await exchange(api, "/start", language_code="en-GB")
        assert welcome["text"].startswith("Hello!")
        assert [b[0] for b in buttons(welcome)] == [
            "Software vendor",
            "Health establishment",
            "Other",
        ]
        (help_en,) = await exchange(api, "/help", language_code="en")
        assert "/eligible: Am I in time?" in help_en["text"]


@pytest.mark.asyncio
async def test_a_french_question_gets_its_topic_answer_and_source(
    api: FakeBotApi, make_app, db_path: Path, engine
) -> None:
    async with running(make_app()):
        (reply,) = await exchange(api, "c quoi le budget du segur ?")
    expected = engine.ask("c quoi le budget du segur ?", today=paris(2026, 4, 20).date())
    assert expected.topic == "segur_budget"
    # The fact first, in bold; then the rest; the sources one link per page, folded.
    (headline,) = bold(reply)
    assert headline.startswith("Le Ségur du numérique est doté de 2 milliards d’euros")
    assert links(reply) == list(dict.fromkeys(c.url for c in expected.sources))
    pages = len(dict.fromkeys(c.url for c in expected.sources))
    assert f"<blockquote expandable>📚 Sources ({pages})\n<a href=" in reply["text"]
    assert "https://" not in plain(reply).split("📚")[0]  # no bare address in the answer
    # A substantive answer carries only the votes (bot.telegram_app.support).
    assert buttons(reply) == [("👍", "v:+:1001:segur_budget"), ("👎", "v:-:1001:segur_budget")]
    with Store.open(db_path, SALT, create=False) as store:
        assert store.topic_counts() == [("segur_budget", 1)]


@pytest.mark.asyncio
async def test_fallback_offers_suggestions_and_a_button_answers_the_topic(
    api: FakeBotApi, make_app, engine
) -> None:
    async with running(make_app()):
        (unsure,) = await exchange(api, "segur")
        assert unsure["text"].startswith("Je ne suis pas sûr d'avoir compris")
        offered = buttons(unsure)
        assert 3 <= len(offered) <= 4 and offered[-1] == (
            "Aucune de ces réponses",
            f"n:none:{DEFAULT_CHAT_ID}",
        )
        offered = offered[:-1]
        assert offered[0] == (
            engine.kb.topics["segur_budget"].title.fr,
            f"t:segur_budget:{DEFAULT_CHAT_ID}",
        )
        assert all(topic_of(data) in engine.kb.topics for _, data in offered)
        # Buttons, not bullets: no title is said twice; the channels wait for "none of these".
        assert "•" not in unsure["text"] and url_buttons(unsure) == []
        asked = last_bot_message_id(api)

        title, data = offered[1]
        (answer,) = await press(api, data, message_id=asked)
        (ack,) = api.calls("answerCallbackQuery")
        assert ack.params["text"] == f"Réponse : {title}"
        await wait_calls(api, "editMessageReplyMarkup", 1)
        assert buttons(api.message(DEFAULT_CHAT_ID, asked)) == [(f"✓ {title}", "d:done")]
        # Pressed again, the ✓ only says what was chosen.
        api.push_callback("d:done", message_id=asked)
        _, again = await wait_calls(api, "answerCallbackQuery", 2)
        assert again.params["text"] == f"Déjà choisi : {title}"
    expected = engine.answer_topic(topic_of(data), today=paris(2026, 4, 20).date(), lang="fr")
    assert links(answer) == list(dict.fromkeys(c.url for c in expected.sources))
    assert plain(answer).startswith(expected.text.split("\n")[0][:40])


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "data",
    ["t:no_such_topic", "x:anything", "t:" + "a" * 200, "r:admin", "l:de", "", "t:../../etc"],
    ids=[
        "unknown-topic",
        "unknown-prefix",
        "too-long",
        "unknown-role",
        "unknown-lang",
        "empty",
        "path",
    ],
)
async def test_forged_or_stale_buttons_get_a_polite_answer(
    api: FakeBotApi, make_app, db_path: Path, data: str
) -> None:
    async with running(make_app()):
        api.push_callback(data)
        (ack,) = await wait_calls(api, "answerCallbackQuery", 1)
        await settle()
        (reply,) = await exchange(api, "/aide")  # and the bot is still fine
    assert ack.ok and ack.params["text"] == STALE
    assert api.sent_messages() == [reply]  # no error message, no other reply
    with Store.open(db_path, SALT, create=False) as store:
        assert store.get_user(DEFAULT_CHAT_ID) is None  # nothing was changed


@pytest.mark.asyncio
async def test_html_injection_comes_back_escaped(api: FakeBotApi, make_app) -> None:
    attack = '<b>x</b> <script>alert("x")</script> &amp;'
    async with running(make_app()):
        (reply,) = await exchange(api, attack)
        assert reply["parse_mode"] == "HTML"
        # The one place user text is shown back is the support report.
        (report,) = await exchange(api, "/stats", chat_id=777)
    assert "<script>" not in reply["text"] and "<b>x" not in reply["text"]
    assert (
        '&lt;b&gt;x&lt;/b&gt; &lt;script&gt;alert("x")&lt;/script&gt; &amp;amp;' in report["text"]
    )
    assert "<script>" not in report["text"] and "<b>" not in report["text"]


@pytest.mark.asyncio
async def test_stickers_and_voice_get_a_polite_answer_a_caption_is_read(
    api: FakeBotApi, make_app
) -> None:
    async with running(make_app()):
        api.push_sticker()
        api.push_voice()
        polite = await api.wait_for_messages_async(2)
        api.push_photo(caption="c quoi le budget du segur ?")
        (*_, captioned) = await api.wait_for_messages_async(3)
    assert [m["text"] for m in polite] == [polite[0]["text"]] * 2
    assert polite[0]["text"].startswith("Je ne lis que du texte")
    assert "2 milliards" in captioned["text"]


@pytest.mark.asyncio
async def test_in_a_group_only_commands_and_mentions_are_answered(
    api: FakeBotApi, make_app
) -> None:
    group = -100123
    mention = "@segur_test_bot"
    async with running(make_app()):
        api.push_message("c quoi le budget du segur", chat_id=group, chat_type="group")
        api.push_message("@someone_else budget ?", chat_id=group, chat_type="group",
                         entities=[{"type": "mention", "offset": 0, "length": 13}])  # fmt: skip
        api.push_sticker(chat_id=group, chat_type="group")
        api.push_message("/aide@other_bot", chat_id=group, chat_type="group")
        await settle(0.3)
        assert api.sent_messages(group) == []

        (answer,) = await exchange(
            api, f"{mention} c quoi le budget du segur", chat_id=group, chat_type="group",
            entities=[{"type": "mention", "offset": 0, "length": len(mention)}],
        )  # fmt: skip
        (help_,) = await exchange(api, "/aide@segur_test_bot", chat_id=group, chat_type="group")
    assert "2 milliards" in answer["text"]
    assert "/rappel" in help_["text"]


@pytest.mark.asyncio
async def test_commands_follow_my_role_and_the_date(api: FakeBotApi, make_app, clock) -> None:
    clock.set(paris(2022, 4, 20, 10, 0))
    async with running(make_app()):
        (anyone,) = await exchange(api, "/prochaine")
        assert buttons(anyone) == ROLE_BUTTONS  # no role yet: offer to narrow the dates
        await press(api, "r:hospital", message_id=last_bot_message_id(api))
        (window,) = await exchange(api, "/prochaine")
        (unsure,) = await exchange(api, "/eligible 15 juin 2022")
        await press(api, "r:vendor", message_id=last_bot_message_id(api))
        (deadlines,) = await exchange(api, "/echeances")
        (closing_day,) = await exchange(api, "/eligible 15 juin 2022")
        (unknown,) = await exchange(api, "/frobnicate")
    assert "fenêtre SUN-ES F2" in window["text"] and "référencement" not in window["text"]
    # /prochaine: the open window and the next one only; /echeances lists everything ahead.
    assert "F3" in window["text"] and "F4" not in window["text"]
    assert (
        "commandes signées" in deadlines["text"]
        and "demandes de paiement du solde" in deadlines["text"]
    )
    assert "reply_markup" not in window
    assert "SUN-ES" in unsure["text"]
    assert "dépôt du dossier de référencement" in deadlines["text"]
    assert plain(closing_day).startswith("⚠️ Cela dépend de l'heure")
    assert unknown["text"].startswith("Je réponds sur le Ségur du numérique")


@pytest.mark.asyncio
async def test_eligible_without_a_role_asks_for_it(api: FakeBotApi, make_app) -> None:
    async with running(make_app()):
        (reply,) = await exchange(api, "/eligible")
    assert "qui vous êtes" in reply["text"] and buttons(reply) == ROLE_BUTTONS


@pytest.mark.asyncio
async def test_langue_switches_the_answers_to_english(
    api: FakeBotApi, make_app, db_path: Path
) -> None:
    async with running(make_app()):
        (prompt,) = await exchange(api, "/langue")
        assert buttons(prompt) == [
            ("Français", f"l:fr:{DEFAULT_CHAT_ID}"),
            ("English", f"l:en:{DEFAULT_CHAT_ID}"),
        ]
        (done,) = await press(api, f"l:en:{DEFAULT_CHAT_ID}", message_id=last_bot_message_id(api))
        (answer,) = await exchange(api, "c quoi le budget du segur")
    assert done["text"] == "Noted: I will answer in English."
    assert "2 billion" in answer["text"]
    with Store.open(db_path, SALT, create=False) as store:
        assert store.get_user(DEFAULT_CHAT_ID).lang == "en"


@pytest.mark.asyncio
async def test_a_crashing_handler_gets_a_polite_message_and_a_log_line(
    api: FakeBotApi, make_app, caplog
) -> None:
    app = make_app()
    async with running(app):
        app.bot_data.store.close()  # every store call now raises
        update = api.push_message("/prochaine")
        # The apology first; an admin's error notice may follow (the test chat is an admin's).
        sorry = (await api.wait_for_messages_async(1))[0]
    assert sorry["text"].startswith("Désolé, un problème technique")
    assert f"update {update['update_id']} failed: StoreError" in caplog.text


@pytest.mark.asyncio
async def test_answers_are_html_without_link_previews(api: FakeBotApi, make_app) -> None:
    async with running(make_app()):
        (answer,) = await exchange(api, "c quoi le budget du segur")
    (call,) = [c for c in api.calls("sendMessage") if c.ok]
    assert "https://" in answer["text"] and answer["parse_mode"] == "HTML"
    previews = call.params.get("link_preview_options")
    if isinstance(previews, str):
        import json

        previews = json.loads(previews)
    assert previews and previews.get("is_disabled") is True
