"""The web chat's settings, read from the environment with every other setting."""

from __future__ import annotations

import pytest

from bot.settings import Settings, SettingsError


def test_web_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.web_port == 8080 and settings.web_allowed_origins == ()
    assert settings.web_trust_proxy is False


def test_web_settings_are_read_and_origins_normalised() -> None:
    settings = Settings.from_env(
        {
            "WEB_PORT": "9090",
            "WEB_ALLOWED_ORIGINS": "https://ARS.example.org/, http://localhost:3000 https://a.fr",
            "WEB_TRUST_PROXY": "1",
            "WEB_SESSION_RATE": "5",
        }
    )
    assert settings.web_port == 9090 and settings.web_trust_proxy
    assert settings.web_allowed_origins == (
        "https://ars.example.org",
        "http://localhost:3000",
        "https://a.fr",
    )
    assert settings.web_session_rate == 5


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WEB_PORT", "eighty"),
        ("WEB_PORT", "70000"),
        ("WEB_ALLOWED_ORIGINS", "ars.example.org"),
        ("WEB_ALLOWED_ORIGINS", "https://ars.example.org/chat"),
        ("WEB_SESSION_RATE", "0"),
    ],
)
def test_bad_web_settings_say_which_and_how(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})
