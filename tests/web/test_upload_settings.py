"""The largest upload is a setting in megabytes; a value that is not one is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from regie.web.conf.settings import upload_max_bytes_get


def test_the_upload_limit_defaults_to_200_megabytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REGIE_UPLOAD_MAX_MB", raising=False)
    assert upload_max_bytes_get() == 200 * 1024 * 1024


def test_the_upload_limit_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGIE_UPLOAD_MAX_MB", "20")
    assert upload_max_bytes_get() == 20 * 1024 * 1024


@pytest.mark.parametrize("value", ["0", "twintig", "1.5", "-3"])
def test_an_upload_limit_that_is_not_a_number_of_megabytes_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("REGIE_UPLOAD_MAX_MB", value)
    with pytest.raises(
        ImproperlyConfigured,
        match=f"REGIE_UPLOAD_MAX_MB='{value}': geef een heel aantal megabytes, minstens 1.",
    ):
        upload_max_bytes_get()
