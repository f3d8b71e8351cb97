"""Logging, set up once, with the filter that keeps the bot token and the webhook secret out of
every log line and traceback."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from bot.settings import Settings


class SecretFilter(logging.Filter):
    """Replaces the token and the webhook secret by *** in a record's message and traceback."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets: tuple[str, ...] = ()
        self.set_secrets(secrets)

    def set_secrets(self, secrets: Iterable[str]) -> None:
        words = set()
        for secret in secrets:
            if not secret:
                continue
            words.add(secret)
            # A bot token is "<id>:<key>": the key alone is the secret part, and may be quoted alone.
            _, _, key = secret.partition(":")
            if len(key) >= 8:
                words.add(key)
        self.secrets = tuple(sorted(words, key=len, reverse=True))

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call: leave it to the handler to report
            return True
        clean = self.redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


_redactor: SecretFilter | None = None


def configure_logging(settings: Settings) -> SecretFilter:
    """Set up logging once; redact secrets on the root handlers and in every new record."""
    global _redactor
    root = logging.getLogger()
    # A service started from the command line (segur-bot web, telegram) logs as a service: the
    # command line's one-line, warnings-only handler gives way.
    for handler in list(root.handlers):
        if isinstance(handler.formatter, _OneLine):
            root.removeHandler(handler)
    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=settings.log_level
    )
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    if _redactor is None:
        _redactor = SecretFilter(settings.secrets())
        # Defense in depth: handlers added later (a test's, an error tracker's) get clean records
        # too, because the record factory redacts them as they are made.
        make_record = logging.getLogRecordFactory()
        redactor = _redactor

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = make_record(*args, **kwargs)
            redactor.filter(record)
            return record

        logging.setLogRecordFactory(factory)
    else:
        _redactor.set_secrets(settings.secrets())
    for handler in logging.getLogger().handlers:
        if _redactor not in handler.filters:
            handler.addFilter(_redactor)
    return _redactor


class _OneLine(logging.Formatter):
    """A record's message alone, never its traceback: the command line prints one line."""

    def format(self, record: logging.LogRecord) -> str:
        return f"segur-bot: {record.levelname.lower()}: {record.getMessage()}".splitlines()[0]


def configure_cli_logging() -> None:
    """For the command-line tools: warnings and errors on stderr, one line each, no traceback."""
    root = logging.getLogger()
    if any(isinstance(h.formatter, _OneLine) for h in root.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(_OneLine())
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
