"""The clocks of case direction are settings in weeks; a value that is not one is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from regie import config
from regie.web.conf.settings import weeks_get


@pytest.mark.parametrize(
    ("setting", "default"),
    [
        (config.PLAN_DUE_WEEKS, 4),
        (config.CASE_MEETING_WEEKS, 8),
        (config.PANEL_REVIEW_WEEKS, 10),
        (config.REVIEW_INTERVAL_WEEKS, 26),
    ],
)
def test_each_clock_has_its_default(
    monkeypatch: pytest.MonkeyPatch, setting: config.Setting, default: int
) -> None:
    monkeypatch.delenv(setting.name, raising=False)
    assert weeks_get(setting) == default


def test_a_clock_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGIE_PLAN_TERMIJN_WEKEN", "6")
    assert weeks_get(config.PLAN_DUE_WEEKS) == 6


@pytest.mark.parametrize("value", ["0", "vier", "-1", "521", "4.5"])
def test_a_clock_that_is_no_number_of_weeks_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("REGIE_CASUSOVERLEG_WEKEN", value)
    with pytest.raises(ImproperlyConfigured) as refused:
        weeks_get(config.CASE_MEETING_WEEKS)
    assert str(refused.value) == (
        f"REGIE_CASUSOVERLEG_WEKEN={value!r}: geef een heel aantal weken, van 1 tot en met 520."
    )
