"""Every setting read from the environment, in one place.

Secrets are kept out of repr() so that logging a Settings object never prints them.
"""

from __future__ import annotations

import ipaddress
import math
import os
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bot.errors import UserError


class SettingsError(UserError, ValueError):
    """A setting is missing or malformed; the message says which and how to fix it."""


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _int_set(raw: str, name: str) -> frozenset[int]:
    ids = set()
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            value = int(part)
        except ValueError:
            value = 0
        if value <= 0:
            raise SettingsError(
                f"{name} must be a comma-separated list of Telegram user ids (positive whole "
                f"numbers), got {part!r}"
            )
        ids.add(value)
    return frozenset(ids)


def _chat_id(env: Mapping[str, str], name: str) -> int | None:
    """A Telegram chat id: a user's (positive) or a group's (negative, -100... for a supergroup)."""
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value == 0 or abs(value) >= 10**16:
        raise SettingsError(
            f"{name} must be a Telegram chat id (a whole number such as -1001234567890 for a "
            f"group, or a user id), got {raw!r}"
        )
    return value


def _origins(raw: str) -> tuple[str, ...]:
    """WEB_ALLOWED_ORIGINS: "https://a.example, https://b.example" (scheme://host[:port])."""
    origins = []
    for part in raw.replace(";", ",").split():
        for origin in part.split(","):
            origin = origin.strip().rstrip("/")
            if not origin:
                continue
            scheme, sep, rest = origin.partition("://")
            if scheme not in ("http", "https") or not sep or not rest or "/" in rest:
                raise SettingsError(
                    f"WEB_ALLOWED_ORIGINS must list origins like https://www.example.org "
                    f"(scheme and host, no path), got {origin!r}"
                )
            origins.append(origin.lower())
    return tuple(dict.fromkeys(origins))


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int, what: str) -> int:
    raw = env.get(name, "").strip() or str(default)
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise SettingsError(f"{name} must be {what} from {low} to {high}, got {raw!r}")
    return value


def _float(
    env: Mapping[str, str], name: str, default: float, low: float, high: float, what: str
) -> float:
    raw = env.get(name, "").strip() or str(default)
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    # "nan" and "inf" parse as floats: the comparison refuses them too.
    if not low <= value <= high:
        raise SettingsError(f"{name} must be {what}, got {raw!r}")
    return value


def _url(env: Mapping[str, str], name: str, example: str) -> str | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(f"{name} must be an http(s) URL like {example}, got {raw!r}")
    try:
        parts.port  # noqa: B018 - raises on a port out of range
    except ValueError:
        raise SettingsError(f"{name} has a bad port number: {raw!r}") from None
    return raw


def _address(env: Mapping[str, str], name: str, default: str) -> str:
    raw = env.get(name, "").strip() or default
    try:
        ipaddress.ip_address(raw)
    except ValueError:
        raise SettingsError(
            f"{name} must be an IP address to listen on, like 0.0.0.0 or 127.0.0.1, got {raw!r}"
        ) from None
    return raw


def _log_level(env: Mapping[str, str]) -> str:
    raw = env.get("LOG_LEVEL", "").strip() or "INFO"
    level = raw.upper()
    if level == "WARN":
        level = "WARNING"
    if level not in LOG_LEVELS:
        raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {raw!r}")
    return level


def _flag(env: Mapping[str, str], name: str) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw in ("", "0", "no", "false"):
        return False
    if raw in ("1", "yes", "true"):
        return True
    raise SettingsError(f"{name} must be 1 or 0, got {raw!r}")


def debug_enabled(env: Mapping[str, str] | None = None) -> bool:
    """SEGUR_DEBUG=1: the command line shows the traceback of an internal error."""
    env = os.environ if env is None else env
    return env.get("SEGUR_DEBUG", "").strip() == "1"


def check_port_free(listen: str, port: int) -> None:
    """Refuse a port another program holds, in one line, before anything talks to Telegram."""
    family = socket.AF_INET6 if ":" in listen else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As the web server binds: SO_REUSEADDR, so a port in TIME_WAIT is not "busy".
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((listen, port))
        except OSError as exc:
            raise SettingsError(
                f"cannot listen on {listen}:{port} ({exc.strerror or exc}): another program "
                f"holds the port; stop it or set PORT to a free one"
            ) from None


@dataclass(frozen=True)
class Settings:
    token: str | None = field(default=None, repr=False)
    base_url: str | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    port: int = 8080
    listen: str = "0.0.0.0"
    db_path: Path = Path("segur-bot.sqlite3")
    admin_ids: frozenset[int] = frozenset()
    # The chat (a support team's group) that questions are relayed to when a user asks for a
    # person; None: no relay, the bot gives the official channels only.
    support_chat_id: int | None = None
    hash_salt: str = field(default="", repr=False)
    concurrent_updates: int = 16
    # Telegram asks bots to stay under about 30 messages a second overall; 0 lifts the cap
    # (the benchmark does, to measure the bot itself rather than Telegram's quota).
    overall_max_rate: float = 30.0
    # Seconds to wait for Telegram's answer to one request before retrying it.
    request_timeout: float = 10.0
    log_level: str = "INFO"
    # Where the source documents are, for `segur-bot kb check`; default: shared/ beside the repo.
    shared_dir: Path | None = None
    # A folder with the package's layout (knowledge/, rules/) read instead of the packaged YAML.
    data_dir: Path | None = None
    # The web chat (`segur-bot web`): its port, the partner sites whose pages may embed it and
    # call its API, whether to trust a reverse proxy's X-Forwarded-For/-Proto, and the rate
    # limits (questions a minute, per session and per address).
    web_port: int = 8080
    web_allowed_origins: tuple[str, ...] = ()
    web_trust_proxy: bool = False
    web_session_rate: int = 30
    web_address_rate: int = 300
    # SEGUR_BOT_DB_START_EMPTY=1: start with an empty database where one existed before (it was
    # lost and there is no backup); without it the bot refuses, so data is never silently lost.
    db_start_empty: bool = False
    # A reply Telegram cannot take (an outage, a 429 storm) waits in the outbox and is retried
    # for this many seconds, the first retry after `reply_retry_backoff` seconds, doubling up to
    # 10 s (bot.telegram_app.outbox).
    reply_retry_seconds: float = 300.0
    reply_retry_backoff: float = 1.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read and check every variable; SettingsError names the first bad one and the fix."""
        env = os.environ if env is None else env
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip() or None
        if token is not None and (":" not in token or any(c.isspace() for c in token)):
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (<digits>:<key>, from @BotFather)"
            )
        webhook_url = _url(env, "WEBHOOK_URL", "https://bot.example.org/hook")
        secret = env.get("WEBHOOK_SECRET", "").strip() or None
        if webhook_url and not secret:
            raise SettingsError(
                "WEBHOOK_URL is set but WEBHOOK_SECRET is not: set a secret for webhook mode"
            )
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            # Telegram's own rule for secret_token: setWebhook would refuse anything else.
            raise SettingsError(
                "WEBHOOK_SECRET must be 1 to 256 characters among A-Z, a-z, 0-9, _ and -"
            )
        base_url = _url(env, "TELEGRAM_BASE_URL", "http://127.0.0.1:8081/bot")
        if base_url and base_url.endswith("/"):
            # python-telegram-bot appends the token itself; a trailing slash breaks the URL.
            base_url = base_url.rstrip("/")
        db = env.get("SEGUR_BOT_DB", "").strip() or "segur-bot.sqlite3"
        web_port = _int(env, "WEB_PORT", 8080, 0, 65535, "a port number")
        web_session_rate = _int(env, "WEB_SESSION_RATE", 30, 1, 1_000_000, "questions a minute")
        web_address_rate = _int(env, "WEB_ADDRESS_RATE", 300, 1, 1_000_000, "questions a minute")
        return cls(
            token=token,
            base_url=base_url,
            webhook_url=webhook_url,
            webhook_secret=secret,
            port=_int(env, "PORT", 8080, 1, 65535, "a TCP port number"),
            listen=_address(env, "LISTEN", "0.0.0.0"),
            db_path=Path(db),
            admin_ids=_int_set(env.get("ADMIN_IDS", ""), "ADMIN_IDS"),
            support_chat_id=_chat_id(env, "SUPPORT_CHAT_ID"),
            # A stable salt keeps the unanswered-question hashes comparable across restarts.
            hash_salt=env.get("SEGUR_HASH_SALT", "") or (token or "segur-bot"),
            concurrent_updates=_int(
                env, "SEGUR_CONCURRENT_UPDATES", 16, 1, 64, "a number of updates"
            ),
            overall_max_rate=_float(
                env,
                "SEGUR_OVERALL_MAX_RATE",
                30,
                0,
                1000,
                "a number of messages per second from 0 (no cap) to 1000",
            ),
            request_timeout=_float(
                env, "TELEGRAM_TIMEOUT", 10, 0.001, 300, "a number of seconds above 0, up to 300"
            ),
            log_level=_log_level(env),
            shared_dir=Path(env["SEGUR_SHARED_DIR"]) if env.get("SEGUR_SHARED_DIR") else None,
            data_dir=Path(raw).expanduser()
            if (raw := env.get("SEGUR_DATA_DIR", "").strip())
            else None,
            web_port=web_port,
            web_allowed_origins=_origins(env.get("WEB_ALLOWED_ORIGINS", "")),
            web_trust_proxy=_flag(env, "WEB_TRUST_PROXY"),
            web_session_rate=web_session_rate,
            web_address_rate=web_address_rate,
            db_start_empty=_flag(env, "SEGUR_BOT_DB_START_EMPTY"),
            reply_retry_seconds=_float(
                env,
                "SEGUR_REPLY_RETRY_SECONDS",
                300,
                0,
                86_400,
                "a number of seconds from 0 (no waiting) to 86400",
            ),
            reply_retry_backoff=_float(
                env,
                "SEGUR_REPLY_RETRY_BACKOFF",
                1,
                0.01,
                60,
                "a number of seconds from 0.01 to 60",
            ),
        )

    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.token, self.webhook_secret) if s)
