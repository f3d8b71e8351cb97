"""Every setting read from the environment, in one place.

Secrets are kept out of repr() so that logging a Settings object never prints them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import UserError


class SettingsError(UserError, ValueError):
    """A setting is missing or malformed; the message says which and how to fix it."""


def _int_set(raw: str, name: str) -> frozenset[int]:
    ids = set()
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            ids.add(int(part))
        except ValueError:
            raise SettingsError(
                f"{name} must be a comma-separated list of Telegram user ids, got {part!r}"
            ) from None
    return frozenset(ids)


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

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip() or None
        webhook_url = env.get("WEBHOOK_URL", "").strip() or None
        secret = env.get("WEBHOOK_SECRET", "").strip() or None
        if webhook_url and not secret:
            raise SettingsError(
                "WEBHOOK_URL is set but WEBHOOK_SECRET is not: set a secret for webhook mode"
            )
        base_url = env.get("TELEGRAM_BASE_URL", "").strip() or None
        if base_url and base_url.endswith("/"):
            # python-telegram-bot appends the token itself; a trailing slash breaks the URL.
            base_url = base_url.rstrip("/")
        try:
            port = int(env.get("PORT", "8080"))
            concurrent = int(env.get("SEGUR_CONCURRENT_UPDATES", "16"))
        except ValueError as exc:
            raise SettingsError(
                f"PORT and SEGUR_CONCURRENT_UPDATES must be whole numbers ({exc})"
            ) from None
        try:
            overall = float(env.get("SEGUR_OVERALL_MAX_RATE", "30"))
        except ValueError:
            raise SettingsError(
                "SEGUR_OVERALL_MAX_RATE must be a number of messages per second"
            ) from None
        try:
            request_timeout = float(env.get("TELEGRAM_TIMEOUT", "10"))
        except ValueError:
            raise SettingsError("TELEGRAM_TIMEOUT must be a number of seconds") from None
        if not 0 < request_timeout <= 300:
            raise SettingsError("TELEGRAM_TIMEOUT must be between 0 and 300 seconds")
        if overall < 0:
            raise SettingsError("SEGUR_OVERALL_MAX_RATE must be 0 (no cap) or more")
        try:
            web_port = int(env.get("WEB_PORT", "8080"))
            web_session_rate = int(env.get("WEB_SESSION_RATE", "30"))
            web_address_rate = int(env.get("WEB_ADDRESS_RATE", "300"))
        except ValueError as exc:
            raise SettingsError(
                f"WEB_PORT, WEB_SESSION_RATE and WEB_ADDRESS_RATE must be whole numbers ({exc})"
            ) from None
        if not 0 <= web_port <= 65535:
            raise SettingsError("WEB_PORT must be between 0 and 65535")
        if web_session_rate < 1 or web_address_rate < 1:
            raise SettingsError("WEB_SESSION_RATE and WEB_ADDRESS_RATE must be 1 or more a minute")
        if not 1 <= concurrent <= 64:
            raise SettingsError("SEGUR_CONCURRENT_UPDATES must be between 1 and 64")
        return cls(
            token=token,
            base_url=base_url,
            webhook_url=webhook_url,
            webhook_secret=secret,
            port=port,
            listen=env.get("LISTEN", "0.0.0.0"),
            db_path=Path(env.get("SEGUR_BOT_DB", "segur-bot.sqlite3")),
            admin_ids=_int_set(env.get("ADMIN_IDS", ""), "ADMIN_IDS"),
            # A stable salt keeps the unanswered-question hashes comparable across restarts.
            hash_salt=env.get("SEGUR_HASH_SALT", "") or (token or "segur-bot"),
            concurrent_updates=concurrent,
            overall_max_rate=overall,
            request_timeout=request_timeout,
            log_level=env.get("LOG_LEVEL", "INFO").upper(),
            shared_dir=Path(env["SEGUR_SHARED_DIR"]) if env.get("SEGUR_SHARED_DIR") else None,
            data_dir=Path(raw).expanduser()
            if (raw := env.get("SEGUR_DATA_DIR", "").strip())
            else None,
            web_port=web_port,
            web_allowed_origins=_origins(env.get("WEB_ALLOWED_ORIGINS", "")),
            web_trust_proxy=env.get("WEB_TRUST_PROXY", "").strip().lower() in ("1", "true", "yes"),
            web_session_rate=web_session_rate,
            web_address_rate=web_address_rate,
        )

    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.token, self.webhook_secret) if s)
