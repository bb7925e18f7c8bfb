"""Near misses: persons who are not selected but fail the inflow by a single criterion.

A reviewer must see why someone was selected, and also why someone was not. A "near
miss" is a person without an outcome for an approach whose inflow rule would hold if
one basic criterion (a count, a period, an age) had held. The distance of a rule is the
smallest number of basic criteria that would have to change for it to hold:

- a basic criterion (``telling``, ``periode_op_peildatum``, ``dagen_in_periode``,
  ``leeftijd``): 0 when it holds, 1 when it does not;
- ``alle_van``: the sum of the distances of its parts;
- ``een_van``: the smallest distance of its parts;
- ``ten_minste_k_van``: the number of parts still needed to reach k, each at least one
  criterion; the criterion named is the k-of-n rule itself ("one more care signal"),
  not one of its parts picked at random;
- ``niet``: 0 when it holds, 1 when it does not (what would have to change is the
  absence of something, which is not one criterion to name);
- any part unknown (a partner did not deliver): no distance; such a person is listed as
  ``onbekend`` by the selection when it matters, never as a near miss.

The failed criteria named for a near miss are the basic criteria on the cheapest path.
The limit (one criterion) is :data:`NEAR_MISS_MAX_FAILED`; docs/criteria-keuzes.md says
why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from regie.criteria.regeling import CompositeRule, Regeling

#: A person is a near miss when at most this many basic criteria failed.
NEAR_MISS_MAX_FAILED: Final = 1


@dataclass(frozen=True)
class Distance:
    failed: int  # basic criteria that would have to change
    rules: tuple[str, ...]  # those criteria (rule ids), on the cheapest path


_MET: Final = Distance(0, ())


class _TooFar(Exception):
    """More criteria failed than the limit: the search stops early."""


def rule_distance(
    regeling: Regeling,
    rule_id: str,
    value_of: Callable[[str], bool | None],
    *,
    limit: int | None = None,
) -> Distance | None:
    """The distance of ``rule_id``; ``None`` when unknown, or when more than ``limit``.

    ``value_of(rule_id)`` gives a rule's value (``None`` = unknown). With a ``limit`` the
    search stops as soon as the distance exceeds it: most persons fail by many criteria,
    and a round looks at every person.
    """
    try:
        return _distance(regeling, rule_id, value_of, limit)
    except _TooFar:
        return None


def _distance(
    regeling: Regeling, rule_id: str, value_of: Callable[[str], bool | None], limit: int | None
) -> Distance | None:
    value = value_of(rule_id)
    if value is None:
        return None
    if value:
        return _MET
    rule = regeling.rules[rule_id]
    if not isinstance(rule, CompositeRule) or rule.block == "niet":
        return Distance(1, (rule_id,))
    if rule.block == "ten_minste_k_van":
        assert rule.k is not None
        known = [value_of(child) for child in rule.children]
        missing = rule.k.number - sum(1 for v in known if v)
        if limit is not None and missing > limit:
            raise _TooFar
        return Distance(missing, (rule_id,))
    if rule.block == "alle_van":
        failed, rules = 0, list[str]()
        for child in rule.children:
            part = _distance(regeling, child, value_of, limit)
            if part is None:
                return None
            failed += part.failed
            rules.extend(part.rules)
            if limit is not None and failed > limit:
                raise _TooFar
        return Distance(failed, tuple(rules))
    # een_van: the cheapest part; a part beyond the limit does not count
    best: Distance | None = None
    unknown = False
    for child in rule.children:
        try:
            part = _distance(regeling, child, value_of, limit)
        except _TooFar:
            continue
        if part is None:
            unknown = True
        elif best is None or part.failed < best.failed:
            best = part
    if unknown:
        return None
    if best is None:
        raise _TooFar
    return best


def near_miss(regeling: Regeling, value_of: Callable[[str], bool | None]) -> Distance | None:
    """The failed criteria of a near miss of the inflow, or ``None`` for anyone else."""
    distance = rule_distance(regeling, regeling.inflow_rule, value_of, limit=NEAR_MISS_MAX_FAILED)
    if distance is None or distance.failed == 0:
        return None
    return distance
