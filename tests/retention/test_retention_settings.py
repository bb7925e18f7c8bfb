"""The retention terms are settings: their defaults, and a clear refusal of a bad value."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SETTINGS_READ = (
    "import regie.web.conf.settings as s; "
    "print(s.RETENTION_FACTS_DAYS, s.RETENTION_DOSSIER_YEARS, s.RETENTION_AUDIT_YEARS)"
)


def _settings_read(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("REGIE_BEWAAR_")}
    return subprocess.run(
        [sys.executable, "-c", SETTINGS_READ],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_defaults_are_0_days_5_years_and_5_years() -> None:
    # given no retention settings; when the settings are read
    result = _settings_read()
    # then the defaults hold
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "5", "5"]


def test_given_terms_are_used() -> None:
    result = _settings_read(
        REGIE_BEWAAR_FEITEN_DAGEN="30",
        REGIE_BEWAAR_DOSSIER_JAREN="7",
        REGIE_BEWAAR_AUDITLOG_JAREN="10",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["30", "7", "10"]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "REGIE_BEWAAR_DOSSIER_JAREN",
            "vijf",
            "REGIE_BEWAAR_DOSSIER_JAREN='vijf': geef een heel aantal jaren, van 1 tot en met 100.",
        ),
        (
            "REGIE_BEWAAR_AUDITLOG_JAREN",
            "0",
            "REGIE_BEWAAR_AUDITLOG_JAREN='0': geef een heel aantal jaren, van 1 tot en met 100.",
        ),
        (
            "REGIE_BEWAAR_FEITEN_DAGEN",
            "-1",
            "REGIE_BEWAAR_FEITEN_DAGEN='-1': geef een heel aantal dagen, van 0 tot en met 3650.",
        ),
    ],
)
def test_a_bad_term_stops_the_start_with_a_clear_message(
    name: str, value: str, message: str
) -> None:
    # given a term that is not a whole number in its range; when the settings are read
    result = _settings_read(**{name: value})
    # then they refuse it, naming the setting and the range
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"django.core.exceptions.ImproperlyConfigured: {message}"
    )
