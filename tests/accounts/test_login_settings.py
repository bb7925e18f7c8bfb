"""The settings of logging in: whole numbers in range, and single sign-on all or nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from regie import config
from regie.web.conf.settings import oidc_settings_get, whole_number_get

OIDC_ENVIRONMENT = {
    "REGIE_OIDC_CLIENT_ID": "regie",
    "REGIE_OIDC_CLIENT_SECRET": "synthetisch-geheim",
    "REGIE_OIDC_AUTHORIZATION_ENDPOINT": "https://idp.example/authorize",
    "REGIE_OIDC_TOKEN_ENDPOINT": "https://idp.example/token",
    "REGIE_OIDC_USERINFO_ENDPOINT": "https://idp.example/userinfo",
    "REGIE_OIDC_JWKS_ENDPOINT": "https://idp.example/jwks",
}


def minutes(setting: config.Setting) -> int:
    return whole_number_get(setting, low=1, high=1440, unit="minuten")


def test_the_defaults_are_thirty_minutes_five_attempts_and_fifteen_minutes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("REGIE_SESSIE_INACTIEF_MINUTEN", "REGIE_INLOG_POGINGEN", "REGIE_BLOKKADE_MINUTEN"):
        monkeypatch.delenv(name, raising=False)
    assert minutes(config.SESSION_IDLE_MINUTES) == 30
    assert whole_number_get(config.LOGIN_ATTEMPTS, low=1, high=100, unit="pogingen") == 5
    assert minutes(config.LOCKOUT_MINUTES) == 15


@pytest.mark.parametrize("value", ["1", "1440"])
def test_the_inactivity_limit_takes_the_ends_of_its_range(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("REGIE_SESSIE_INACTIEF_MINUTEN", value)
    assert minutes(config.SESSION_IDLE_MINUTES) == int(value)


@pytest.mark.parametrize("value", ["0", "1441", "-5", "30.5", "een half uur"])
def test_an_inactivity_limit_out_of_range_or_not_whole_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("REGIE_SESSIE_INACTIEF_MINUTEN", value)
    with pytest.raises(ImproperlyConfigured) as refused:
        minutes(config.SESSION_IDLE_MINUTES)
    assert str(refused.value) == (
        f"REGIE_SESSIE_INACTIEF_MINUTEN={value!r}: geef een heel aantal minuten, "
        "van 1 tot en met 1440."
    )


def test_zero_login_attempts_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGIE_INLOG_POGINGEN", "0")
    with pytest.raises(ImproperlyConfigured, match="geef een heel aantal pogingen, van 1 tot"):
        whole_number_get(config.LOGIN_ATTEMPTS, low=1, high=100, unit="pogingen")


def test_without_its_settings_single_sign_on_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in OIDC_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    assert oidc_settings_get() is None


def test_with_all_its_settings_single_sign_on_is_on(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in OIDC_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    assert oidc_settings_get() == OIDC_ENVIRONMENT


def test_single_sign_on_half_configured_is_refused_naming_what_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in OIDC_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("REGIE_OIDC_CLIENT_SECRET")
    monkeypatch.setenv("REGIE_OIDC_JWKS_ENDPOINT", "  ")
    with pytest.raises(ImproperlyConfigured) as refused:
        oidc_settings_get()
    assert str(refused.value) == (
        "Inloggen via de eigen organisatie (OpenID Connect) is half ingesteld: "
        "REGIE_OIDC_CLIENT_SECRET, REGIE_OIDC_JWKS_ENDPOINT ontbreekt. "
        "Geef alle 6 instellingen, of geen."
    )
