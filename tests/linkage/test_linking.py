"""Linking identity records into persons: the BSN first, Splink for the rest, the cluster rule.

Small hand-made records use the reference model (fewer BSNs than the training minimum);
the quality test links a small synthetic region with its default noise.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from regie.formats.delivery import read_delivery
from regie.linkage.facts import facts_link
from regie.linkage.linking import (
    LINK,
    REASON_AMBIGUOUS,
    REASON_BAND,
    REASON_TWO_BSNS,
    RECORD_SCHEMA,
    REVIEW,
    Decision,
    LinkageParameters,
    LinkageResult,
    linkage_run,
)
from regie.linkage.quality import quality_measure
from regie.synth.region import NoiseRates, region_write

Record = tuple[str, str | None, str, str | None, str, str, int]


def records_table(*records: Record) -> pa.Table:
    """(record id, bsn, achternaam, tussenvoegsel, voornamen, geboortedatum, rijen)."""
    columns: dict[str, list[object]] = {name: [] for name in RECORD_SCHEMA.names}
    for record_id, bsn, surname, prefix, given, birth, rows in records:
        columns["record_id"].append(record_id)
        columns["bsn"].append(bsn)
        columns["achternaam"].append(surname)
        columns["tussenvoegsel"].append(prefix)
        columns["voornamen"].append(given)
        columns["geboortedatum"].append(date.fromisoformat(birth))
        columns["gemeente"].append(None)
        columns["rijen"].append(rows)
    return pa.table(columns, schema=RECORD_SCHEMA)


OTHERS: tuple[Record, ...] = (
    ("o1", "200000019", "Jansen", None, "Piet", "1999-07-30", 4),
    ("o2", "200000020", "Bakker", None, "Anna", "2003-01-02", 6),
)


def statuses(result: LinkageResult) -> list[tuple[str, str, str, str]]:
    return [(p.record_l, p.record_r, p.status, p.reason) for p in result.pairs]


def test_records_with_one_bsn_are_one_person_without_splink() -> None:
    # given two spellings under one BSN and another person, all with a BSN
    records = records_table(
        ("a1", "200000007", "Öztürk", None, "Elif", "2008-05-06", 10),
        ("a2", "200000007", "Ozturk", None, "Elif", "2008-05-06", 2),
        *OTHERS,
    )
    # when they are linked
    result = linkage_run(records)
    # then the BSN decides: three persons, nothing scored, nothing to review, no model
    assert result.person_of == {
        "a1": "200000007",
        "a2": "200000007",
        "o1": "200000019",
        "o2": "200000020",
    }
    assert result.pairs == []
    assert result.model == {}


def test_a_record_without_bsn_links_automatically_to_the_person_it_clearly_is() -> None:
    # given a record without BSN that differs from a BSN person only in a dropped accent
    records = records_table(
        ("a1", "200000007", "Öztürk", None, "Elif", "2008-05-06", 10),
        ("n1", None, "Ozturk", None, "Elif", "2008-05-06", 3),
        *OTHERS,
    )
    # when they are linked
    result = linkage_run(records)
    # then it joins that person, and the link is explained per comparison
    assert result.person_of["n1"] == "200000007"
    (pair,) = result.pairs
    assert (pair.record_l, pair.record_r, pair.status, pair.reason) == ("a1", "n1", LINK, "")
    assert [(c.column, c.level, c.value_l, c.value_r) for c in pair.comparisons] == [
        ("achternaam", "gelijk", "ozturk", "ozturk"),
        ("voornamen", "gelijk", "elif", "elif"),
        ("geboortedatum", "gelijk", "2008-05-06", "2008-05-06"),
        ("gemeente", "onbekend", None, None),
    ]
    assert pair.match_weight == pytest.approx(
        pair.prior_weight + sum(c.weight for c in pair.comparisons), abs=0.05
    )
    assert pair.match_weight - pair.prior_weight >= LinkageParameters().upper_evidence_weight


def test_an_uncertain_record_goes_to_review_and_stays_a_person_of_its_own() -> None:
    # given a record without BSN with a typing error in both names
    records = records_table(
        ("a1", "200000007", "Visser", None, "Daan", "2009-06-12", 10),
        ("n1", None, "Vissr", None, "Dan", "2009-06-12", 1),
        *OTHERS,
    )
    # when they are linked
    result = linkage_run(records)
    # then the pair waits for an analyst and nothing is merged
    assert statuses(result) == [("a1", "n1", REVIEW, REASON_BAND)]
    assert result.person_of["n1"] == "~n1"
    assert result.person_of["a1"] == "200000007"


def test_a_record_like_two_persons_with_their_own_bsn_is_never_merged() -> None:
    # given namesakes: two persons with the same names and date of birth and their own BSN,
    # and a record without BSN that could be either
    records = records_table(
        ("a1", "200000007", "de Vries", None, "Sem", "2004-04-04", 8),
        ("b1", "200000019", "de Vries", None, "Sem", "2004-04-04", 5),
        ("n1", None, "de Vries", None, "Sem", "2004-04-04", 2),
        ("o2", "200000020", "Bakker", None, "Anna", "2003-01-02", 6),
    )
    # when they are linked
    result = linkage_run(records)
    # then both pairs go to review as ambiguous and the namesakes stay two persons
    assert statuses(result) == [
        ("a1", "n1", REVIEW, REASON_AMBIGUOUS),
        ("b1", "n1", REVIEW, REASON_AMBIGUOUS),
    ]
    assert {result.person_of[r] for r in ("a1", "b1", "n1")} == {"200000007", "200000019", "~n1"}


def test_a_chain_of_links_never_joins_two_bsns() -> None:
    # given two persons with their own BSN and the same names, born on 3 February and on
    # 2 March, each with a record without BSN that is exactly like them
    records = records_table(
        ("a1", "200000007", "Smit", None, "Noah", "2001-02-03", 8),
        ("n1", None, "Smit", None, "Noah", "2001-02-03", 2),
        ("n2", None, "Smit", None, "Noah", "2001-03-02", 1),
        ("b1", "200000019", "Smit", None, "Noah", "2001-03-02", 4),
        ("o2", "200000020", "Bakker", None, "Anna", "2003-01-02", 6),
    )
    # when they are linked
    result = linkage_run(records)
    # then each record joins its own person; day and month swapped is for an analyst,
    # who is asked about the two persons once
    assert [result.person_of[r] for r in ("a1", "n1", "n2", "b1")] == [
        "200000007",
        "200000007",
        "200000019",
        "200000019",
    ]
    assert statuses(result) == [
        ("a1", "n1", LINK, ""),
        ("b1", "n2", LINK, ""),
        ("a1", "n2", REVIEW, REASON_BAND),
    ]  # the two persons are asked about once, not for every pair of their records
    # and when an analyst decides that n2 is the first person after all
    result = linkage_run(records, decisions=[Decision("a1", "n2", is_link=True)])
    # then n2 moves, and its clear link to the second person is not made but asked about
    assert [result.person_of[r] for r in ("a1", "n1", "n2", "b1")] == [
        "200000007",
        "200000007",
        "200000007",
        "200000019",
    ]
    assert ("b1", "n2", REVIEW, REASON_TWO_BSNS) in statuses(result)


def test_an_analysts_decisions_come_first_in_every_run() -> None:
    # given the clear link and the uncertain pair of the tests above
    records = records_table(
        ("a1", "200000007", "Visser", None, "Daan", "2009-06-12", 10),
        ("n1", None, "Vissr", None, "Dan", "2009-06-12", 1),
        ("n2", None, "Visser", None, "Daan", "2009-06-12", 2),
        *OTHERS,
    )
    assert linkage_run(records).person_of["n2"] == "200000007"
    # when an analyst linked the uncertain pair and kept the clear one apart
    decisions = [Decision("a1", "n1", is_link=True), Decision("a1", "n2", is_link=False)]
    result = linkage_run(records, decisions=decisions)
    # then the run follows them, and neither pair is asked about again
    assert result.person_of["n1"] == "200000007"
    assert result.person_of["n2"] != "200000007"
    assert ("a1", "n1") not in {(p.record_l, p.record_r) for p in result.pairs}
    assert ("a1", "n2") not in {(p.record_l, p.record_r) for p in result.pairs}


def test_a_bsn_that_conflicts_with_name_and_birth_is_detached_and_linked_by_identity() -> None:
    # given a BSN delivered for Visser, and once (wrongly) for someone else
    records = records_table(
        ("a1", "200000007", "Visser", None, "Daan", "2009-06-12", 10),
        ("a2", "200000007", "Bakker", None, "Anna", "2003-01-02", 1),
        ("o2", "200000020", "Bakker", None, "Anna", "2003-01-02", 6),
        ("o1", "200000019", "Jansen", None, "Piet", "1999-07-30", 4),
    )
    # when they are linked
    result = linkage_run(records)
    # then the conflicting record leaves 200000007 and joins the person it describes
    assert result.conflicts == ["a2"]
    assert result.person_of["a2"] == "200000020"
    assert result.person_of["a1"] == "200000007"


def test_the_same_records_give_the_same_persons_and_pairs() -> None:
    records = records_table(
        ("a1", "200000007", "Visser", None, "Daan", "2009-06-12", 10),
        ("n1", None, "Vissr", None, "Dan", "2009-06-12", 1),
        ("n2", None, "Visser", None, "Daan", "2009-06-12", 2),
        *OTHERS,
    )
    first, second = linkage_run(records), linkage_run(records)
    assert first.person_of == second.person_of
    assert first.pairs == second.pairs


def test_thresholds_must_leave_a_band() -> None:
    with pytest.raises(ValueError, match="must lie below"):
        LinkageParameters(upper_evidence_weight=20.0, lower_evidence_weight=20.0)


def test_a_noisy_region_links_with_the_required_precision_and_recall(
    tmp_path: Path,
) -> None:
    # given a synthetic region of 20,000 persons with the default identity noise (the
    # benchmark measures the full region of 100,000)
    folder = tmp_path / "regio"
    region_write(
        folder,
        persons=20_000,
        seed=7,
        peildatum=date(2026, 2, 1),
        noise=NoiseRates(),
    )
    facts = None
    for path in sorted(folder.glob("*.csv")):
        if path.name == "deelnemers.csv":
            continue
        table, problems, _ = read_delivery(path, delivery_date=date(2026, 2, 1))
        assert problems == []
        if facts is None:
            facts = table
        else:
            facts.extend(table)
    assert facts is not None
    # when its rows are linked with a model learnt from them (the default would take the
    # reference model below 20,000 BSNs; the small tests above cover that path)
    links = facts_link(facts, parameters=LinkageParameters(minimum_training_bsns=1_000))
    # then, against the ground truth, the automatic links are precise and complete enough
    with (folder / "grondwaarheid" / "identiteiten.csv").open(encoding="utf-8") as handle:
        person_of_row = {(r["bron"], r["bron_id"]): r["persoon_id"] for r in csv.DictReader(handle)}
    truth_votes: dict[str, Counter[str]] = {}
    for i, record_id in enumerate(links.row_records):
        true_person = person_of_row[(facts.bron[i], facts.bron_id[i])]
        truth_votes.setdefault(record_id, Counter())[true_person] += 1
    truth = {record: votes.most_common(1)[0][0] for record, votes in truth_votes.items()}
    bsn_of = {record: str(r["bsn"]) if r["bsn"] else None for record, r in links.records.items()}
    quality = quality_measure(links.result, truth, bsn_of)
    assert "reference_model" not in links.result.figures
    assert quality.records_needing_links > 500
    assert quality.precision >= 0.995
    assert quality.recall >= 0.98
