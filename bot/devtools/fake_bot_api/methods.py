"""The Bot API methods the fake server answers (getUpdates, sendMessage, setMyCommands, ...)
and the state they keep."""

from __future__ import annotations

import asyncio
import collections
import hashlib
import json
import re
import struct
import threading
import time
from collections.abc import Callable
from typing import Any

from bot.devtools.fake_bot_api.html_text import parse_html
from bot.devtools.fake_bot_api.records import (
    JSON,
    MAX_CAPTION_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_DOCUMENT_BYTES,
    MAX_PHOTO_BYTES,
    MAX_PHOTO_RATIO,
    MAX_PHOTO_SIDES,
    MAX_SHORT_DESCRIPTION_LENGTH,
    MAX_TEXT_LENGTH,
    MAX_TOAST_LENGTH,
    MESSAGE_METHODS,
    Fault,
    Recorded,
    _ApiError,
)
from bot.devtools.fake_bot_api.updates import make_chat


class BotApiState:
    """What the fake Bot API remembers, and the Bot API methods that read and change it.

    One Condition guards all state: tests read it from their own thread while the server thread
    writes it. FakeBotApi (bot.devtools.fake_bot_api.server) adds the HTTP server around it.
    """

    def __init__(self, bot_user: JSON) -> None:
        self.bot_user = bot_user
        self._cond = threading.Condition()
        self.requests: list[Recorded] = []
        self._delivered: list[Recorded] = []
        self._updates: collections.deque[JSON] = collections.deque()
        self._next_update_id = 1
        self._next_message_id: dict[int, int] = {}
        self._chats: dict[int, JSON] = {}
        self._bot_messages: dict[tuple[int, int], JSON] = {}
        # What users sent, so that a reply (reply_parameters) can quote it as Telegram does.
        self._user_messages: dict[tuple[int, int], JSON] = {}
        self._descriptions: dict[tuple[str, str], str] = {}
        self._faults: dict[str, collections.deque[Fault]] = {}
        self._commands: dict[tuple[str, str], list[JSON]] = {}
        self._webhook: JSON = {}
        self._callback_counter = 0

        # Set by the server's event loop; getUpdates long polls wait on it.
        self._update_event: asyncio.Event | None = None

        self._methods: dict[str, Callable[[JSON], Any]] = {
            "getMe": lambda _p: self.bot_user,
            "sendMessage": self._send_message,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._true,
            "sendChatAction": self._true,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setMyDescription": self._set_my_description,
            "setMyShortDescription": self._set_my_short_description,
            "getMyDescription": self._get_my_description,
            "getMyShortDescription": self._get_my_short_description,
            "setMyName": self._true,
            "setChatMenuButton": self._true,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "close": self._true,
            "logOut": self._true,
        }
        # Telegram method names are case-insensitive.
        self._canonical = {name.lower(): name for name in [*self._methods, "getUpdates"]}

    # ------------------------------------------------------------------ state helpers (lock held)

    def _assign_update_id(self, update: JSON) -> None:
        if update.get("update_id") is None:
            update["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, int(update["update_id"]) + 1)

    def _new_message_id(self, chat_id: int) -> int:
        # Users and the bot share one message_id sequence per chat, as in Telegram.
        with self._cond:
            mid = self._next_message_id.get(chat_id, 1)
            self._next_message_id[chat_id] = mid + 1
            return mid

    def _remember_chat(self, update: JSON) -> None:
        for payload in update.values():
            if not isinstance(payload, dict):
                continue
            message = payload.get("message", payload)
            chat = message.get("chat") if isinstance(message, dict) else None
            if isinstance(chat, dict) and "id" in chat:
                self._chats[chat["id"]] = chat
                mid = message.get("message_id")
                if isinstance(mid, int) and "callback_query" not in update:
                    self._user_messages[(chat["id"], mid)] = message
                    nxt = self._next_message_id.get(chat["id"], 1)
                    self._next_message_id[chat["id"]] = max(nxt, mid + 1)

    def _chat(self, chat_id: int) -> JSON:
        chat = self._chats.get(chat_id)
        if chat is None:
            # Unknown chats are accepted (Telegram would say "chat not found"): tests
            # often send to a chat before any update from it.
            chat = make_chat(chat_id, "private" if chat_id > 0 else "supergroup")
        return chat

    def _sent_params(self, chat_id: int | None) -> list[JSON]:
        return [
            r.params
            for r in self._delivered
            if chat_id is None or r.params.get("chat_id") == chat_id
        ]

    def _record(self, entry: Recorded) -> None:
        with self._cond:
            self.requests.append(entry)
            if entry.ok and entry.method in MESSAGE_METHODS:
                self._delivered.append(entry)
                self._cond.notify_all()

    def forget_history(self) -> int:
        """Drop the record of past requests and of the bot's messages (a long soak would
        otherwise hold them all); returns how many delivered messages were forgotten."""
        with self._cond:
            delivered = len(self._delivered)
            self.requests.clear()
            self._delivered.clear()
            self._bot_messages.clear()
            self._chats.clear()
            self._next_message_id.clear()
            return delivered

    @staticmethod
    def _commands_key(scope: Any, language_code: Any) -> tuple[str, str]:
        scope_key = json.dumps(scope or {"type": "default"}, sort_keys=True)
        return scope_key, str(language_code or "")

    # ------------------------------------------------------------------ Bot API methods

    @staticmethod
    def _true(_params: JSON) -> bool:
        return True

    @staticmethod
    def _require(params: JSON, *names: str) -> None:
        for name in names:
            if params.get(name) in (None, ""):
                raise _ApiError(400, f"Bad Request: {name} is empty")

    @classmethod
    def _chat_id(cls, params: JSON) -> int:
        cls._require(params, "chat_id")
        chat_id = params["chat_id"]
        if not isinstance(chat_id, int) or isinstance(chat_id, bool):
            # "@channelusername" targets: we know no channels.
            raise _ApiError(400, "Bad Request: chat not found")
        return chat_id

    @staticmethod
    def _parsed(params: JSON, field: str, limit: int) -> tuple[str, list[JSON]]:
        """A text or caption as Telegram stores it: HTML read into plain text and entities (a
        broken tag refused), then the length checked on what remains, as Telegram counts it."""
        text = params.get(field)
        if not isinstance(text, str) or not text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        entities = params.get("entities" if field == "text" else "caption_entities")
        if str(params.get("parse_mode") or "").upper() == "HTML":
            text, entities = parse_html(text)
            if not text.strip():
                raise _ApiError(400, "Bad Request: message text is empty")
        if len(text.encode("utf-16-le")) // 2 > limit:
            what = "message" if field == "text" else "message caption"
            raise _ApiError(400, f"Bad Request: {what} is too long")
        return text, entities if isinstance(entities, list) else []

    def _reply_to(self, params: JSON, chat_id: int) -> JSON | None:
        """The message a reply quotes (reply_parameters), or None; refused when it is unknown
        unless the bot allowed sending without it, as Telegram does."""
        reply = params.get("reply_parameters")
        if not isinstance(reply, dict):
            return None
        self._require(reply, "message_id")
        target = (int(reply.get("chat_id") or chat_id), int(reply["message_id"]))
        with self._cond:
            quoted = self._user_messages.get(target) or self._bot_messages.get(target)
        if quoted is None:
            if reply.get("allow_sending_without_reply"):
                return None
            raise _ApiError(400, "Bad Request: message to be replied not found")
        return {k: v for k, v in quoted.items() if k != "reply_to_message"}

    def _send_message(self, params: JSON) -> JSON:
        text, entities = self._parsed(params, "text", MAX_TEXT_LENGTH)
        chat_id = self._chat_id(params)
        reply_to = self._reply_to(params, chat_id)
        message: JSON = {
            "message_id": self._new_message_id(chat_id),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self.bot_user,
            "text": text,
        }
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        self._attach_markup(message, params.get("reply_markup"))
        with self._cond:
            self._bot_messages[(chat_id, message["message_id"])] = message
        return message

    def _upload(self, params: JSON, kind: str, max_bytes: int) -> tuple[bytes, str, str]:
        """The uploaded file of a sendDocument/sendPhoto: (data, file name, MIME type).

        Only uploads are accepted (a file_id or URL would need files this server never kept).
        """
        upload = params.get(kind)
        if not isinstance(upload, dict) or not isinstance(upload.get("data"), bytes):
            raise _ApiError(400, f"Bad Request: there is no {kind} in the request")
        data: bytes = upload["data"]
        if not data:
            raise _ApiError(400, "Bad Request: file must be non-empty")
        if len(data) > max_bytes:
            raise _ApiError(413, "Request Entity Too Large")
        if params.get("caption") is not None:
            self._parsed(params, "caption", MAX_CAPTION_LENGTH)
        return data, str(upload.get("filename") or kind), str(upload.get("content_type") or "")

    def _file_message(self, params: JSON, chat_id: int, media: JSON) -> JSON:
        message: JSON = {
            "message_id": self._new_message_id(chat_id),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self.bot_user,
            **media,
        }
        if isinstance(params.get("caption"), str) and params["caption"]:
            message["caption"], entities = self._parsed(params, "caption", MAX_CAPTION_LENGTH)
            if entities:
                message["caption_entities"] = entities
        self._attach_markup(message, params.get("reply_markup"))
        with self._cond:
            self._bot_messages[(chat_id, message["message_id"])] = message
        return message

    @staticmethod
    def _file_ids(data: bytes) -> JSON:
        digest = hashlib.sha256(data).hexdigest()
        return {"file_id": f"fake-{digest[:32]}", "file_unique_id": digest[:16]}

    def _send_document(self, params: JSON) -> JSON:
        chat_id = self._chat_id(params)
        data, name, mime = self._upload(params, "document", MAX_DOCUMENT_BYTES)
        document = {**self._file_ids(data), "file_name": name, "file_size": len(data)}
        if mime:
            document["mime_type"] = mime
        return self._file_message(params, chat_id, {"document": document})

    def _send_photo(self, params: JSON) -> JSON:
        chat_id = self._chat_id(params)
        data, _, _ = self._upload(params, "photo", MAX_PHOTO_BYTES)
        size = _image_size(data)
        if size is None:
            raise _ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        width, height = size
        if width + height > MAX_PHOTO_SIDES or max(width, height) > MAX_PHOTO_RATIO * min(
            width, height
        ):
            raise _ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        photo = {**self._file_ids(data), "width": width, "height": height, "file_size": len(data)}
        return self._file_message(params, chat_id, {"photo": [photo]})

    @staticmethod
    def _attach_markup(message: JSON, markup: Any) -> None:
        # Telegram echoes only inline keyboards in a Message (PTB would fail to parse
        # a reply keyboard there).
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)

    def _edited(self, params: JSON) -> JSON | None:
        if params.get("inline_message_id"):
            return None
        self._require(params, "message_id")
        chat_id, message_id = self._chat_id(params), params["message_id"]
        with self._cond:
            old = self._bot_messages.get((chat_id, message_id))
        message: JSON = (
            dict(old)
            if old
            else {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": self._chat(chat_id),
                "from": self.bot_user,
            }
        )
        message["edit_date"] = int(time.time())
        return message

    def _edit_message_text(self, params: JSON) -> JSON | bool:
        text, entities = self._parsed(params, "text", MAX_TEXT_LENGTH)
        message = self._edited(params)
        if message is None:
            return True  # inline messages: Telegram answers true
        markup = params.get("reply_markup")
        same = message.get("text") == text and message.get("entities", []) == entities
        if same and message.get("reply_markup") == markup:
            # Real Telegram refuses no-op edits (a double-tapped button); bots must cope.
            raise _ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        message["text"] = text
        message.pop("entities", None)
        if entities:
            message["entities"] = entities
        self._attach_markup(message, params.get("reply_markup"))
        with self._cond:
            self._bot_messages[(params["chat_id"], params["message_id"])] = message
        return message

    def _edit_message_reply_markup(self, params: JSON) -> JSON | bool:
        message = self._edited(params)
        if message is None:
            return True
        self._attach_markup(message, params.get("reply_markup"))
        with self._cond:
            self._bot_messages[(params["chat_id"], params["message_id"])] = message
        return message

    def _set_description(self, params: JSON, kind: str, limit: int) -> bool:
        text = params.get(kind)
        text = "" if text is None else str(text)
        if len(text.encode("utf-16-le")) // 2 > limit:
            raise _ApiError(400, f"Bad Request: {kind} is too long")
        key = (kind, str(params.get("language_code") or ""))
        with self._cond:
            if text:
                self._descriptions[key] = text
            else:  # an empty text removes that language's description
                self._descriptions.pop(key, None)
        return True

    def _set_my_description(self, params: JSON) -> bool:
        return self._set_description(params, "description", MAX_DESCRIPTION_LENGTH)

    def _set_my_short_description(self, params: JSON) -> bool:
        return self._set_description(params, "short_description", MAX_SHORT_DESCRIPTION_LENGTH)

    def _get_description(self, params: JSON, kind: str) -> JSON:
        lang = str(params.get("language_code") or "")
        with self._cond:
            return {kind: self._descriptions.get((kind, lang), "")}

    def _get_my_description(self, params: JSON) -> JSON:
        return self._get_description(params, "description")

    def _get_my_short_description(self, params: JSON) -> JSON:
        return self._get_description(params, "short_description")

    def _answer_callback_query(self, params: JSON) -> bool:
        self._require(params, "callback_query_id")
        if len(str(params.get("text") or "").encode("utf-16-le")) // 2 > MAX_TOAST_LENGTH:
            raise _ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    def _set_my_commands(self, params: JSON) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _ApiError(400, "Bad Request: commands must be a list")
        for command in commands:
            name = command.get("command", "") if isinstance(command, dict) else ""
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name) or not command.get("description"):
                raise _ApiError(400, f"Bad Request: invalid bot command {command!r}")
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        with self._cond:
            self._commands[key] = commands
        return True

    def _get_my_commands(self, params: JSON) -> list[JSON]:
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        with self._cond:
            return list(self._commands.get(key, []))

    def _delete_my_commands(self, params: JSON) -> bool:
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        with self._cond:
            self._commands.pop(key, None)
        return True

    def _set_webhook(self, params: JSON) -> bool:
        with self._cond:
            if params.get("drop_pending_updates"):
                self._updates.clear()
            url = params.get("url") or ""
            self._webhook = {k: v for k, v in params.items() if k != "certificate"} if url else {}
        return True

    def _delete_webhook(self, params: JSON) -> bool:
        with self._cond:
            if params.get("drop_pending_updates"):
                self._updates.clear()
            self._webhook = {}
        return True

    def _get_webhook_info(self, _params: JSON) -> JSON:
        with self._cond:
            info: JSON = {
                "url": self._webhook.get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            }
            for key in ("max_connections", "allowed_updates", "ip_address"):
                if key in self._webhook:
                    info[key] = self._webhook[key]
        return info

    def _take_updates(self, offset: int | None, limit: int, allowed: Any) -> list[JSON]:
        with self._cond:
            if self._webhook.get("url"):
                raise _ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
            updates = self._updates
            if offset is not None and offset < 0:
                # Telegram: a negative offset keeps only the last -offset updates.
                while len(updates) > -offset:
                    updates.popleft()
            elif offset:
                # Confirmation: everything below offset is gone for good.
                while updates and updates[0]["update_id"] < offset:
                    updates.popleft()
            kinds = set(allowed) if isinstance(allowed, list) and allowed else None
            batch: list[JSON] = []
            for update in updates:
                if kinds is None or not kinds.isdisjoint(update):
                    batch.append(update)
                    if len(batch) >= limit:
                        break
            return batch

    async def _get_updates(self, params: JSON) -> list[JSON]:
        offset = params.get("offset")
        offset = int(offset) if offset not in (None, "") else None
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        allowed = params.get("allowed_updates")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            batch = self._take_updates(offset, limit, allowed)
            remaining = deadline - loop.time()
            if batch or remaining <= 0:
                return batch
            # Captured before awaiting: _wake_pollers runs on this loop, so it cannot
            # slip in between the check above and this line.
            event = self._update_event
            assert event is not None
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                return []

    def _wake_pollers(self) -> None:
        event = self._update_event
        self._update_event = asyncio.Event()
        if event is not None:
            event.set()


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG (what the bot sends); None for anything else."""
    if len(data) < 24 or not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return (width, height) if width > 0 and height > 0 else None
