"""Measuring linkage against a ground truth (the synthetic region's): precision and recall.

Counted over pairs of identity records with at least one record that needed linking
(no BSN, or a conflicting BSN): pairs of two BSN records are decided by the BSN and would
only flatter the figures.

- predicted: the pair ended in one person through the automatic links;
- true: both records belong to the same true person (a record's true person is the one
  most of its rows belong to);
- precision = true and predicted / predicted; recall = true and predicted / true.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from regie.linkage.linking import LinkageResult


@dataclass(frozen=True)
class Quality:
    predicted_pairs: int
    true_pairs: int
    correct_pairs: int
    records_needing_links: int  # records without a usable BSN
    records_in_review: int  # of those, records that appear in a pair for review
    review_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def review_share(self) -> float:
        """Share of the records needing links that an analyst is asked about."""
        if not self.records_needing_links:
            return 0.0
        return self.records_in_review / self.records_needing_links


def _pairs(groups: Counter[object], linked_groups: Counter[object]) -> int:
    """Pairs within groups with at least one linking record: all pairs minus BSN-only pairs."""
    return sum(n * (n - 1) // 2 for n in groups.values()) - sum(
        n * (n - 1) // 2 for n in linked_groups.values()
    )


def quality_measure(
    result: LinkageResult, truth: dict[str, str], bsn_of: dict[str, str | None]
) -> Quality:
    """Compare ``result`` with ``truth`` (record id -> true person).

    ``bsn_of`` gives each record's BSN as delivered; records in ``result.conflicts`` count
    as records without one.
    """
    conflicts = set(result.conflicts)
    is_anchored = {
        record: bsn is not None and record not in conflicts for record, bsn in bsn_of.items()
    }
    predicted: Counter[object] = Counter()
    predicted_anchored: Counter[object] = Counter()
    true: Counter[object] = Counter()
    true_anchored: Counter[object] = Counter()
    both: Counter[object] = Counter()
    both_anchored: Counter[object] = Counter()
    for record, person in result.person_of.items():
        actual = truth[record]
        predicted[person] += 1
        true[actual] += 1
        both[(person, actual)] += 1
        if is_anchored[record]:
            predicted_anchored[person] += 1
            true_anchored[actual] += 1
            both_anchored[(person, actual)] += 1
    in_review = {p.record_l for p in result.review_pairs()} | {
        p.record_r for p in result.review_pairs()
    }
    needing = [record for record, anchored in is_anchored.items() if not anchored]
    return Quality(
        predicted_pairs=_pairs(predicted, predicted_anchored),
        true_pairs=_pairs(true, true_anchored),
        correct_pairs=_pairs(both, both_anchored),
        records_needing_links=len(needing),
        records_in_review=sum(1 for record in needing if record in in_review),
        review_pairs=len(result.review_pairs()),
    )
