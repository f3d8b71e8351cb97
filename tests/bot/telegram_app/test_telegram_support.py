"""The support loop through the real Application and the fake Bot API: a 👎 with its comment in
the report and /stats, a person asked for, the question relayed to the support chat with consent
and the agent's reply brought back (across a restart), and errors told to the admins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.devtools.fake_bot_api.records import DEFAULT_CHAT_ID
from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.devtools.fake_bot_api.updates import make_message
from bot.logs import SecretFilter
from bot.report import build_report, render_report
from bot.store import Store
from bot.telegram_app.admin_notices import notice_text
from tests.helpers.telegram import (
    ADMIN_ID,
    SALT,
    buttons,
    exchange,
    last_bot_message_id,
    press,
    running,
    settle,
    url_buttons,
)

SUPPORT = -100999
AGENT = 31337


def reply_in_support_chat(api: FakeBotApi, text: str, to: dict[str, Any]) -> None:
    """An agent's reply, in the support chat, to the bot's message `to` (a sendMessage result)."""
    update = make_message(
        text,
        chat_id=SUPPORT,
        chat_type="supergroup",
        user_id=AGENT,
        message_id=to["message_id"] + 1,
    )
    update["message"]["reply_to_message"] = to
    api.push_update(update)


async def thumbs_down(api: FakeBotApi, question: str) -> dict[str, Any]:
    """Ask, press 👎 under the answer: the bot's "what was missing?"."""
    (answer,) = await exchange(api, question)
    down = next(data for text, data in buttons(answer) if text == "👎")
    (ask,) = await press(api, down, message_id=last_bot_message_id(api))
    return ask


@pytest.mark.asyncio
async def test_a_thumbs_down_with_its_comment_reaches_the_report_and_stats(
    api: FakeBotApi, make_app, db_path: Path
) -> None:
    async with running(make_app()):
        ask = await thumbs_down(api, "c quoi le budget du segur ?")
        (saved,) = await exchange(api, "il manque le montant pour 2024")
        (next_answer,) = await exchange(api, "c quoi le budget du segur ?")  # answered again
        (stats,) = await exchange(api, "/stats", chat_id=ADMIN_ID)
    assert ask["text"].startswith("Merci. Qu'est-ce qui manquait")
    assert url_buttons(ask)  # the official channels, as a next step
    assert api.calls("answerCallbackQuery")[-1].params["text"].startswith("Noté.")
    assert saved["text"].startswith("Merci, c'est transmis à l'équipe.")
    assert "2 milliards" in next_answer["text"]
    with Store.open(db_path, SALT, create=False) as store:
        (vote,) = store.feedback()
        report = render_report(build_report(store))
    assert (vote.channel, vote.vote, vote.topic) == ("telegram", -1, "segur_budget")
    assert (vote.question, vote.comment) == (
        "c quoi le budget du segur ?",
        "il manque le montant pour 2024",
    )
    line = "« c quoi le budget du segur ? » (segur_budget) : « il manque le montant pour 2024 »"
    assert line in report and "👎 1 (telegram 1)" in report
    assert "Commandes : /stats 1" in report or "/stats" in stats["text"]
    assert "il manque le montant pour 2024" in stats["text"]


@pytest.mark.asyncio
async def test_a_comment_awaited_before_a_restart_is_kept_after_it(
    api: FakeBotApi, make_app, db_path: Path
) -> None:
    async with running(make_app()):
        ask = await thumbs_down(api, "c quoi le budget du segur ?")
    assert ask["text"].startswith("Merci. Qu'est-ce qui manquait")
    # The bot restarts (a deploy) before the user writes what was missing.
    async with running(make_app()):
        (saved,) = await exchange(api, "il manque le montant pour 2024")
        (answered,) = await exchange(api, "c quoi le budget du segur ?")  # a question again
    assert saved["text"].startswith("Merci, c'est transmis à l'équipe.")
    assert "2 milliards" in answered["text"]
    with Store.open(db_path, SALT, create=False) as store:
        (vote,) = store.feedback()
    assert vote.comment == "il manque le montant pour 2024"


@pytest.mark.asyncio
async def test_a_relay_awaited_before_a_restart_relays_the_question_after_it(
    api: FakeBotApi, make_app, db_path: Path
) -> None:
    async with running(make_app(support_chat_id=SUPPORT)):
        (offer,) = await exchange(api, "un humain svp")  # no question asked before
        consent = dict((text, data) for text, data in buttons(offer))
        await press(
            api, consent["✅ Oui, transmettre ma question"], message_id=last_bot_message_id(api)
        )
    async with running(make_app(support_chat_id=SUPPORT)):
        (relayed,) = await exchange(api, "notre dossier ASP est bloqué depuis 3 semaines")
        await settle(0.3)
        (in_support,) = api.sent_messages(SUPPORT)
    assert relayed["text"].startswith("C'est transmis à l'équipe support")
    assert "notre dossier ASP est bloqué depuis 3 semaines" in in_support["text"]


@pytest.mark.asyncio
async def test_a_suggestion_pick_is_a_candidate_variant_in_the_report(
    api: FakeBotApi, make_app, db_path: Path
) -> None:
    async with running(make_app()):
        (unsure,) = await exchange(api, "segur")
        _, data = next((text, d) for text, d in buttons(unsure) if d.startswith("t:"))
        await press(api, data, message_id=last_bot_message_id(api))
    with Store.open(db_path, SALT, create=False) as store:
        report = render_report(build_report(store))
    topic = data.split(":")[1]  # "t:<topic>:<owner>"
    assert f"1 × « segur » → {topic}" in report


@pytest.mark.asyncio
async def test_a_person_asked_for_gets_the_channels_and_a_consented_relay_and_the_reply_back(
    api: FakeBotApi, make_app, db_path: Path
) -> None:
    async with running(make_app(support_chat_id=SUPPORT)):
        await exchange(api, "mon dossier de référencement est bloqué depuis un mois")
        (offer,) = await exchange(api, "un humain svp")
        consent = dict((text, data) for text, data in buttons(offer))
        (relayed,) = await press(
            api, consent["✅ Oui, transmettre ma question"], message_id=last_bot_message_id(api)
        )
        await settle(0.3)
        (in_support,) = api.sent_messages(SUPPORT)
        relay_message = next(
            c.result for c in api.calls("sendMessage") if c.params["chat_id"] == SUPPORT
        )
    assert offer["text"].startswith("Je suis un assistant automatique.")
    assert url_buttons(offer) and "jamais votre numéro ni votre nom complet" in offer["text"]
    assert relayed["text"].startswith("C'est transmis à l'équipe support")
    text = in_support["text"]
    assert "mon dossier de référencement est bloqué depuis un mois" in text
    assert "Question de Test (#" in text and "user1001" not in text  # first name, no username

    # A restart between the relay and the agent's answer: the mapping is in the store.
    async with running(make_app(support_chat_id=SUPPORT)):
        before = len(api.sent_messages(DEFAULT_CHAT_ID))
        reply_in_support_chat(
            api, "Bonjour, nous débloquons votre dossier aujourd'hui.", relay_message
        )
        back = (await api.wait_for_messages_async(before + 1, chat_id=DEFAULT_CHAT_ID))[before:]
        await settle(0.3)
        confirmations = [m["text"] for m in api.sent_messages(SUPPORT)[1:]]
    assert back[0]["text"] == (
        "💬 Réponse de l'équipe support :\nBonjour, nous débloquons votre dossier aujourd'hui."
    )
    assert confirmations == ["✓ Réponse transmise."]
    with Store.open(db_path, SALT, create=False) as store:
        assert store.relay_count() == 1


@pytest.mark.asyncio
async def test_without_a_support_chat_a_person_gets_the_official_channels(
    api: FakeBotApi, make_app
) -> None:
    async with running(make_app()):
        (offer,) = await exchange(api, "je voudrais parler à quelqu'un")
        (english,) = await exchange(api, "speak to someone please", language_code="en")
    assert (
        offer["text"]
        == "Je suis un assistant automatique. Pour une personne, voici les canaux officiels :"
    )
    assert url_buttons(offer) and not buttons(offer)
    assert english["text"].startswith("I am an automatic assistant.")


@pytest.mark.asyncio
async def test_errors_reach_the_admins_once_per_kind_without_secrets(
    api: FakeBotApi, make_app
) -> None:
    app = make_app()
    async with running(app):
        app.bot_data.store.close()  # every store call now raises
        api.push_message("/prochaine")
        await api.wait_for_messages_async(2)
        api.push_message("/prochaine")
        await api.wait_for_messages_async(3)
        await settle(0.5)
    notices = api.sent_messages(ADMIN_ID)
    assert len(notices) == 1  # the second failure of the same kind is held back
    assert notices[0]["text"].startswith("⚠️ Erreur dans le bot : StoreError: database ")
    assert "(mise à jour 1, connection.py:" in notices[0]["text"]
    assert api.token not in notices[0]["text"]


def test_an_error_notice_is_cleaned_of_the_token() -> None:
    token = "123456:SECRET-KEY-abcdefgh"
    try:
        raise RuntimeError(f"POST https://api.telegram.org/bot{token}/sendMessage failed")
    except RuntimeError as exc:
        text = SecretFilter([token]).redact(notice_text(exc, 7, held=2))
    assert "SECRET-KEY" not in text and "bot***/sendMessage" in text
    assert text.endswith("; 2 autre(s) erreur(s) de ce type retenue(s) depuis la précédente")
