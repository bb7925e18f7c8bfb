"""Linking identity records into persons, with Splink on DuckDB and an explicit cluster rule.

An *identity record* is one distinct combination of (BSN or pseudonym, surname, prefix,
given names, date of birth) as delivered, with the number of rows that carry it. The
steps, each explainable on its own:

1. Records with the same BSN are one person, unless a record's BSN *conflicts* with its
   name and date of birth (both differ from the BSN's main identity): then the record is
   detached and linked like a record without a BSN.
2. A Splink model compares records on surname, given names, date of birth and
   municipality. Its m probabilities are learnt from rows that share a BSN (how often the
   same person's rows differ), its u probabilities from random pairs of records, and the
   prior from the BSN groups. Only pairs with at least one record without a BSN are
   scored: two different BSNs are two persons.
3. Pairs whose evidence (the match weight without the prior) is at or above
   ``upper_evidence_weight`` link automatically, pairs below ``lower_evidence_weight`` stay
   apart, pairs in between go to an analyst. A link that would
   put two BSNs in one person, or a record that links to more than one person, goes to
   the analyst as well: it is never merged silently.
4. Human decisions (link, keep apart) come first in every run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import duckdb
import pyarrow as pa

#: The columns of the records table given to :func:`linkage_run`, with their Arrow types.
RECORD_SCHEMA: Final = pa.schema(
    [
        ("record_id", pa.string()),
        ("bsn", pa.string()),  # BSN or BSN pseudonym; null when the rows had none
        ("achternaam", pa.string()),
        ("tussenvoegsel", pa.string()),
        ("voornamen", pa.string()),
        ("geboortedatum", pa.date32()),
        ("gemeente", pa.string()),  # municipality code, null when unknown
        ("rijen", pa.int64()),  # delivered rows that carry exactly this identity
    ]
)

#: The comparisons, in the order the explanation shows them (Dutch names for the screen).
COMPARISON_NAMES: Final = {
    "achternaam": "achternaam",
    "voornamen": "voornamen",
    "geboortedatum": "geboortedatum",
    "gemeente": "gemeente",
}

LINK: Final = "automatisch"
REVIEW: Final = "beoordelen"

REASON_BAND: Final = "de zekerheid ligt tussen de twee drempels"
REASON_AMBIGUOUS: Final = "het record lijkt op meer dan één persoon"
REASON_TWO_BSNS: Final = "koppelen zou twee personen met een verschillend BSN samenvoegen"
REASON_DECIDED_LINK_BLOCKED: Final = (
    "een analist koppelde dit paar, maar dat zou twee personen met een verschillend BSN samenvoegen"
)


@dataclass(frozen=True)
class LinkageParameters:
    """Every choice of the linkage, named; reasons in docs/identity-resolution.md."""

    #: A pair whose evidence (the sum of the comparisons' weights, the prior left out) is
    #: at or above this is linked without a person looking at it. On the evidence, not on
    #: the match weight: the prior falls as the data grows (about -17 for a region, -20.5
    #: for the country), and the same evidence should give the same decision.
    upper_evidence_weight: float = 24.0
    #: A pair with less evidence than this stays apart; in between, an analyst decides.
    lower_evidence_weight: float = 20.0
    #: Conflict rule: a BSN record conflicts when its surname is less similar than this
    #: (Jaro-Winkler, normalised) to the BSN's main identity and its date of birth differs.
    conflict_surname_similarity: float = 0.80
    #: Training: at most this many BSNs, and this many rows per BSN, give the m probabilities.
    training_bsns: int = 50_000
    training_rows_per_bsn: int = 5
    #: Training: random record pairs that give the u probabilities.
    u_max_pairs: float = 5e6
    #: m of a level that no pair of rows sharing a BSN showed (e.g. a different
    #: municipality): rare for one person, but not impossible.
    unobserved_m_probability: float = 0.001
    #: With fewer BSNs than this, no model is learnt from the data: the reference model
    #: shipped with Regie is used instead, learnt on the synthetic region (100,000 persons,
    #: seed 1), without term frequencies. Learnt on a small data set, u and the term
    #: frequencies make common names count for little (measured at 10,000 persons: recall
    #: 0.975 learnt, 0.995 with the reference model; at 30,000 learnt 0.987).
    minimum_training_bsns: int = 20_000
    #: Seed of every random choice (training sample, u sampling): the same input and seed
    #: give the same model and the same links.
    seed: int = 1

    def __post_init__(self) -> None:
        if self.lower_evidence_weight >= self.upper_evidence_weight:
            raise ValueError(
                f"lower_evidence_weight ({self.lower_evidence_weight}) must lie below "
                f"upper_evidence_weight ({self.upper_evidence_weight})"
            )


@dataclass(frozen=True)
class Comparison:
    """One line of a pair's explanation."""

    column: str  # achternaam, voornamen, geboortedatum, gemeente
    level: str  # what the comparison found, in Dutch ("gelijk", "dag en maand omgedraaid")
    weight: float  # partial match weight: log2 of the Bayes factor, term frequency included
    value_l: str | None
    value_r: str | None


@dataclass(frozen=True)
class Pair:
    """A scored pair of records that links automatically or needs an analyst."""

    record_l: str  # record_l < record_r
    record_r: str
    match_weight: float
    match_probability: float
    prior_weight: float  # log2 of the prior odds: where every pair starts
    comparisons: tuple[Comparison, ...]
    status: str  # LINK or REVIEW
    reason: str  # why it needs review; empty for LINK


@dataclass(frozen=True)
class Decision:
    """An analyst's decision on a pair; respected in every later run."""

    record_l: str
    record_r: str
    is_link: bool


@dataclass
class LinkageResult:
    #: record id -> person key: the BSN of the person, or ``~`` + the smallest record id
    #: of a person without any BSN.
    person_of: dict[str, str]
    pairs: list[Pair]  # automatic links and pairs for review (below the lower bound: none)
    conflicts: list[str]  # record ids detached from their BSN
    model: dict[str, Any]  # the trained Splink model (settings with m and u), for the receipt
    parameters: LinkageParameters
    figures: dict[str, float] = field(default_factory=dict)

    def review_pairs(self) -> list[Pair]:
        return [pair for pair in self.pairs if pair.status == REVIEW]


def linkage_receipt(result: LinkageResult) -> dict[str, Any]:
    """What a receipt records of a linkage: the figures, the thresholds, the model's hash."""
    from splink import __version__ as splink_version

    model = json.dumps(result.model, sort_keys=True, default=str).encode()
    return {
        "splink": splink_version,
        "bewijsdrempel_automatisch": result.parameters.upper_evidence_weight,
        "bewijsdrempel_apart": result.parameters.lower_evidence_weight,
        "startpunt": result.figures.get("prior_weight"),
        "drempel_automatisch": result.figures.get("upper_match_weight"),
        "drempel_apart": result.figures.get("lower_match_weight"),
        "records": int(result.figures.get("records", 0)),
        "records_zonder_bsn": int(result.figures.get("records_without_bsn", 0)),
        "conflicterende_bsn_records": len(result.conflicts),
        "automatische_koppelingen": int(result.figures.get("automatic_links", 0)),
        "paren_te_beoordelen": int(result.figures.get("review_pairs", 0)),
        "model": "referentiemodel" if result.figures.get("reference_model") else "geleerd",
        "model_sha256": hashlib.sha256(model).hexdigest() if result.model else None,
    }


def pair_key(a: str, b: str) -> tuple[str, str]:
    """The pair with its record ids in order: (smaller, larger)."""
    return (a, b) if a < b else (b, a)


_NORMALISE_SQL: Final = """
CREATE OR REPLACE TABLE lk_records AS
WITH records AS (SELECT * FROM lk_input)
SELECT
    record_id AS unique_id,
    bsn,
    bsn AS bsn_opgegeven,
    achternaam,
    tussenvoegsel,
    voornamen,
    geboortedatum,
    gemeente,
    rijen,
    nullif(regexp_replace(lower(strip_accents(
        coalesce(tussenvoegsel || ' ', '') || achternaam)), '[^a-z]', '', 'g'), '')
        AS achternaam_norm,
    nullif(trim(regexp_replace(regexp_replace(lower(strip_accents(voornamen)),
        '[^a-z ]', '', 'g'), ' +', ' ', 'g')), '') AS voornamen_norm,
    nullif(split_part(trim(regexp_replace(lower(strip_accents(voornamen)),
        '[^a-z ]', '', 'g')), ' ', 1), '') AS eerste_voornaam,
    strftime(geboortedatum, '%Y-%m-%d') AS geboortedatum_tekst,
    CASE WHEN day(geboortedatum) <= 12 AND day(geboortedatum) <> month(geboortedatum)
        THEN strftime(make_date(year(geboortedatum), day(geboortedatum),
            month(geboortedatum)), '%Y-%m-%d') END AS geboortedatum_omgedraaid
FROM records
"""

# The main identity of a BSN: the record with the most rows (ties: smallest record id).
# A record conflicts when neither its surname nor its date of birth fits that identity.
_CONFLICTS_SQL: Final = """
WITH ranked AS (
    SELECT *, row_number() OVER (PARTITION BY bsn ORDER BY rijen DESC, unique_id) AS rang
    FROM lk_records WHERE bsn IS NOT NULL
), main AS (SELECT * FROM ranked WHERE rang = 1)
SELECT r.unique_id
FROM ranked r JOIN main m ON r.bsn = m.bsn
WHERE r.rang > 1
  AND jaro_winkler_similarity(r.achternaam_norm, m.achternaam_norm) < $similarity
  AND r.geboortedatum_tekst <> m.geboortedatum_tekst
  AND r.geboortedatum_tekst IS DISTINCT FROM m.geboortedatum_omgedraaid
ORDER BY r.unique_id
"""

_TRAINING_SQL: Final = """
CREATE OR REPLACE TABLE lk_training AS
WITH chosen AS (
    SELECT bsn FROM (SELECT DISTINCT bsn FROM lk_records WHERE bsn IS NOT NULL)
    ORDER BY hash(bsn, $seed) LIMIT $bsns
), expanded AS (
    SELECT r.*, unnest(range(r.rijen)) AS kopie
    FROM lk_records r JOIN chosen USING (bsn)
), numbered AS (
    SELECT *, row_number() OVER (
        PARTITION BY bsn ORDER BY hash(unique_id, kopie, $seed)) AS volgnummer
    FROM expanded
)
SELECT unique_id || '#' || kopie AS unique_id, * EXCLUDE (unique_id, kopie, volgnummer)
FROM numbered WHERE volgnummer <= $per_bsn
"""


def _level(sql: str, label: str, **extra: Any) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": label, **extra}


def _null_level(column: str) -> dict[str, Any]:
    return _level(f'"{column}_l" IS NULL OR "{column}_r" IS NULL', "onbekend", is_null_level=True)


def model_settings(parameters: LinkageParameters, prior: float) -> dict[str, Any]:
    """The Splink settings: comparisons, blocking rules and the prior, untrained."""
    only_one_bsn = '(l."bsn" IS NULL OR r."bsn" IS NULL)'
    surname = {
        "output_column_name": "achternaam",
        "comparison_description": "achternaam met tussenvoegsel, zonder accenten en spaties",
        "comparison_levels": [
            _null_level("achternaam_norm"),
            _level(
                '"achternaam_norm_l" = "achternaam_norm_r"',
                "gelijk",
                tf_adjustment_column="achternaam_norm",
                tf_adjustment_weight=1.0,
            ),
            _level(
                'damerau_levenshtein("achternaam_norm_l", "achternaam_norm_r") <= 1',
                "één letter anders",
            ),
            _level(
                'jaro_winkler_similarity("achternaam_norm_l", "achternaam_norm_r") >= 0.9',
                "lijkt sterk",
            ),
            _level("ELSE", "anders"),
        ],
    }
    given = {
        "output_column_name": "voornamen",
        "comparison_description": "voornamen, zonder accenten",
        "comparison_levels": [
            _null_level("voornamen_norm"),
            _level(
                '"voornamen_norm_l" = "voornamen_norm_r"',
                "gelijk",
                tf_adjustment_column="voornamen_norm",
                tf_adjustment_weight=1.0,
            ),
            _level(
                'damerau_levenshtein("voornamen_norm_l", "voornamen_norm_r") <= 1',
                "één letter anders",
            ),
            _level('"eerste_voornaam_l" = "eerste_voornaam_r"', "eerste voornaam gelijk"),
            _level(
                'jaro_winkler_similarity("voornamen_norm_l", "voornamen_norm_r") >= 0.9',
                "lijkt sterk",
            ),
            _level("ELSE", "anders"),
        ],
    }
    birth = {
        "output_column_name": "geboortedatum",
        "comparison_description": "geboortedatum",
        "comparison_levels": [
            _null_level("geboortedatum_tekst"),
            _level('"geboortedatum_tekst_l" = "geboortedatum_tekst_r"', "gelijk"),
            _level(
                '"geboortedatum_tekst_l" = "geboortedatum_omgedraaid_r"',
                "dag en maand omgedraaid",
            ),
            _level(
                'damerau_levenshtein("geboortedatum_tekst_l", "geboortedatum_tekst_r") <= 1',
                "één cijfer anders",
            ),
            _level("ELSE", "anders"),
        ],
    }
    municipality = {
        "output_column_name": "gemeente",
        "comparison_description": "gemeente van inschrijving",
        "comparison_levels": [
            _null_level("gemeente"),
            _level('"gemeente_l" = "gemeente_r"', "gelijk"),
            _level("ELSE", "anders"),
        ],
    }
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": prior,
        "comparisons": [surname, given, birth, municipality],
        "blocking_rules_to_generate_predictions": [
            {
                "blocking_rule": f'l."geboortedatum_tekst" = r."geboortedatum_tekst" '
                f"AND {only_one_bsn}"
            },
            {
                "blocking_rule": f'l."achternaam_norm" = r."achternaam_norm" '
                f'AND l."eerste_voornaam" = r."eerste_voornaam" AND {only_one_bsn}'
            },
        ],
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": True,
        "additional_columns_to_retain": ["bsn", "bsn_opgegeven"],
        "max_iterations": 10,
    }


def _levels(model: dict[str, Any]) -> dict[str, dict[int, str]]:
    """Comparison name -> comparison vector value -> the level's Dutch label."""
    labels: dict[str, dict[int, str]] = {}
    for comparison in model["comparisons"]:
        levels = comparison["comparison_levels"]
        plain = [level for level in levels if not level.get("is_null_level")]
        by_value = {-1: "onbekend"}
        for index, level in enumerate(plain):
            by_value[len(plain) - 1 - index] = level["label_for_charts"]
        labels[comparison["output_column_name"]] = by_value
    return labels


_VALUE_COLUMNS: Final = {
    "achternaam": "achternaam_norm",
    "voornamen": "voornamen_norm",
    "geboortedatum": "geboortedatum_tekst",
    "gemeente": "gemeente",
}


def linkage_run(
    records: pa.Table,
    *,
    parameters: LinkageParameters | None = None,
    decisions: Iterable[Decision] = (),
    on_step: Callable[[str], None] | None = None,
) -> LinkageResult:
    """Link ``records`` (schema :data:`RECORD_SCHEMA`) into persons. See the module text."""
    parameters = parameters or LinkageParameters()
    step = on_step or (lambda text: None)
    started = time.perf_counter()
    figures: dict[str, float] = {}
    records = records.select(RECORD_SCHEMA.names).cast(RECORD_SCHEMA)
    con = duckdb.connect()
    try:
        con.register("lk_input", records)
        con.execute(_NORMALISE_SQL)
        step("conflicterende BSN's zoeken")
        conflicts = [
            row[0]
            for row in con.execute(
                _CONFLICTS_SQL, {"similarity": parameters.conflict_surname_similarity}
            ).fetchall()
        ]
        if conflicts:
            con.register("lk_conflicts", pa.table({"unique_id": conflicts}))
            con.execute(
                "UPDATE lk_records SET bsn = NULL WHERE unique_id IN "
                "(SELECT unique_id FROM lk_conflicts)"
            )
        figures["records"] = records.num_rows
        figures["records_without_bsn"] = con.execute(
            "SELECT count(*) FROM lk_records WHERE bsn IS NULL"
        ).fetchall()[0][0]
        if figures["records_without_bsn"] == 0:
            model: dict[str, Any] = {}
            scored: list[tuple[Any, ...]] = []
            prior = 0.0
        else:
            bsns = con.execute(
                "SELECT count(DISTINCT bsn) FROM lk_records WHERE bsn IS NOT NULL"
            ).fetchall()[0][0]
            if bsns < parameters.minimum_training_bsns:
                step("referentiemodel laden")
                model = reference_model()
                prior = float(model["probability_two_random_records_match"])
                figures["reference_model"] = 1
            else:
                step("model leren")
                model, prior = _model_train(con, parameters)
            prior_weight = _weight(prior)
            figures["prior_weight"] = round(prior_weight, 2)
            figures["upper_match_weight"] = round(
                parameters.upper_evidence_weight + prior_weight, 2
            )
            figures["lower_match_weight"] = round(
                parameters.lower_evidence_weight + prior_weight, 2
            )
            step("paren vergelijken")
            scored = _pairs_score(con, model, prior_weight + parameters.lower_evidence_weight)
        figures["pairs_scored_above_lower"] = len(scored)
        step("personen vormen")
        bsn_of = dict(con.execute("SELECT unique_id, bsn FROM lk_records").fetchall())
        person_of, pairs = _clusters_form(bsn_of, scored, model, prior, parameters, list(decisions))
    finally:
        con.close()
    figures["automatic_links"] = sum(1 for p in pairs if p.status == LINK)
    figures["review_pairs"] = sum(1 for p in pairs if p.status == REVIEW)
    figures["persons"] = len(set(person_of.values()))
    figures["seconds"] = round(time.perf_counter() - started, 2)
    return LinkageResult(person_of, pairs, conflicts, model, parameters, figures)


REFERENCE_MODEL: Final = Path(__file__).with_name("referentiemodel.json")


def reference_model() -> dict[str, Any]:
    """The shipped reference model, without term-frequency adjustments.

    Term frequencies describe one data set; in a small one every name is "frequent", which
    would count against every match.
    """
    model: dict[str, Any] = json.loads(REFERENCE_MODEL.read_text(encoding="utf-8"))
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            level.pop("tf_adjustment_column", None)
            level.pop("tf_adjustment_weight", None)
    return model


def _model_train(
    con: duckdb.DuckDBPyConnection, parameters: LinkageParameters
) -> tuple[dict[str, Any], float]:
    from splink import DuckDBAPI, Linker

    # The prior: the share of record pairs that are the same person, counted in the BSN
    # groups (every pair of records with one BSN is a match; other pairs are not).
    same, total_records = con.execute(
        "SELECT coalesce(sum(n * (n - 1) / 2), 0), coalesce(sum(n), 0) FROM "
        "(SELECT count(*) AS n FROM lk_records WHERE bsn IS NOT NULL GROUP BY bsn)"
    ).fetchall()[0]
    all_pairs = total_records * (total_records - 1) / 2
    prior = min(max(same / all_pairs if all_pairs else 1e-6, 1e-9), 0.5)

    con.execute(
        _TRAINING_SQL,
        {
            "seed": parameters.seed,
            "bsns": parameters.training_bsns,
            "per_bsn": parameters.training_rows_per_bsn,
        },
    )
    settings = model_settings(parameters, prior)
    api = DuckDBAPI(connection=con)
    trainer = Linker(api.register("lk_training"), settings, log_level=logging.WARNING)
    trainer.training.estimate_m_from_label_column("bsn")
    trained = trainer.misc.save_model_to_json()
    for comparison in trained["comparisons"]:
        for level in comparison["comparison_levels"]:
            if not level.get("is_null_level") and level.get("m_probability") is None:
                level["m_probability"] = parameters.unobserved_m_probability
    scorer = Linker(api.register("lk_records"), trained, log_level=logging.WARNING)
    scorer.training.estimate_u_using_random_sampling(
        max_pairs=parameters.u_max_pairs, seed=parameters.seed
    )
    model = scorer.misc.save_model_to_json()
    model["probability_two_random_records_match"] = prior
    return model, prior


def _weight(probability: float) -> float:
    """A probability as a weight: log2 of its odds."""
    return math.log2(probability / (1 - probability)) if 0 < probability < 1 else 0.0


def _pairs_score(
    con: duckdb.DuckDBPyConnection, model: dict[str, Any], lower: float
) -> list[tuple[Any, ...]]:
    from splink import DuckDBAPI, Linker

    api = DuckDBAPI(connection=con)
    linker = Linker(
        api.register("lk_records", table_name="lk_score"), model, log_level=logging.WARNING
    )
    predictions = linker.inference.predict(threshold_match_weight=lower)
    available = {row[0] for row in con.execute(f"DESCRIBE {predictions.physical_name}").fetchall()}
    columns = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
    for name, value_column in _VALUE_COLUMNS.items():
        columns += [f"gamma_{name}", f"mw_{name}", f"{value_column}_l", f"{value_column}_r"]
        if name in ("achternaam", "voornamen"):
            # the term-frequency adjustment, 0 when the model has none
            tf = f"mw_tf_adj_{name}"
            columns.append(f'"{tf}"' if tf in available else "0.0")
    select = ", ".join(c if c.startswith('"') or c == "0.0" else f'"{c}"' for c in columns)
    rows = con.execute(
        f"SELECT {select} FROM {predictions.physical_name} "
        "ORDER BY match_weight DESC, unique_id_l, unique_id_r"
    ).fetchall()
    predictions.drop_table_from_database_and_remove_from_cache()
    return rows


class _Components:
    """Union-find over records; a component holds at most one BSN.

    ``apart`` holds, per component, the records an analyst kept apart from one of its
    records: the two components may never be joined, and are not asked about again.
    """

    def __init__(self, bsn_of: dict[str, str | None]) -> None:
        self.parent: dict[str, str] = {}
        self.bsn: dict[str, str | None] = {}
        self.apart: dict[str, set[str]] = {}
        first_of_bsn: dict[str, str] = {}
        for record, bsn in sorted(bsn_of.items()):
            if bsn is None:
                self.parent[record] = record
                self.bsn[record] = None
            elif bsn in first_of_bsn:
                self.parent[record] = first_of_bsn[bsn]
            else:
                first_of_bsn[bsn] = record
                self.parent[record] = record
                self.bsn[record] = bsn

    def root(self, record: str) -> str:
        parent = self.parent
        root = record
        while parent[root] != root:
            root = parent[root]
        while parent[record] != root:
            parent[record], record = root, parent[record]
        return root

    def can_join(self, a: str, b: str) -> bool:
        ra, rb = self.root(a), self.root(b)
        return ra == rb or self.bsn[ra] is None or self.bsn[rb] is None

    def keep_apart(self, a: str, b: str) -> None:
        self.apart.setdefault(self.root(a), set()).add(b)
        self.apart.setdefault(self.root(b), set()).add(a)

    def is_kept_apart(self, a: str, b: str) -> bool:
        ra, rb = self.root(a), self.root(b)
        return ra != rb and any(self.root(x) == rb for x in self.apart.get(ra, ()))

    def join(self, a: str, b: str) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra == rb:
            return
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.bsn[ra] = self.bsn[ra] or self.bsn.pop(rb)
        self.bsn.pop(rb, None)
        if rb in self.apart:
            self.apart.setdefault(ra, set()).update(self.apart.pop(rb))


def _clusters_form(
    bsn_of: dict[str, str | None],
    scored: Sequence[tuple[Any, ...]],
    model: dict[str, Any],
    prior: float,
    parameters: LinkageParameters,
    decisions: list[Decision],
) -> tuple[dict[str, str], list[Pair]]:
    components = _Components(bsn_of)
    decided = {pair_key(d.record_l, d.record_r): d.is_link for d in decisions}
    known = [
        (a, b, is_link)
        for (a, b), is_link in sorted(decided.items())
        if a in bsn_of and b in bsn_of
    ]
    for a, b, is_link in known:
        if not is_link:
            components.keep_apart(a, b)
    blocked_links: set[tuple[str, str]] = set()
    for a, b, is_link in known:
        if is_link:
            if components.can_join(a, b) and not components.is_kept_apart(a, b):
                components.join(a, b)
            else:
                blocked_links.add((a, b))

    labels = _levels(model) if model else {}
    prior_weight = _weight(prior)
    upper = prior_weight + parameters.upper_evidence_weight
    pairs: dict[tuple[str, str], Pair] = {}

    def pair_make(row: tuple[Any, ...], status: str, reason: str) -> Pair:
        a, b = row[0], row[1]
        comparisons = []
        position = 4
        for name in _VALUE_COLUMNS:
            gamma, weight, value_l, value_r = row[position : position + 4]
            position += 4
            if name in ("achternaam", "voornamen"):
                weight += row[position] or 0.0
                position += 1
            comparisons.append(
                Comparison(
                    column=name,
                    level=labels[name].get(gamma, str(gamma)),
                    weight=round(weight, 2),
                    value_l=value_l,
                    value_r=value_r,
                )
            )
        left, right = pair_key(a, b)
        if (left, right) != (a, b):  # keep each comparison's values with its record
            comparisons = [
                Comparison(c.column, c.level, c.weight, c.value_r, c.value_l) for c in comparisons
            ]
        return Pair(
            left,
            right,
            round(float(row[2]), 2),
            float(row[3]),
            round(prior_weight, 2),
            tuple(comparisons),
            status,
            reason,
        )

    # Records without a BSN whose automatic links reach more than one person are ambiguous.
    strong = [row for row in scored if row[2] >= upper]
    reaches: dict[str, set[str]] = {}
    for row in strong:
        a, b = row[0], row[1]
        if decided.get(pair_key(a, b)) is False:
            continue
        for own, other in ((a, b), (b, a)):
            if bsn_of[own] is None and bsn_of[other] is not None:
                reaches.setdefault(own, set()).add(bsn_of[other])  # type: ignore[arg-type]
    ambiguous = {record for record, bsns in reaches.items() if len(bsns) > 1}

    review_rows: list[tuple[tuple[Any, ...], str]] = []
    for row in scored:  # highest match weight first
        a, b = row[0], row[1]
        key = pair_key(a, b)
        if key in decided:
            if key in blocked_links:
                review_rows.append((row, REASON_DECIDED_LINK_BLOCKED))
            continue
        if components.is_kept_apart(a, b):
            continue  # an analyst decided these persons are not one
        if row[2] < upper:
            review_rows.append((row, REASON_BAND))
        elif a in ambiguous or b in ambiguous:
            review_rows.append((row, REASON_AMBIGUOUS))
        elif not components.can_join(a, b):
            review_rows.append((row, REASON_TWO_BSNS))
        elif components.root(a) != components.root(b):
            components.join(a, b)
            pairs[key] = pair_make(row, LINK, "")
    asked: set[tuple[str, str]] = set()
    for row, reason in review_rows:  # highest match weight first
        a, b = row[0], row[1]
        ra, rb = components.root(a), components.root(b)
        # A pair whose records ended up in one person anyway needs no decision, nor do
        # persons an analyst kept apart; and two persons are asked about once, with their
        # most alike records.
        if ra == rb or components.is_kept_apart(a, b) or pair_key(ra, rb) in asked:
            continue
        asked.add(pair_key(ra, rb))
        pairs.setdefault(pair_key(a, b), pair_make(row, REVIEW, reason))

    person_of: dict[str, str] = {}
    for record in bsn_of:
        root = components.root(record)
        bsn = components.bsn.get(root)
        person_of[record] = bsn if bsn is not None else "~" + root
    ordered = sorted(pairs.values(), key=lambda p: (p.status, -p.match_weight, p.record_l))
    return person_of, ordered
