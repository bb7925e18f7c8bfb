"""The delivery reader fuzzed: every input is accepted or refused with a clear message.

Hypothesis builds CSV deliveries from valid rows and mutates them (wrong dates, unknown
codes, missing, extra and duplicated columns, quotes, very long fields, control
characters, byte order marks, other encodings, truncation), feeds raw random bytes under
every suffix, and builds fewer XLSX and Parquet files (they are slow to make). The
property: ``read_delivery`` returns, and every problem names the file, has a Dutch
sentence and a place; with no problem the table holds every row read. Any exception
fails the test.

The inputs are split over several tests, so that ``pytest -n 2`` spreads them, and each
test has its own fixed seed: the same inputs on every run, so CI is repeatable. Each
test counts the inputs it
actually checked and asserts its share; the shares add up to ``FUZZ_TOTAL``
(docs/hostile-input.md gives the figures and the time taken).
"""

from __future__ import annotations

import codecs
import csv
import io
import random
import re
import tempfile
import zlib
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from regie.formats.codes import FACT_COLUMNS, FACT_KINDS, MEASURES, FactKind
from regie.formats.delivery import InputRefused, Problem, read_delivery

DAY: Final = date(2026, 2, 1)
#: The inputs each test checks (at least); together at least 100,000.
SHARES: Final = {
    "csv_values": 14_000,
    "csv_columns": 8_000,
    "csv_bytes": 12_000,
    "csv_seeded": 36_000,
    "raw_bytes": 26_000,
    "xlsx": 2_000,
    "parquet": 2_500,
}
FUZZ_TOTAL: Final = 100_000


def fuzz_settings(examples: int) -> settings:
    """No example database and no deadline: a slow input is not a failure here, an
    exception is. ``fuzz`` gives each test its own fixed seed (repeatable in CI)."""
    return settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )


# --- valid rows ---------------------------------------------------------------------------


def valid_row_make(chance: random.Random) -> dict[str, str]:
    """One row the format accepts, of any kind, delivered by a partner that may."""
    kind = FACT_KINDS[chance.choice(sorted(FACT_KINDS))]
    categorie = chance.choice(kind.categories) if kind.categories else ""
    if kind.name == "maatregel":
        detail = chance.choice(MEASURES[categorie])
    elif kind.details == FactKind.FREE:
        detail = f"groep-{chance.randrange(100)}"
    elif isinstance(kind.details, tuple):
        detail = chance.choice(kind.details)
    else:
        detail = ""
    datum = DAY - timedelta(days=chance.randrange(1, 20_000))
    einddatum = ""
    if kind.is_period and chance.random() < 0.5:
        einddatum = (datum + timedelta(days=chance.randrange(0, 3_000))).isoformat()
    names = ["Visser", "Bakker", "de Jong", "Öztürk", "El Amrani", "Nguyễn", "Ša"]
    return {
        "bron": chance.choice(kind.partners),
        "bron_id": "",
        "bsn": chance.choice(["", "300000005", "200000007", "111222333", "123456782"]),
        "achternaam": chance.choice(names),
        "tussenvoegsel": chance.choice(["", "van", "de", "van der"]),
        "voornamen": chance.choice(names),
        "geboortedatum": (DAY - timedelta(days=chance.randrange(1, 30_000))).isoformat(),
        "soort": kind.name,
        "datum": datum.isoformat(),
        "einddatum": einddatum,
        "categorie": categorie,
        "detail": detail,
    }


#: Valid rows to draw from: one draw per row keeps the generator fast (a draw of each
#: value would cost most of the time of an example).
VALID: Final = tuple(valid_row_make(random.Random(seed)) for seed in range(1_000))


def rows_of(picks: list[int]) -> list[dict[str, str]]:
    return [{**VALID[pick], "bron_id": f"id-{at}"} for at, pick in enumerate(picks)]


VALID_ROWS = st.lists(st.integers(0, len(VALID) - 1), max_size=8).map(rows_of)


# --- mutations ----------------------------------------------------------------------------

#: Values that break one check or another, and values that look harmless but are not.
BAD_TEXTS: Final = (
    "",
    " ",
    "2025-02-30",
    "2025-13-01",
    "20250101",
    "2025-W01-1",
    "01-02-2025",
    "2025-06-01 13:45",
    "2025-06-01T00:00:00",
    "2099-01-01",
    "0000-01-01",
    "9999-12-31",
    "123456789",
    "12345678",
    "0",
    "politie ",
    " POLITIE",
    "arrestatie",
    "onbekend",
    "maatregel",
    "civiel",
    "ots",
    "=1+1",
    "+31 6",
    "@SUM(A1)",
    '"',
    '""',
    "a,b",
    'a"b',
    "a\nb",
    "a\r\nb",
    "\x00",
    "\x1b[31m",
    "\u202e",
    "\ufeff",
    "\ud7ff",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "NaN",
    "None",
    "null",
)
LENGTHS: Final = (50, 51, 100, 101, 200, 201, 131_072, 131_073)
BAD_VALUES = st.one_of(
    st.sampled_from(BAD_TEXTS),
    st.text(max_size=12),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=10),
    st.integers(0, 300).map(lambda n: "x" * n),
    st.sampled_from(LENGTHS).map(lambda n: "y" * n),
)


def mutated(
    rows: list[dict[str, str]], changes: list[tuple[int, str, str]], repeat: int | None
) -> list[dict[str, str]]:
    """``rows`` with values replaced (row, column, value) and perhaps one row repeated."""
    for at, column, value in changes:
        if rows:
            rows[at % len(rows)][column] = value
    if rows and repeat is not None:
        rows.append(dict(rows[repeat % len(rows)]))  # a duplicate bron_id
    return rows


#: Valid rows with some values replaced by bad ones, and perhaps a row repeated.
ROWS_MUTATED = st.builds(
    mutated,
    VALID_ROWS,
    st.lists(st.tuples(st.integers(0, 7), st.sampled_from(FACT_COLUMNS), BAD_VALUES), max_size=4),
    st.none() | st.integers(0, 7),
)


HEADER_ACTIONS: Final = ("keep", "drop", "repeat", "extra", "rename", "blank")
COLUMN_NAMES = st.one_of(
    st.sampled_from(["postcode", "Nationaliteit", "opmerking", "BSN", " bron ", *FACT_COLUMNS]),
    st.text(max_size=12),
)


def header_changed(order: tuple[str, ...], action: str, position: int, name: str) -> list[str]:
    """The columns in ``order`` with one left out, repeated, added, renamed or blank."""
    header = list(order)
    at = position % len(header)
    if action == "drop":
        del header[at]
    elif action == "repeat":
        header.insert(position % (len(header) + 1), header[at])
    elif action == "extra":
        header.insert(position % (len(header) + 1), name)
    elif action == "rename":
        header[at] = name
    elif action == "blank":
        header[at] = ""
    return header


#: The format's columns, shuffled, with one left out, repeated, renamed or added.
HEADERS = st.builds(
    header_changed,
    st.permutations(FACT_COLUMNS),
    st.sampled_from(HEADER_ACTIONS),
    st.integers(0, 64),
    COLUMN_NAMES,
)
#: The format's header as it is, or mutated.
ANY_HEADER = st.one_of(st.just(list(FACT_COLUMNS)), HEADERS)


def csv_text(header: list[str], rows: list[dict[str, str]], *, quoted: bool) -> str:
    """The rows as CSV; ``quoted=False`` joins fields without quoting (broken on purpose)."""
    lines = [header, *([row.get(column, "") for column in header] for row in rows)]
    if not quoted:
        return "".join(",".join(line) + "\n" for line in lines)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(lines)
    return buffer.getvalue()


ENCODING_NAMES: Final = ("utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1")
ENCODINGS = st.sampled_from(ENCODING_NAMES)


def bytes_made(
    header: list[str],
    rows: list[dict[str, str]],
    quoted: bool,
    newline: str,
    encoding: str,
    damage: str,
    position: int,
    extra: bytes,
) -> bytes:
    """A delivery as bytes: CSV text with other line ends, encoded, then damaged."""
    text = csv_text(header, rows, quoted=quoted).replace("\n", newline)
    data = text.encode(encoding, errors="replace")
    at = position % (len(data) + 1)
    if damage == "truncate":
        return data[:at]
    if damage == "insert":
        return data[:at] + extra + data[at:]
    if damage == "flip" and at < len(data):
        return data[:at] + bytes([data[at] ^ (extra[0] or 1)]) + data[at + 1 :]
    if damage == "prefix":
        return extra + data
    return data


NEWLINES: Final = ("\n", "\n", "\r\n", "\r", "\n\n", ";\n")
DAMAGES: Final = ("none", "none", "truncate", "insert", "flip", "prefix")
PREFIXES: Final = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\x00", b"PK\x03\x04", b"%PDF-")
#: Deliveries as bytes: mutated rows and header, an encoding, then byte damage.
CSV_BYTES = st.builds(
    bytes_made,
    ANY_HEADER,
    ROWS_MUTATED,
    st.booleans(),
    st.sampled_from(NEWLINES),
    ENCODINGS,
    st.sampled_from(DAMAGES),
    st.integers(0, 2**16),
    st.one_of(st.sampled_from(PREFIXES), st.binary(min_size=1, max_size=8)),
)


def seeded_bytes(seed: int) -> bytes:
    """A mutated delivery as bytes, every choice made by ``random.Random(seed)``.

    The same mutations as ``CSV_BYTES``, and more of them at once, for one draw: the
    strategies above cost Hypothesis some forty draws per input. Hypothesis cannot
    shrink such an input; a failure shows the seed and the bytes instead.
    """
    chance = random.Random(seed)
    header = list(FACT_COLUMNS)
    if chance.random() < 0.3:
        name = chance.choice((*BAD_TEXTS, "postcode", "BSN", " bron "))
        header = header_changed(
            tuple(chance.sample(FACT_COLUMNS, len(FACT_COLUMNS))),
            chance.choice(HEADER_ACTIONS),
            chance.randrange(64),
            name,
        )
    rows = rows_of([chance.randrange(len(VALID)) for _ in range(chance.randrange(12))])
    changes = [
        (chance.randrange(12), chance.choice(FACT_COLUMNS), bad_value(chance))
        for _ in range(chance.choice((0, 0, 1, 1, 2, 3, 6)))
    ]
    rows = mutated(rows, changes, chance.randrange(12) if chance.random() < 0.2 else None)
    return bytes_made(
        header,
        rows,
        chance.random() < 0.7,
        chance.choice(NEWLINES),
        chance.choice(ENCODING_NAMES),
        chance.choice(DAMAGES),
        chance.randrange(2**16),
        chance.choice(PREFIXES) if chance.random() < 0.5 else chance.randbytes(4) or b"\x00",
    )


def bad_value(chance: random.Random) -> str:
    kind = chance.randrange(5)
    if kind == 0:
        return chance.choice(BAD_TEXTS)
    if kind == 1:
        return "".join(chr(chance.randrange(0x110000)) for _ in range(chance.randrange(8)))
    if kind == 2:
        return "".join(chr(chance.randrange(0x20)) for _ in range(chance.randrange(1, 4)))
    if kind == 3:
        return "x" * chance.randrange(300)
    return "y" * chance.choice(LENGTHS)


#: The first bytes of kinds of files that a delivery may turn out to be.
SIGNATURES = st.sampled_from(
    [
        b"",
        b"PK\x03\x04",
        b"PK\x05\x06",
        b"PAR1",
        b"%PDF-1.7\n",
        b"MZ\x90\x00",
        b"\x7fELF",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\x1f\x8b\x08",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"<?xml version='1.0'?>",
        b"<html>",
    ]
)
RAW = st.one_of(
    st.binary(max_size=300),
    st.tuples(SIGNATURES, st.binary(max_size=200), st.sampled_from([b"", b"PAR1"])).map(
        lambda parts: b"".join(parts)
    ),
)


# --- the property -------------------------------------------------------------------------

ALL_COLUMNS: Final = frozenset(FACT_COLUMNS)


def outcome_check(path: Path) -> bool:
    """Read ``path``; assert the property; whether it was accepted."""
    try:
        table, problems, read = read_delivery(path, delivery_date=DAY)
    except InputRefused as refused:  # the one exception a reader may raise
        table, problems, read = None, refused.problems, None
    for problem in problems:
        problem_check(problem, path.name)
    if problems:
        return False
    assert table is not None and read is not None
    assert len(table) == read.rows  # accepted: every row read is in the table
    assert {len(column) for column in vars(table).values()} == {len(table)}
    return True


def problem_check(problem: Problem, name: str) -> None:
    """A clear problem: the file, a place that makes sense, a Dutch sentence."""
    assert isinstance(problem, Problem)
    assert problem.file == name
    assert problem.line is None or problem.line >= 1
    assert problem.column is None or problem.line is not None  # a column is on a line
    assert isinstance(problem.message, str)
    assert len(problem.message) >= 12, problem
    assert problem.message == problem.message.strip()
    assert "Traceback" not in problem.message and "Error" not in problem.message
    assert not re.search(r"\blijkt [;.:,]", problem.message), problem  # "what it looks like"


def fuzz(
    name: str,
    strategy: st.SearchStrategy[Any],
    check: Callable[[Any], bool],
    record_property: Callable[[str, object], None],
) -> tuple[int, int]:
    """Run ``check`` on ``SHARES[name]`` generated inputs; the number checked and accepted.

    Both numbers go into the test report (``record_property``: the JUnit XML of CI).
    """
    counts = [0, 0]

    @seed(zlib.crc32(name.encode()))
    @fuzz_settings(SHARES[name])
    @given(strategy)
    def run(value: Any) -> None:
        accepted = check(value)
        counts[0] += 1
        counts[1] += accepted

    run()
    record_property("inputs_checked", counts[0])
    record_property("inputs_accepted", counts[1])
    assert counts[0] >= SHARES[name], f"{name}: only {counts[0]} inputs checked"
    return counts[0], counts[1]


def writer(path: Path) -> Callable[[bytes], bool]:
    def check(data: bytes) -> bool:
        path.write_bytes(data)
        return outcome_check(path)

    return check


# --- the tests ----------------------------------------------------------------------------

MEMORY: Final = Path("/dev/shm")


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    """Where the inputs are written: a folder in memory where there is one (on this
    machine's disk every write and read of a small file costs a millisecond)."""
    if not MEMORY.is_dir():
        yield tmp_path
        return
    with tempfile.TemporaryDirectory(prefix="regie-fuzz-", dir=MEMORY) as name:
        yield Path(name)


def test_the_shares_add_up_to_the_target() -> None:
    assert sum(SHARES.values()) >= FUZZ_TOTAL


def test_csv_with_bad_values_is_accepted_or_refused_clearly(
    folder: Path, record_property: Callable[[str, object], None]
) -> None:
    # given valid rows with values replaced, repeated rows, proper or broken quoting
    strategy = st.builds(
        csv_text, st.just(list(FACT_COLUMNS)), ROWS_MUTATED, quoted=st.booleans()
    ).map(lambda text: text.encode())
    # when each is read, then accepted or refused clearly (fuzz asserts the count)
    checked, accepted = fuzz(
        "csv_values", strategy, writer(folder / "politie.csv"), record_property
    )
    # and both outcomes occur: the generator is not refused wholesale
    assert 0 < accepted < checked


def test_csv_with_bad_columns_is_accepted_or_refused_clearly(
    folder: Path, record_property: Callable[[str, object], None]
) -> None:
    strategy = st.builds(csv_text, HEADERS, VALID_ROWS, quoted=st.just(True)).map(
        lambda text: text.encode()
    )
    checked, accepted = fuzz(
        "csv_columns", strategy, writer(folder / "gemeente_diemen.csv"), record_property
    )
    assert 0 < accepted < checked


def test_csv_bytes_in_other_encodings_or_damaged_are_accepted_or_refused_clearly(
    folder: Path, record_property: Callable[[str, object], None]
) -> None:
    checked, accepted = fuzz("csv_bytes", CSV_BYTES, writer(folder / "om.csv"), record_property)
    assert 0 < accepted < checked


def test_csv_mutated_many_ways_at_once_is_accepted_or_refused_clearly(
    folder: Path, record_property: Callable[[str, object], None]
) -> None:
    check = writer(folder / "politie.csv")
    checked, accepted = fuzz(
        "csv_seeded", st.integers(0, 2**64), lambda seed: check(seeded_bytes(seed)), record_property
    )
    assert 0 < accepted < checked


def test_random_bytes_under_every_suffix_are_refused_clearly(
    folder: Path, record_property: Callable[[str, object], None]
) -> None:
    paths = [folder / name for name in ("politie.csv", "politie.xlsx", "politie.parquet")]

    def check(case: tuple[int, bytes]) -> bool:
        at, data = case
        paths[at].write_bytes(data)
        return outcome_check(paths[at])

    strategy = st.tuples(st.integers(0, 2), RAW)
    checked, accepted = fuzz("raw_bytes", strategy, check, record_property)
    assert accepted < checked


def xlsx_bytes(header: list[str], rows: list[dict[str, str]], typed: bool) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("levering")
    sheet.append([illegal_removed(name) for name in header])
    for row in rows:
        values: list[object] = [row.get(column, "") for column in header]
        if typed:  # dates as dates and numbers as numbers, as a spreadsheet types them
            values = [cell_typed(value) for value in values]
        sheet.append([illegal_removed(value) for value in values])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cell_typed(value: object) -> object:
    if isinstance(value, str) and value.isdigit() and len(value) < 16:
        return int(value)
    try:
        return date.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return value


def illegal_removed(value: object) -> object:
    """openpyxl refuses control characters in a cell (XML cannot hold them)."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:32_000]
    return value


def damaged(data: bytes, position: int, replacement: bytes) -> bytes:
    """``data`` with one byte replaced by ``replacement`` (0 to 4 bytes). The position is
    drawn independent of the length, which differs between runs (a workbook holds the
    time it was written) and would make Hypothesis's draws differ too."""
    at = position % len(data)
    return data[:at] + replacement + data[at + 1 :]


def xlsx_made(
    header: list[str], rows: list[dict[str, str]], typed: bool, damage: tuple[int, bytes] | None
) -> bytes:
    data = xlsx_bytes(header, rows, typed)
    return data if damage is None else damaged(data, *damage)


#: XLSX deliveries from mutated rows and headers; now and then a damaged file.
XLSX_FILES = st.builds(
    xlsx_made,
    ANY_HEADER,
    ROWS_MUTATED,
    st.booleans(),
    st.one_of(
        st.none(), st.none(), st.none(), st.tuples(st.integers(0, 2**20), st.binary(max_size=4))
    ),
)


def test_xlsx_deliveries_are_accepted_or_refused_clearly(
    folder: Path, record_property: Callable[[str, object], None]
) -> None:
    checked, accepted = fuzz("xlsx", XLSX_FILES, writer(folder / "politie.xlsx"), record_property)
    assert 0 < accepted < checked


def parquet_bytes(header: list[str], rows: list[dict[str, str]], typed: bool) -> bytes:
    columns: dict[str, pa.Array] = {}
    for at, column in enumerate(header):
        values = [row.get(column, "") for row in rows]
        typed_values = [cell_typed(value) for value in values] if typed else values
        try:
            array = pa.array(typed_values)
        except (pa.ArrowException, OverflowError):
            array = pa.array(values)
        columns[f"{column}" if column not in columns else f"{column}_{at}"] = array
    buffer = io.BytesIO()
    pq.write_table(pa.table(columns), buffer)
    return buffer.getvalue()


def parquet_made(
    header: list[str], rows: list[dict[str, str]], typed: bool, damage: tuple[int, bytes] | None
) -> bytes:
    data = parquet_bytes(header, rows, typed)
    return data if damage is None else damaged(data, *damage)


#: PARQUET deliveries from mutated rows and headers; now and then a damaged file.
PARQUET_FILES = st.builds(
    parquet_made,
    ANY_HEADER,
    ROWS_MUTATED,
    st.booleans(),
    st.one_of(
        st.none(), st.none(), st.none(), st.tuples(st.integers(0, 2**20), st.binary(max_size=4))
    ),
)


def test_parquet_deliveries_are_accepted_or_refused_clearly(
    folder: Path, record_property: Callable[[str, object], None]
) -> None:
    checked, accepted = fuzz(
        "parquet", PARQUET_FILES, writer(folder / "politie.parquet"), record_property
    )
    assert 0 < accepted < checked


@pytest.mark.parametrize("encoding", ["csv", "xlsx", "parquet"])
def test_a_valid_delivery_in_every_encoding_is_accepted_whole(
    tmp_path: Path, encoding: str
) -> None:
    # a check of the builders above: unmutated rows are accepted, all of them
    rows = [
        {
            "bron": "politie",
            "bron_id": f"id-{i}",
            "bsn": "300000005",
            "achternaam": "Visser",
            "tussenvoegsel": "",
            "voornamen": "Daan",
            "geboortedatum": "2009-06-12",
            "soort": "aanhouding",
            "datum": "2025-03-10",
            "einddatum": "",
            "categorie": "straatroof",
            "detail": "",
        }
        for i in range(3)
    ]
    header = list(FACT_COLUMNS)
    build = {
        "csv": lambda: csv_text(header, rows, quoted=True).encode(),
        "xlsx": lambda: xlsx_bytes(header, rows, True),
        "parquet": lambda: parquet_bytes(header, rows, False),
    }[encoding]
    path = tmp_path / f"politie.{encoding}"
    path.write_bytes(build())
    table, problems, read = read_delivery(path, delivery_date=DAY)
    assert (problems, len(table), read.rows) == ([], 3, 3)
