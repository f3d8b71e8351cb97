"""The fake Bot API's Telegram HTML, descriptions, replies and group updates, driven through the
real python-telegram-bot Bot (no mocks): what the bot's surface and phone-shaped answers need."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from telegram import Bot, ChatMemberUpdated, Message, ReplyParameters, Update
from telegram.error import BadRequest

from bot.devtools.fake_bot_api.html_text import folded_text, parse_html
from bot.devtools.fake_bot_api.server import FakeBotApi
from bot.devtools.fake_bot_api.updates import make_document_message, make_my_chat_member


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi() as server:
        yield server


def test_html_becomes_text_and_entities_as_telegram_parses_it() -> None:
    text, entities = parse_html(
        '<b>Oui</b> &amp; é\n<blockquote expandable>📚 Sources\n<a href="https://a.fr/?x=1&amp;y=2">'
        "ANS</a>\n<i>« q »</i>\nfin</blockquote>"
    )
    assert text == "Oui & é\n📚 Sources\nANS\n« q »\nfin"
    units = len(text.encode("utf-16-le")) // 2  # Telegram counts UTF-16 units: 📚 is two
    kinds = [(e["type"], e["offset"], e["length"]) for e in entities]
    assert ("bold", 0, 3) in kinds and ("expandable_blockquote", 8, units - 8) in kinds
    (link,) = [e for e in entities if e["type"] == "text_link"]
    assert link["url"] == "https://a.fr/?x=1&y=2" and link["offset"] == 8 + 11
    # Folded, the blockquote shows its first lines only.
    assert folded_text(text, entities) == "Oui & é\n📚 Sources\nANS\n« q »"


@pytest.mark.parametrize(
    "broken",
    ["a < b", "AT&T", "<b>x", "<b>x</i>", "<script>x</script>", "<a>x</a>", "&nbsp;", "x</b>"],
)
def test_html_telegram_would_refuse_is_refused(broken: str) -> None:
    with pytest.raises(Exception, match="can't parse entities"):
        parse_html(broken)


@pytest.mark.asyncio
async def test_descriptions_html_limits_and_replies_through_ptb(api: FakeBotApi) -> None:
    async with Bot(api.token, base_url=api.base_url) as bot:
        assert await bot.set_my_description("Bonjour", language_code="fr")
        assert await bot.set_my_short_description("Court")
        assert (await bot.get_my_description(language_code="fr")).description == "Bonjour"
        assert (await bot.get_my_short_description()).short_description == "Court"
        assert api.description(language_code="fr") == "Bonjour"
        with pytest.raises(BadRequest, match="too long"):
            await bot.set_my_short_description("x" * 121)

        sent = await bot.send_message(1001, "<b>Oui</b> : 2 &lt; 3", parse_mode="HTML")
        assert sent.text == "Oui : 2 < 3" and sent.entities[0].type == "bold"
        with pytest.raises(BadRequest, match=r"(?i)can.t parse entities"):
            await bot.send_message(1001, "<b>Oui", parse_mode="HTML")
        # The length counts what remains once the tags are read, as Telegram counts it.
        long = "<b>" + "x" * 4096 + "</b>"
        assert (await bot.send_message(1001, long, parse_mode="HTML")).text == "x" * 4096

        api.push_message("ma question", chat_id=-100, chat_type="supergroup")
        question = api._user_messages[(-100, 1)]  # what Telegram would hold
        reply = await bot.send_message(-100, "réponse", reply_parameters=ReplyParameters(1))
        assert isinstance(reply, Message) and reply.reply_to_message is not None
        assert reply.reply_to_message.text == question["text"] == "ma question"
        with pytest.raises(BadRequest, match="replied not found"):
            await bot.send_message(-100, "x", reply_parameters=ReplyParameters(99))
        lost = ReplyParameters(99, allow_sending_without_reply=True)
        assert (await bot.send_message(-100, "x", reply_parameters=lost)).reply_to_message is None
        with pytest.raises(BadRequest, match=r"(?i)message_too_long"):
            await bot.answer_callback_query("1", text="x" * 201)


def test_group_updates_parse_in_ptb(api: FakeBotApi) -> None:
    async_bot = Bot(api.token, base_url=api.base_url)
    added = Update.de_json(
        make_my_chat_member(chat_id=-5, bot_user=api.bot_user, update_id=1), async_bot
    )
    assert added is not None and isinstance(added.my_chat_member, ChatMemberUpdated)
    assert added.my_chat_member.new_chat_member.status == "member"
    assert added.my_chat_member.new_chat_member.user.id == api.bot_user["id"]
    pdf = Update.de_json(
        make_document_message(caption="ma question ?", chat_id=-5, update_id=2), async_bot
    )
    assert pdf is not None and pdf.message is not None
    assert pdf.message.caption == "ma question ?" and pdf.message.document is not None
    api.push_message("bonjour", chat_id=-5, chat_type="group")
    with pytest.raises(KeyError):
        api.push_message("réponse", chat_id=-5, chat_type="group", reply_to_message_id=42)
    pushed = api.push_message("réponse", chat_id=-5, chat_type="group", reply_to_message_id=1)
    assert pushed["message"]["reply_to_message"]["text"] == "bonjour"
