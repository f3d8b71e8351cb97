"""What an answer looks like in Telegram: its HTML messages (bot.telegram_app.shape), the
keyboard under the last one (bot.telegram_app.keyboards), the message it replies to in a group,
and which of the bot's messages answered which question (so that an edit edits the answer)."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, ReplyParameters, Update
from telegram.constants import ChatType

from bot.core.answer import Answer
from bot.core.engine import Engine
from bot.telegram_app import keyboards
from bot.telegram_app.keyboards import Rows, channel_rows
from bot.telegram_app.shape import split_answer, to_html, verdict_mark
from bot.telegram_app.texts import html_chunks


@dataclass(frozen=True)
class Reply:
    chunks: list[str]  # HTML messages, each within Telegram's limit
    markup: InlineKeyboardMarkup | None = None  # under the last one


def answer_reply(
    engine: Engine, answer: Answer, role_rows: Rows, owner: int | None = None
) -> Reply:
    """An engine answer: suggestions as buttons, or the answer shaped for a phone with its
    official channels as URL buttons (and `role_rows` when it needs to know who asks)."""
    if answer.fallback and answer.suggestions:
        offered = keyboards.suggestions(engine, answer, owner)
        if offered is not None:
            text, markup = offered
            return Reply(html_chunks(text), markup)
    mark = verdict_mark(answer.verdict.eligible) if answer.verdict is not None else ""
    return text_reply(answer.text, answer.lang, role_rows if answer.needs_role else [], mark=mark)


def text_reply(text: str, lang: str, rows: Rows, *, mark: str = "") -> Reply:
    """A core text (an answer, /prochaine, /echeances): shaped, its channels as URL buttons
    after `rows`."""
    parts = split_answer(text)
    return Reply(
        to_html(parts, lang, mark=mark), keyboards.markup([*rows, *channel_rows(parts.channels)])
    )


def thread_of(update: Update) -> ReplyParameters | None:
    """In a group, the message an answer replies to: the question, or the bot's message whose
    button was pressed; None in a private chat, where the chat is the thread."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or chat.type == ChatType.PRIVATE:
        return None
    # Defaults(allow_sending_without_reply=True): a deleted question still gets its answer.
    return ReplyParameters(message_id=message.message_id)


class ReplyMap:
    """Question message -> the bot's messages that answered it, per chat, for the last `limit`
    questions: in memory only, so after a restart an edited question is answered anew."""

    def __init__(self, limit: int = 5_000) -> None:
        self._limit = limit
        self._replies: OrderedDict[tuple[int, int], tuple[int, ...]] = OrderedDict()

    def remember(self, chat_id: int, question_id: int, reply_ids: list[int]) -> None:
        key = (chat_id, question_id)
        self._replies.pop(key, None)
        if not reply_ids:
            return
        self._replies[key] = tuple(reply_ids)
        while len(self._replies) > self._limit:
            self._replies.popitem(last=False)

    def get(self, chat_id: int, question_id: int) -> tuple[int, ...]:
        return self._replies.get((chat_id, question_id), ())

    def __len__(self) -> int:
        return len(self._replies)
