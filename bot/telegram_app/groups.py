"""The bot in a group: a greeting when it is added, saying how to ask. (In a group the bot answers
only when spoken to: a mention, a reply to one of its messages or a command; its answers reply to
the question. Those are bot.telegram_app.addressing's ADDRESSED filter and
bot.telegram_app.sending._say.)"""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.constants import ChatType

from bot.telegram_app.context import Context
from bot.telegram_app.profile import _prefs, ui_lang
from bot.telegram_app.sending import _say
from bot.telegram_app.texts import t

IN = frozenset({ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER})
GROUPS = frozenset({ChatType.GROUP, ChatType.SUPERGROUP})


async def greet_group(update: Update, context: Context) -> None:
    """Added to a group: one message on how to ask (a promotion or a removal says nothing)."""
    change = update.my_chat_member
    if change is None or change.chat.type not in GROUPS:
        return
    was_in = change.old_chat_member.status in IN
    if was_in or change.new_chat_member.status not in IN:
        return
    # The language of whoever added the bot, unless the group chose one with /langue.
    lang = ui_lang(update, _prefs(update, context))
    mention = f"@{context.bot.username}"
    await _say(update, context, t("group_greeting", lang, mention=mention))
