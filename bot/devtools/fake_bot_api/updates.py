"""Builders of the update dicts Telegram sends: messages, edits, media and button presses."""

from __future__ import annotations

import time
from typing import Any

from bot.devtools.fake_bot_api.records import DEFAULT_CHAT_ID, DEFAULT_GROUP_USER_ID, JSON


def make_user(
    user_id: int,
    *,
    language_code: str | None = "fr",
    first_name: str = "Test",
    is_bot: bool = False,
) -> JSON:
    user: JSON = {
        "id": user_id,
        "is_bot": is_bot,
        "first_name": first_name,
        "username": f"user{user_id}",
    }
    if language_code is not None:
        user["language_code"] = language_code
    return user


def make_chat(chat_id: int, chat_type: str = "private") -> JSON:
    if chat_type == "private":
        return {"id": chat_id, "type": chat_type, "first_name": "Test"}
    return {"id": chat_id, "type": chat_type, "title": f"Test {chat_type} {chat_id}"}


def _default_user_id(chat_id: int, chat_type: str) -> int:
    # Telegram gives a private chat the id of the user in it.
    return chat_id if chat_type == "private" else DEFAULT_GROUP_USER_ID


def _command_entities(text: str) -> list[JSON]:
    if not text.startswith("/"):
        return []
    command = text.split(maxsplit=1)[0]
    # Telegram measures entities in UTF-16 code units.
    return [{"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}]


def _base_message(
    *,
    chat_id: int,
    message_id: int,
    user_id: int | None,
    language_code: str | None,
    chat_type: str,
    date: int | None,
) -> JSON:
    uid = _default_user_id(chat_id, chat_type) if user_id is None else user_id
    return {
        "message_id": message_id,
        "date": int(time.time()) if date is None else date,
        "chat": make_chat(chat_id, chat_type),
        "from": make_user(uid, language_code=language_code),
    }


def _update(kind: str, payload: JSON, update_id: int | None) -> JSON:
    update: JSON = {kind: payload}
    if update_id is not None:
        update["update_id"] = update_id
    return update


def make_message(
    text: str,
    *,
    chat_id: int = DEFAULT_CHAT_ID,
    message_id: int = 1,
    user_id: int | None = None,
    language_code: str | None = "fr",
    chat_type: str = "private",
    entities: list[JSON] | None = None,
    date: int | None = None,
    update_id: int | None = None,
    reply_to: JSON | None = None,
) -> JSON:
    """A ``message`` update; text starting with "/" gets its bot_command entity; ``reply_to`` is
    the message it answers (Telegram's reply_to_message).

    Without ``update_id`` the update gets one when pushed or posted.
    """
    message = _base_message(
        chat_id=chat_id,
        message_id=message_id,
        user_id=user_id,
        language_code=language_code,
        chat_type=chat_type,
        date=date,
    )
    message["text"] = text
    ents = _command_entities(text) if entities is None else entities
    if ents:
        message["entities"] = ents
    if reply_to is not None:
        message["reply_to_message"] = {k: v for k, v in reply_to.items() if k != "reply_to_message"}
    return _update("message", message, update_id)


def make_edited_message(text: str, *, update_id: int | None = None, **kwargs: Any) -> JSON:
    """An ``edited_message`` update (same keywords as :func:`make_message`)."""
    message = make_message(text, **kwargs)["message"]
    message["edit_date"] = message["date"] + 1
    return _update("edited_message", message, update_id)


def make_sticker_message(
    *,
    chat_id: int = DEFAULT_CHAT_ID,
    message_id: int = 1,
    user_id: int | None = None,
    language_code: str | None = "fr",
    chat_type: str = "private",
    emoji: str = "👍",
    update_id: int | None = None,
) -> JSON:
    message = _base_message(
        chat_id=chat_id,
        message_id=message_id,
        user_id=user_id,
        language_code=language_code,
        chat_type=chat_type,
        date=None,
    )
    message["sticker"] = {
        "file_id": f"fake-sticker-{chat_id}-{message_id}",
        "file_unique_id": f"fs{chat_id}{message_id}",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": emoji,
    }
    return _update("message", message, update_id)


def make_photo_message(
    *,
    chat_id: int = DEFAULT_CHAT_ID,
    message_id: int = 1,
    user_id: int | None = None,
    language_code: str | None = "fr",
    chat_type: str = "private",
    caption: str | None = None,
    caption_entities: list[JSON] | None = None,
    update_id: int | None = None,
) -> JSON:
    message = _base_message(
        chat_id=chat_id,
        message_id=message_id,
        user_id=user_id,
        language_code=language_code,
        chat_type=chat_type,
        date=None,
    )
    if caption_entities:
        message["caption_entities"] = caption_entities
    message["photo"] = [
        {
            "file_id": f"fake-photo-{chat_id}-{message_id}-{side}",
            "file_unique_id": f"fp{chat_id}{message_id}{side}",
            "width": side,
            "height": side,
            "file_size": side * 40,
        }
        for side in (90, 320, 800)
    ]
    if caption is not None:
        message["caption"] = caption
    return _update("message", message, update_id)


def make_document_message(
    *,
    chat_id: int = DEFAULT_CHAT_ID,
    message_id: int = 1,
    user_id: int | None = None,
    language_code: str | None = "fr",
    chat_type: str = "private",
    caption: str | None = None,
    caption_entities: list[JSON] | None = None,
    file_name: str = "courrier.pdf",
    update_id: int | None = None,
) -> JSON:
    """A PDF (or any file) sent as a document, with its caption if any."""
    message = _base_message(
        chat_id=chat_id,
        message_id=message_id,
        user_id=user_id,
        language_code=language_code,
        chat_type=chat_type,
        date=None,
    )
    message["document"] = {
        "file_id": f"fake-document-{chat_id}-{message_id}",
        "file_unique_id": f"fd{chat_id}{message_id}",
        "file_name": file_name,
        "mime_type": "application/pdf",
        "file_size": 12_000,
    }
    if caption is not None:
        message["caption"] = caption
    if caption_entities:
        message["caption_entities"] = caption_entities
    return _update("message", message, update_id)


def make_my_chat_member(
    *,
    chat_id: int,
    old_status: str = "left",
    new_status: str = "member",
    user_id: int = DEFAULT_GROUP_USER_ID,
    bot_user: JSON,
    chat_type: str = "supergroup",
    language_code: str | None = "fr",
    update_id: int | None = None,
) -> JSON:
    """The bot's own membership changed in a chat (added to a group, removed, promoted), as
    ``user_id`` did it."""

    def member(status: str) -> JSON:
        return {"status": status, "user": bot_user}

    payload = {
        "chat": make_chat(chat_id, chat_type),
        "from": make_user(user_id, language_code=language_code),
        "date": int(time.time()),
        "old_chat_member": member(old_status),
        "new_chat_member": member(new_status),
    }
    return _update("my_chat_member", payload, update_id)


def make_voice_message(
    *,
    chat_id: int = DEFAULT_CHAT_ID,
    message_id: int = 1,
    user_id: int | None = None,
    language_code: str | None = "fr",
    chat_type: str = "private",
    duration: int = 3,
    update_id: int | None = None,
) -> JSON:
    message = _base_message(
        chat_id=chat_id,
        message_id=message_id,
        user_id=user_id,
        language_code=language_code,
        chat_type=chat_type,
        date=None,
    )
    message["voice"] = {
        "file_id": f"fake-voice-{chat_id}-{message_id}",
        "file_unique_id": f"fv{chat_id}{message_id}",
        "duration": duration,
        "mime_type": "audio/ogg",
        "file_size": duration * 2000,
    }
    return _update("message", message, update_id)


def make_callback_query(
    data: str,
    *,
    chat_id: int = DEFAULT_CHAT_ID,
    message_id: int = 1,
    user_id: int | None = None,
    language_code: str | None = "fr",
    chat_type: str = "private",
    callback_id: str = "1",
    message: JSON | None = None,
    update_id: int | None = None,
) -> JSON:
    """A ``callback_query`` update for a button under the bot's message ``message_id``.

    ``message`` is that bot message; by default a bare one without text.
    """
    uid = _default_user_id(chat_id, chat_type) if user_id is None else user_id
    if message is None:
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": make_chat(chat_id, chat_type),
        }
    query = {
        "id": callback_id,
        "from": make_user(uid, language_code=language_code),
        "chat_instance": str(chat_id),
        "data": data,
        "message": message,
    }
    return _update("callback_query", query, update_id)
