"""Which messages speak to the bot: the filters of the routing table (bot.telegram_app.app).

In a private chat every message is for the bot; in a group only a mention of it (its @username or
a text mention, in the text or a caption) or a reply to one of its messages is. Commands are
routed by CommandHandler, which already ignores "/cmd@otherbot".
"""

from __future__ import annotations

from telegram import Message, MessageEntity
from telegram.ext import filters


class _MentionsBot(filters.MessageFilter):
    """A message that speaks to this bot: its @username or a text mention of it (in the text or
    a caption), or a reply to one of its messages."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
            return True
        name = f"@{bot.username}".lower()
        kinds: list[str | None] = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
        entities = message.parse_entities(kinds) or message.parse_caption_entities(kinds)
        for entity, value in entities.items():
            if entity.type == MessageEntity.MENTION and value.lower() == name:
                return True
            if entity.user is not None and entity.user.id == bot.id:
                return True
        return False


NEW_MESSAGE = filters.UpdateType.MESSAGE  # an edit is answered by editing (bot.telegram_app.edits)
# In a group the bot answers only when spoken to; commands are routed by CommandHandler, which
# already ignores "/cmd@otherbot".
ADDRESSED = filters.ChatType.PRIVATE | _MentionsBot(name="MentionsBot")
# A question is typed, or written as the caption of a photo or a PDF.
WRITTEN = (filters.TEXT | filters.CAPTION) & ~filters.COMMAND
# Stickers, voice, a photo without caption...: content the bot cannot read. Service messages (a
# pin, a title change) are not something the user said, so they get no reply.
NOT_TEXT = ~filters.TEXT & ~filters.CAPTION & ~filters.StatusUpdate.ALL
# What the flood guard counts: what the bot would answer (edits too), not a busy group's chatter.
FOR_THE_BOT = filters.UpdateType.MESSAGES & (ADDRESSED | filters.COMMAND)
