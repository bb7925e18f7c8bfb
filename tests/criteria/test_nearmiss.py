"""Near misses: which single criterion kept a person out of an approach."""

from __future__ import annotations

from datetime import date

import pytest

from regie.criteria.nearmiss import Distance, near_miss, rule_distance
from regie.criteria.regeling import Regeling, regeling_for

SIGNALS = (
    "zorg_a_justitiele_maatregel",
    "zorg_b_civiele_maatregel",
    "zorg_c_school",
    "zorg_d_huiselijk_geweld",
    "zorg_e_jonge_aanhouding",
    "zorg_f_nepdope",
    "zorg_g_jeugdgroep",
)


@pytest.fixture(scope="module")
def top400() -> Regeling:
    return regeling_for("top400", date(2026, 2, 1))


def _values(regeling: Regeling, **given: bool | None) -> dict[str, bool | None]:
    """Every basic criterion met unless given; composites computed as the engine does."""
    values: dict[str, bool | None] = {}
    for rule_id in regeling.order:
        rule = regeling.rules[rule_id]
        if rule_id in given:
            values[rule_id] = given[rule_id]
            continue
        children = getattr(rule, "children", None)
        if not children:
            values[rule_id] = True
            continue
        parts = [values[c] for c in children]
        if None in parts:
            values[rule_id] = None
        elif rule.block == "alle_van":
            values[rule_id] = all(parts)
        elif rule.block == "een_van":
            values[rule_id] = any(parts)
        elif rule.block == "niet":
            values[rule_id] = not parts[0]
        else:
            values[rule_id] = sum(bool(p) for p in parts) >= rule.k.number  # type: ignore[attr-defined]
    return values


def _signals(met: int) -> dict[str, bool]:
    return (
        {s: i < met for i, s in enumerate(SIGNALS)}
        | {
            "zorg_c_school_signaal": False,
            "zorg_c_schoolwissels_po": False,
            "zorg_c_schoolwissels_vo": False,
        }
        | ({"zorg_c_school_signaal": True} if met > 2 else {})
    )


def test_a_person_who_meets_everything_is_no_near_miss(top400: Regeling) -> None:
    assert near_miss(top400, _values(top400).__getitem__) is None


def test_one_care_signal_short_names_the_care_criterion_itself(top400: Regeling) -> None:
    values = _values(top400, **_signals(2))
    assert values["zorgcriterium"] is False
    assert near_miss(top400, values.__getitem__) == Distance(1, ("zorgcriterium",))


def test_two_care_signals_short_is_too_far(top400: Regeling) -> None:
    values = _values(top400, **_signals(1))
    assert near_miss(top400, values.__getitem__) is None
    assert rule_distance(top400, "zorgcriterium", values.__getitem__) == Distance(
        2, ("zorgcriterium",)
    )


def test_the_police_criterion_names_the_cheapest_alternative(top400: Regeling) -> None:
    values = _values(top400, politie_hic_aanhouding=False, politie_misdrijf_aanhoudingen=False)
    assert near_miss(top400, values.__getitem__) == Distance(1, ("politie_hic_aanhouding",))


def test_age_alone_makes_a_near_miss(top400: Regeling) -> None:
    values = _values(top400, leeftijd=False)
    assert near_miss(top400, values.__getitem__) == Distance(1, ("leeftijd",))


def test_failing_two_parts_of_the_inflow_is_no_near_miss(top400: Regeling) -> None:
    values = _values(top400, leeftijd=False, in_regio=False)
    assert near_miss(top400, values.__getitem__) is None
    assert rule_distance(top400, "instroom", values.__getitem__) == Distance(
        2, ("leeftijd", "in_regio")
    )


def test_an_unknown_criterion_makes_no_near_miss(top400: Regeling) -> None:
    # given the engine's three-valued logic: false and unknown is false
    values = _values(top400, leeftijd=False, in_regio=None) | {"instroom": False}
    # then the person is not named a near miss on a criterion that may also have failed
    assert near_miss(top400, values.__getitem__) is None
