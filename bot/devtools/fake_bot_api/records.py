"""What the fake Bot API and its users exchange: the defaults, the faults a test injects and
the record of each request the bot made."""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Literal

JSON = dict[str, Any]

DEFAULT_TOKEN = "123456:TEST-TOKEN"
DEFAULT_CHAT_ID = 1001
# In groups the sender cannot share the (negative) chat id, so it gets its own.
DEFAULT_GROUP_USER_ID = 4242
MAX_TEXT_LENGTH = 4096  # Telegram's limit; bots must split longer answers.
MAX_CAPTION_LENGTH = 1024  # a document's or photo's caption
MAX_DESCRIPTION_LENGTH = 512  # setMyDescription: what an empty chat shows before /start
MAX_SHORT_DESCRIPTION_LENGTH = 120  # setMyShortDescription: the profile page and shared links
MAX_TOAST_LENGTH = 200  # answerCallbackQuery's text
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024  # uploads by a bot
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTO_SIDES = 10_000  # width + height
MAX_PHOTO_RATIO = 20

# Methods whose successful calls count as "a message the user saw".
MESSAGE_METHODS = frozenset({"sendMessage", "editMessageText", "sendDocument", "sendPhoto"})


@dataclass(frozen=True)
class Fault:
    """One misbehaviour of the server, consumed by one request."""

    kind: Literal["retry_after", "status", "delay", "drop"]
    seconds: float = 0.0
    code: int = 0

    @classmethod
    def retry_after(cls, seconds: int) -> Fault:
        """HTTP 429 with ``parameters.retry_after`` (PTB raises ``RetryAfter``)."""
        return cls("retry_after", seconds=seconds, code=HTTPStatus.TOO_MANY_REQUESTS)

    @classmethod
    def status(cls, code: int = HTTPStatus.BAD_GATEWAY) -> Fault:
        """An error status with an ``ok: false`` body (PTB raises ``NetworkError`` for 5xx)."""
        return cls("status", code=int(code))

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Answer ``seconds`` late, to trigger client read timeouts.

        If the client gave up (closed the connection) by then, the request is
        dropped and recorded as faulted, like a request lost in transit; if it is
        still waiting it gets the normal answer and the request counts as done.
        """
        return cls("delay", seconds=seconds)

    @classmethod
    def drop(cls) -> Fault:
        """Close the connection without answering (PTB raises ``NetworkError``)."""
        return cls("drop")


@dataclass(frozen=True)
class Recorded:
    """One request the bot made, as the server understood it."""

    method: str  # canonical name when known ("sendMessage"), else as sent
    params: JSON  # decoded: JSON-encoded fields parsed, uploaded files as dicts
    time: float  # time.monotonic() at arrival, to measure retry spacing
    status: int  # HTTP status answered; 0 when no answer was sent
    result: Any = None  # the "result" answered, when ok
    faulted: Fault | None = None  # the fault that kept this request from being served

    @property
    def ok(self) -> bool:
        return self.status == HTTPStatus.OK and self.faulted is None


class _ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters
