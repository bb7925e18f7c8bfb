"""Reading and validating partner deliveries (CSV, XLSX, Parquet) and ``deelnemers.csv``.

A delivery is loaded whole or not at all (spec: "Bad input"): every check runs on
every row and all problems are collected, so that a partner gets one complete report
instead of fixing one line at a time. The code lists come from ``codes.py``.

The tables are columnar (one list per column) so that a million rows stay cheap in
time and memory: code values are interned, dates are parsed once per distinct string
and the codes of a row are checked once per distinct combination. Each encoding is a
row source that turns its rows into text fields as a CSV would hold them; the checks are
the same for all (docs/delivery-encodings.md).
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import re
import sys
import warnings
import xml.parsers.expat
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Final, Protocol

from regie.formats.codes import (
    APPROACHES,
    FACT_COLUMNS,
    FACT_KINDS,
    FORBIDDEN_ATTRIBUTES,
    MEASURES,
    PARTICIPANT_COLUMNS,
    PARTNERS,
    REQUIRED_FACT_COLUMNS,
    REQUIRED_PARTICIPANT_COLUMNS,
    FactKind,
    bsn_is_valid,
)

#: The file with the current participants (CSV only); every other file is a delivery.
PARTICIPANTS_FILE: Final = "deelnemers.csv"
#: The encodings of a delivery, by file suffix (in any case); CSV is the reference.
DELIVERY_SUFFIXES: Final = (".csv", ".xlsx", ".parquet")
#: ``on_progress`` is called after every this many rows (and at the end of each file).
PROGRESS_EVERY: Final = 50_000

#: ".csv-, .xlsx- of .parquet-bestand": the encodings in a Dutch sentence.
_SUFFIXES_TEXT: Final = f"{'-, '.join(DELIVERY_SUFFIXES[:-1])}- of {DELIVERY_SUFFIXES[-1]}-bestand"
_DATE_SHAPE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME_SHAPE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9.]+)?")
#: A BSN typed as a number in this range lost one leading zero (see ``_cell_text``).
_BSN_LOST_ZERO: Final = (10_000_000, 100_000_000)
_MISSING: Final = "verplichte waarde ontbreekt"
_BSN_INVALID: Final = "geen geldig BSN: een BSN heeft 9 cijfers en voldoet aan de elfproef"
_BSN_REQUIRED: Final = (
    "BSN ontbreekt: deze opdracht herkent personen alleen aan hun BSN en weigert hier "
    "rijen zonder BSN (koppelen zonder BSN komt met de identiteitsvaststelling)"
)
_NUL: Final = (
    "bevat een NUL-teken (code 0): dat is geen tekst; sla het bestand opnieuw op als tekst"
)
#: What an XLSX delivery may unpack to, read from the ZIP's directory before openpyxl
#: unpacks anything (docs/hostile-input.md). Realistic workbooks stay far below: a full
#: Excel worksheet of the format's 12 columns (1,048,576 rows) unpacks to about 0.6 GB and
#: a worksheet packs about 15 to 20 times; a zip bomb unpacks to gigabytes at up to 1,000
#: times. Excel itself writes some ten parts.
XLSX_MAX_MEMBERS: Final = 1_000
XLSX_MAX_MEMBER_BYTES: Final = 1024**3  # one part (worksheet, shared strings) unpacked
XLSX_MAX_UNPACKED_BYTES: Final = 2 * 1024**3  # all parts together unpacked
XLSX_MAX_RATIO: Final = 100  # unpacked size / packed size of one part ...
XLSX_RATIO_FROM_BYTES: Final = 1024**2  # ... checked for parts that unpack to more than this
#: The most bytes of an XML part read to find its root element (and any DTD before it).
XLSX_PROLOG_MAX_BYTES: Final = 1024**2
#: Limits on what a Parquet delivery may unpack to, read from its footer first. The format
#: has 12 columns; 5 million rows is more than a CSV of the upload limit (200 MB) holds.
PARQUET_MAX_COLUMNS: Final = 100
PARQUET_MAX_ROWS: Final = 5_000_000
PARQUET_MAX_UNPACKED_BYTES: Final = 2 * 1024**3
#: The longest value a free-text column may hold (the database stores no more).
MAX_LENGTHS: Final = {
    "bron_id": 100,
    "achternaam": 200,
    "tussenvoegsel": 50,
    "voornamen": 200,
    "detail": 200,
}


def _too_long(column: str, length: int) -> str:
    return f"te lang: {length} tekens, ten hoogste {MAX_LENGTHS[column]}"


_FORBIDDEN: Final = (
    "het aanleverformaat aanvaardt nooit gegevens als etniciteit, nationaliteit, religie, "
    "geboorteland, postcode, wijk, adres of familieleden"
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, in Dutch, for the person who delivered it."""

    file: str  # the file's name (Path.name)
    line: int | None  # 1-based physical line (header = 1); None for a file-level problem
    column: str | None  # column name, or None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", regel {self.line}"
        if self.column is not None:
            where += f", kolom {self.column}"
        return f"{where}: {self.message}"


class InputRefused(Exception):
    """The input is refused as a whole; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        files = len({problem.file for problem in problems})
        count = "1 probleem" if len(problems) == 1 else f"{len(problems)} problemen"
        in_files = "1 bestand" if files == 1 else f"{files} bestanden"
        super().__init__(f"invoer geweigerd: {count} in {in_files}")


@dataclass
class FactTable:
    """Validated facts, one list per column; every list has the same length."""

    bron: list[str]
    bron_id: list[str]
    bsn: list[str | None]
    achternaam: list[str]
    tussenvoegsel: list[str | None]
    voornamen: list[str]
    geboortedatum: list[date]
    soort: list[str]
    datum: list[date]
    einddatum: list[date | None]
    categorie: list[str | None]
    detail: list[str | None]
    bestand: list[str]  # name of the file the row came from
    regel: list[int]  # physical line of the row in that file

    def __len__(self) -> int:
        return len(self.bron)

    def extend(self, other: FactTable) -> None:
        """Append the rows of ``other``."""
        for column in fields(self):
            getattr(self, column.name).extend(getattr(other, column.name))

    @classmethod
    def empty(cls) -> FactTable:
        """A table without rows."""
        return cls(*([] for _ in fields(cls)))


@dataclass
class ParticipantTable:
    """Validated current participants, one list per column."""

    bsn: list[str]
    achternaam: list[str]
    tussenvoegsel: list[str | None]
    voornamen: list[str]
    geboortedatum: list[date]
    aanpak: list[str]
    instroomdatum: list[date]
    regel: list[int]  # physical line of the row in deelnemers.csv

    def __len__(self) -> int:
        return len(self.bsn)

    @classmethod
    def empty(cls) -> ParticipantTable:
        """A table without rows."""
        return cls(*([] for _ in fields(cls)))


@dataclass(frozen=True)
class InputFile:
    """What was read: for the report and the audit trail."""

    name: str
    sha256: str  # hex SHA-256 of the file's bytes
    rows: int  # data rows (blank lines and the header not counted)
    partners: tuple[str, ...]  # sorted distinct bron values in the file


@dataclass
class InputFolder:
    """Everything in an input folder, validated."""

    facts: FactTable
    participants: ParticipantTable
    files: list[InputFile]  # every file read, including deelnemers.csv, sorted by name
    delivered_partners: frozenset[str]  # every bron that occurs in at least one delivery


def read_delivery(
    path: Path,
    *,
    delivery_date: date,
    bsn_required: bool = False,
    seen_ids: dict[tuple[str, str], str] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> tuple[FactTable, list[Problem], InputFile]:
    """Read and check one delivery file: CSV, XLSX or Parquet, by its suffix (in any case).

    Every encoding gives the same rows the same problems (docs/delivery-encodings.md).
    ``seen_ids`` maps (bron, bron_id) to "file:line" of its first occurrence; pass the
    same dict for every file of one input to find duplicates across files. A file with
    a good header and no rows is accepted; when its name is a partner code (``politie.csv``,
    ``politie_2026-01.csv``) that partner counts as having delivered. The table holds
    only the rows without problems; use it only when the problem list is empty.
    ``on_progress`` gets the number of rows read so far, every ``PROGRESS_EVERY`` rows and
    once at the end (the last call is the file's number of rows).
    """
    return _delivery_read(
        path,
        delivery_date=delivery_date,
        bsn_required=bsn_required,
        seen_ids={} if seen_ids is None else seen_ids,
        progress=_Progress(on_progress) if on_progress is not None else None,
    )


def read_participants(
    path: Path, *, delivery_date: date
) -> tuple[ParticipantTable, list[Problem], InputFile]:
    """Read and check ``deelnemers.csv``: the persons already in an approach."""
    return _participants_read(path, delivery_date=delivery_date, progress=None)


def read_input_folder(
    folder: Path,
    *,
    delivery_date: date,
    bsn_required: bool,
    on_progress: Callable[[int], None] | None = None,
) -> InputFolder:
    """Read every delivery of ``folder`` and the optional ``deelnemers.csv``.

    A delivery is every ``*.csv``, ``*.xlsx`` and ``*.parquet`` file (suffix in any case)
    but ``deelnemers.csv``; the participants are CSV only (a ``deelnemers.xlsx`` or
    ``deelnemers.parquet`` is refused). Raises ``InputRefused`` with the problems of every
    file when any file has one. ``on_progress`` gets the number of rows read so far (all
    files), every ``PROGRESS_EVERY`` rows and at the end of each file, never the same
    number twice in a row.
    """
    folder_name = folder.name or str(folder)
    if not folder.exists():
        raise InputRefused([Problem(folder_name, None, None, "de map bestaat niet")])
    if not folder.is_dir():
        raise InputRefused([Problem(folder_name, None, None, "dit is geen map")])
    paths = sorted(
        (
            path
            for path in folder.iterdir()
            if path.suffix.lower() in DELIVERY_SUFFIXES and path.is_file()
        ),
        key=lambda path: path.name,
    )
    if not any(path.name.lower() != PARTICIPANTS_FILE for path in paths):
        raise InputRefused(
            [
                Problem(
                    folder_name,
                    None,
                    None,
                    f"de map bevat geen leveringen: geen enkel {_SUFFIXES_TEXT} naast "
                    f"{PARTICIPANTS_FILE}",
                )
            ]
        )

    progress = _Progress(on_progress)
    seen_ids: dict[tuple[str, str], str] = {}
    facts = FactTable.empty()
    participants = ParticipantTable.empty()
    files: list[InputFile] = []
    problems: list[Problem] = []
    delivered: set[str] = set()
    for path in paths:
        if path.name.lower() == PARTICIPANTS_FILE:
            participants, file_problems, input_file = _participants_read(
                path, delivery_date=delivery_date, progress=progress
            )
        elif path.stem.lower() == Path(PARTICIPANTS_FILE).stem:
            file_problems = []
            input_file = _participants_not_csv(path, file_problems)
        else:
            table, file_problems, input_file = _delivery_read(
                path,
                delivery_date=delivery_date,
                bsn_required=bsn_required,
                seen_ids=seen_ids,
                progress=progress,
            )
            if not file_problems and not input_file.partners:
                file_problems.append(
                    Problem(
                        path.name,
                        None,
                        None,
                        "het bestand heeft geen rijen en de naam is geen partnercode, dus is "
                        "niet te zien welke partner niets te leveren had; noem het bestand "
                        "naar de partner (bijvoorbeeld politie.csv)",
                    )
                )
            if not problems and not file_problems:
                facts.extend(table)
            delivered.update(input_file.partners)
        problems.extend(file_problems)
        files.append(input_file)
    if problems:
        raise InputRefused(problems)
    return InputFolder(
        facts=facts,
        participants=participants,
        files=files,
        delivered_partners=frozenset(delivered),
    )


class _Progress:
    """Counts rows over all files of a folder and reports to ``on_progress``."""

    def __init__(self, callback: Callable[[int], None] | None) -> None:
        self.callback = callback
        self.rows = 0  # rows of the files already finished
        self.last_reported = -1

    def rows_until_report(self) -> int:
        """Rows of the current file after which to call ``report`` (-1: never)."""
        if self.callback is None:
            return -1
        return PROGRESS_EVERY - self.rows % PROGRESS_EVERY

    def report(self, file_rows: int) -> int:
        """Report at ``file_rows`` rows into the current file; return the next such point."""
        self._call(self.rows + file_rows)
        return file_rows + PROGRESS_EVERY

    def file_done(self, file_rows: int) -> None:
        """The current file is finished."""
        self.rows += file_rows
        self._call(self.rows)

    def _call(self, total: int) -> None:
        if self.callback is not None and total != self.last_reported:
            self.last_reported = total
            self.callback(total)


class _Stopped(Exception):
    """Reading stopped after the last row returned: the file is damaged there."""


class _LineCount(Protocol):
    """What ``csv.reader`` offers: the line on which the last row returned ends."""

    @property
    def line_num(self) -> int: ...


class _RowSource:
    """A file's header and rows as lists of strings, whatever its encoding.

    The readers check these strings the same way for every encoding, so a value gets the
    same problem and message in CSV, XLSX and Parquet. ``header`` is ``None`` after a
    file-level problem (in ``problems``: unreadable, not this encoding, empty). ``rows``
    is called only after a good header and may add problems of whole columns. It returns
    the rows (an empty list is a blank row, skipped) and a ``_LineCount``, as a csv reader
    is both: a row starts on the line after the one where the previous row ended, which
    is the line its problems name. It raises ``csv.Error`` or ``_Stopped`` when the file
    turns out damaged halfway. (For CSV the row loop iterates the csv reader itself: a
    generator in between would cost the million-row loop a few percent.)

    This base class is the source of a file whose suffix names no encoding.
    """

    line_num = 1  # the header's line, for the sources that count their own lines

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.name = path.name
        self.problems = problems
        self.header: list[str] | None = None
        self.sha256 = ""
        data = _file_bytes(path, problems)
        if data is not None:
            self.sha256 = hashlib.sha256(data).hexdigest()
            self._open(data)

    def _open(self, data: bytes) -> None:
        """Decode ``data`` and set ``header``, or add a file-level problem."""
        suffix = Path(self.name).suffix
        kind = f"'{suffix}'" if suffix else "(de naam heeft geen extensie)"
        message = f"onbekend bestandstype {kind}: een levering is een {_SUFFIXES_TEXT}"
        self.problems.append(Problem(self.name, None, None, message))

    def rows(self) -> tuple[Iterator[list[str]], _LineCount]:
        """The fields of every row after the header, and where the last one ended."""
        return iter(()), self


class _CsvRows(_RowSource):
    """CSV, the reference encoding: UTF-8 (a BOM is dropped), lines are physical lines."""

    reader: Any = None  # the csv reader, positioned after the header

    def _open(self, data: bytes) -> None:
        not_csv = _not_claimed(self.name, data)
        if not_csv is not None:
            self.problems.append(Problem(self.name, None, None, not_csv))
            return
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            self.problems.append(
                Problem(
                    self.name,
                    None,
                    None,
                    f"het bestand is geen UTF-8 (eerste ongeldige byte op regel {line}); "
                    "sla het op als CSV UTF-8",
                )
            )
            return
        text = text.removeprefix("\ufeff")
        if not text.strip():
            self.problems.append(_empty(self.name))
            return
        if "\x00" in text:
            line = text.count("\n", 0, text.index("\x00")) + 1
            self.problems.append(Problem(self.name, line, None, _NUL))
            return
        self.reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(self.reader)
        except csv.Error as error:
            self.problems.append(Problem(self.name, 1, None, f"onleesbare kopregel: {error}"))
            return
        if not header:
            self.problems.append(_header_blank(self.name))
            return
        self.header = [name.strip() for name in header]

    def rows(self) -> tuple[Iterator[list[str]], _LineCount]:
        return self.reader, self.reader  # a quoted value may span lines: the reader counts


class _XlsxRows(_RowSource):
    """An Excel workbook: its one non-empty worksheet; a line is a spreadsheet row number.

    Typed cells become the text a CSV would hold (``_cell_text``). Trailing empty cells
    of the header are no columns; a row's empty cells beyond the header are ignored and
    missing cells at its end are empty.
    """

    def _open(self, data: bytes) -> None:
        import openpyxl  # only an XLSX delivery needs it

        refused = _xlsx_problem(self.name, data)
        if refused is not None:
            self.problems.append(Problem(self.name, None, None, refused))
            return
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns about styles it cannot read
                self.workbook = openpyxl.load_workbook(
                    io.BytesIO(data), read_only=True, data_only=True
                )
            filled: list[tuple[str, list[tuple[object, ...]], Iterator[tuple[object, ...]]]] = []
            for sheet in self.workbook.worksheets:
                sheet.reset_dimensions()  # a writer's stated size may be wrong: read every cell
                rows = sheet.iter_rows(values_only=True)
                before: list[tuple[object, ...]] = []  # the rows read to find the first value
                for values in rows:
                    before.append(values)
                    if any(value is not None and value != "" for value in values):
                        filled.append((sheet.title, before, rows))
                        break
        except Exception:  # zip, XML or workbook errors alike
            self.problems.append(Problem(self.name, None, None, _XLSX_UNREADABLE))
            return
        if not filled:
            self.workbook.close()
            self.problems.append(_empty(self.name))
            return
        if len(filled) > 1:
            self.workbook.close()
            sheets = ", ".join(f"'{title}'" for title, _, _ in filled)
            message = (
                f"de werkmap heeft meer dan één gevuld werkblad ({sheets}); een levering is "
                "één tabel: laat alleen het werkblad met de levering gevuld"
            )
            self.problems.append(Problem(self.name, None, None, message))
            return
        _, before, rest = filled[0]
        self._rows = itertools.chain(before, rest)
        header = [_cell_text(value, is_bsn=False).strip() for value in next(self._rows)]
        while header and not header[-1]:
            header.pop()
        if not header:
            self.problems.append(_header_blank(self.name))
            return
        self.header = header

    def rows(self) -> tuple[Iterator[list[str]], _LineCount]:
        return self._texts(), self

    def _texts(self) -> Iterator[list[str]]:
        assert self.header is not None
        width = len(self.header)
        bsn_at = self.header.index("bsn") if "bsn" in self.header else -1
        try:
            for line, values in enumerate(self._rows, start=2):
                self.line_num = line
                row = [
                    value if type(value) is str else _cell_text(value, is_bsn=at == bsn_at)
                    for at, value in enumerate(values)
                ]
                while len(row) > width and not row[-1]:
                    row.pop()
                if not any(row):
                    yield []
                    continue
                if len(row) < width:
                    row.extend([""] * (width - len(row)))
                yield row
        except Exception as error:  # a damaged worksheet, found halfway
            raise _Stopped(
                "onleesbaar werkblad, lezen gestopt: de werkmap is beschadigd"
            ) from error
        finally:
            self.workbook.close()


def _cell_text(value: object, *, is_bsn: bool) -> str:
    """The text of a typed spreadsheet cell, as a CSV would hold it.

    A date is ``JJJJ-MM-DD``, and so is a date and time at midnight (Excel has no date
    without time); any other time of day stays in the text, so that the date check
    refuses it ("is een tijdstip, geen datum"). A whole number is its digits; a BSN
    typed as a number of 8 digits lost its leading zero and gets it back (a BSN has 9
    digits, so that reading is the only one); a shorter number is left as it is and
    refused as BSN.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if is_bsn and _BSN_LOST_ZERO[0] <= value < _BSN_LOST_ZERO[1]:
            return f"{value:09d}"
        return str(value)
    return str(value)


class _ParquetRows(_RowSource):
    """A Parquet file, read column by column; row n (1-based) is line n + 1, as in CSV."""

    def _open(self, data: bytes) -> None:
        import pyarrow as pa  # only a Parquet delivery needs it
        import pyarrow.parquet as pq

        refused = _parquet_problem(self.name, data)
        if refused is not None:
            self.problems.append(Problem(self.name, None, None, refused))
            return
        try:
            refused = _parquet_size_problem(pq.read_metadata(pa.BufferReader(data)))
            if refused is None:
                self.table = pq.read_table(pa.BufferReader(data))
        except (pa.ArrowException, OSError, ValueError):
            refused = (
                "het bestand is geen geldig Parquet-bestand en kan niet gelezen worden; "
                "sla het opnieuw op als Parquet of als CSV UTF-8"
            )
        if refused is not None:
            self.problems.append(Problem(self.name, None, None, refused))
            return
        header = [str(name).strip() for name in self.table.column_names]
        if not header:
            self.problems.append(_empty(self.name))
            return
        self.header = header

    def rows(self) -> tuple[Iterator[list[str]], _LineCount]:
        assert self.header is not None
        columns: list[list[str]] = []
        for name, column in zip(self.header, self.table.columns, strict=True):
            texts = _arrow_texts(column, is_bsn=name == "bsn")
            if isinstance(texts, list) and any("\x00" in text for text in set(texts)):
                row = next(i for i, text in enumerate(texts) if "\x00" in text)
                self.problems.append(Problem(self.name, row + 2, name, _NUL))
                texts = "NUL"
            if texts == "NUL":
                pass
            elif isinstance(texts, str):
                message = (
                    f"kolom '{name}' heeft type {column.type} ({texts}); het formaat aanvaardt "
                    "tekst (string), datums (date32, date64), tijdstippen om middernacht "
                    "(timestamp zonder tijdzone) en gehele getallen (int)"
                )
                self.problems.append(Problem(self.name, 1, name, message))
            else:
                columns.append(texts)
        if len(columns) != len(self.header):
            return iter(()), self
        return self._numbered(map(list, zip(*columns, strict=True))), self

    def _numbered(self, rows: Iterator[list[str]]) -> Iterator[list[str]]:
        for line, row in enumerate(rows, start=2):
            self.line_num = line
            yield row


def _arrow_texts(column: Any, *, is_bsn: bool) -> list[str] | str:
    """The values of a Parquet column as text, as in CSV; a str says why the type is refused.

    A missing value (null) is empty text. Dates and timestamps become ``JJJJ-MM-DD``
    (a timestamp at another time than midnight ``JJJJ-MM-DD UU:MM:SS``, refused by the date
    check), integers their digits (a BSN of 8 digits gets back its leading zero, see
    ``_cell_text``). Text stored as a dictionary (a pandas category) is text; a column of
    type null (every value missing) is empty.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_null(kind):
        return [""] * len(column)
    if pa.types.is_dictionary(kind):
        if not (pa.types.is_string(kind.value_type) or pa.types.is_large_string(kind.value_type)):
            return "een dictionary van een ander type dan tekst"
        column = column.cast(pa.string())
    elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
        pass
    elif pa.types.is_date(kind):
        column = column.cast(pa.string())
    elif pa.types.is_timestamp(kind):
        if kind.tz is not None:
            return "een tijdstip met tijdzone"
        day = pc.floor_temporal(column, unit="day")
        text = day.cast(pa.date32()).cast(pa.string())
        is_time = pc.not_equal(column, day)
        if pc.any(is_time).as_py():
            seconds = column.cast(pa.timestamp("s"), safe=False)
            text = pc.if_else(is_time, pc.strftime(seconds, "%Y-%m-%d %H:%M:%S"), text)
        column = text
    elif pa.types.is_integer(kind):
        text = column.cast(pa.string())
        if is_bsn:
            lost_zero = pc.and_(
                pc.greater_equal(column, _BSN_LOST_ZERO[0]), pc.less(column, _BSN_LOST_ZERO[1])
            )
            text = pc.if_else(lost_zero, pc.utf8_lpad(text, width=9, padding="0"), text)
        column = text
    else:
        return "geen tekst, datum of geheel getal"
    text = pc.fill_null(column, "").combine_chunks()
    encoded = pc.dictionary_encode(text)
    values: list[str] = encoded.dictionary.to_pylist()
    if len(values) * 2 > len(text):  # mostly distinct, such as bron_id
        texts: list[str] = text.to_pylist()
        return texts
    # A repeated value becomes one shared str, whose hash the checks' caches compute once.
    return list(map(values.__getitem__, encoded.indices.to_pylist()))


def _file_bytes(path: Path, problems: list[Problem]) -> bytes | None:
    """The file's bytes, or ``None`` (and a problem) when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        message = f"kan het bestand niet lezen ({error.strerror})"
        problems.append(Problem(path.name, None, None, message))
        return None


# --- Files that are not what their name says, and files that unpack to too much ---------

_ZIP_SIGNATURES: Final = (b"PK\x03\x04", b"PK\x05\x06")
_PARQUET_MAGIC: Final = b"PAR1"
#: What an encoding is called in "... maar is geen Excel-werkmap".
_CLAIMED: Final = {".csv": "CSV-bestand", ".xlsx": "Excel-werkmap", ".parquet": "Parquet-bestand"}
#: The first bytes of kinds of file that are never a delivery, and what the file then is.
_SIGNATURES: Final = (
    (b"%PDF-", "een PDF-document"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "een ouder Office-bestand (zoals .xls of .doc) of een werkmap met een wachtwoord",
    ),
    (b"\x7fELF", "een programma (Linux)"),
    (b"\xcf\xfa\xed\xfe", "een programma (macOS)"),
    (b"\xce\xfa\xed\xfe", "een programma (macOS)"),
    (b"\xca\xfe\xba\xbe", "een programma (macOS of Java)"),
    (b"\x1f\x8b", "een gzip-archief"),
    (b"7z\xbc\xaf\x27\x1c", "een 7-Zip-archief"),
    (b"Rar!\x1a\x07", "een RAR-archief"),
    (b"\x89PNG\r\n\x1a\n", "een afbeelding (PNG)"),
    (b"\xff\xd8\xff", "een afbeelding (JPEG)"),
    (b"GIF87a", "een afbeelding (GIF)"),
    (b"GIF89a", "een afbeelding (GIF)"),
    (b"SQLite format 3\x00", "een SQLite-database"),
    (b"{\\rtf", "een RTF-document"),
)
_UTF16: Final = "tekst in UTF-16"
_NOT_UTF8: Final = "tekst die geen UTF-8 is, of een binair bestand"
_BINARY: Final = "een binair bestand (geen tekst)"
_XLSX_UNREADABLE: Final = (
    "het bestand is geen geldige Excel-werkmap (.xlsx) en kan niet gelezen worden; "
    "sla het op als Excel-werkmap of als CSV UTF-8"
)
_NOT_UNPACKED: Final = (
    "Regie pakt zo'n bestand niet uit, want het kan de server vastzetten (een zipbom); "
    "sla de levering opnieuw op als Excel-werkmap of als CSV UTF-8"
)


def _not_claimed(name: str, data: bytes) -> str | None:
    """Why a file is not the encoding its suffix claims, or ``None`` when it may be.

    Says what the name claims and what the bytes look like; when they look like another
    encoding of a delivery, says which name would fit.
    """
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        if data.startswith(_ZIP_SIGNATURES):
            names = _zip_names(data)
            if names is None or _is_workbook(names):
                return None  # a damaged or oversized ZIP: the size checks say which
            looks, fits = _zip_kind(names)
        else:
            looks, fits = _file_kind(data)
    elif suffix == ".parquet":
        if data.startswith(_PARQUET_MAGIC):
            return None
        looks, fits = _file_kind(data)
    else:  # CSV: text, unless the first bytes say it is some binary file
        looks, fits = _file_kind(data)
        if fits == ".csv" or looks in (_UTF16, _NOT_UTF8):
            return None  # the CSV reader's own "geen UTF-8" says what to do
    message = (
        f"de naam eindigt op {Path(name).suffix}, maar het bestand is geen {_CLAIMED[suffix]}: "
        f"het lijkt {looks}"
    )
    if fits is not None and fits != suffix:
        return f"{message}. Klopt dat, geef het dan de naam {Path(name).stem}{fits}"
    return f"{message}; een levering is een {_SUFFIXES_TEXT}"


def _file_kind(data: bytes) -> tuple[str, str | None]:
    """What ``data`` looks like, in Dutch ("een PDF-document"), and the suffix of the
    delivery encoding it would be (or ``None``)."""
    if data.startswith(_ZIP_SIGNATURES):
        names = _zip_names(data)
        return _zip_kind(names) if names is not None else ("een ZIP-archief", None)
    if data.startswith(_PARQUET_MAGIC):
        return "een Parquet-bestand", ".parquet"
    if data.startswith(b"MZ") and b"\x00" in data[:64]:
        return "een programma (Windows)", None
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind, None
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _UTF16, None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:  # not just a character cut off at 8192 bytes
            return (_BINARY if b"\x00" in head else _NOT_UTF8), None
        text = head[: error.start].decode("utf-8")
    start = text.lstrip("\ufeff \t\r\n")[:20].lower()
    if start.startswith("<?xml"):
        return "een XML-bestand", None
    if start.startswith(("<!doctype html", "<html")):
        return "een webpagina (HTML)", None
    return "tekst (zoals CSV)", ".csv"


def _zip_kind(names: set[str]) -> tuple[str, str | None]:
    """What a ZIP archive with these member names is."""
    if _is_workbook(names):
        return "een Excel-werkmap", ".xlsx"
    if "word/document.xml" in names:
        return "een Word-document (.docx)", None
    if "ppt/presentation.xml" in names:
        return "een PowerPoint-presentatie (.pptx)", None
    if "mimetype" in names and "content.xml" in names:
        return "een OpenDocument-bestand (zoals .ods of .odt)", None
    return "een ZIP-archief", None


def _is_workbook(names: set[str]) -> bool:
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


def _zip_names(data: bytes) -> set[str] | None:
    """The member names of a ZIP archive; ``None`` when it is damaged or its directory is
    too large to read safely."""
    announced = _zip_directory_size(data)
    if announced is None or _zip_directory_too_large(*announced):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return None


def _zip_directory_size(data: bytes) -> tuple[int, int] | None:
    """The number of members and the bytes of the directory that the ZIP's end record
    announces, read before ``zipfile`` reads the directory itself (it would make an
    object of every member); ``None`` when there is no end record."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 0xFFFF))
    if end < 0 or len(data) < end + 22:
        return None
    members = int.from_bytes(data[end + 10 : end + 12], "little")
    size = int.from_bytes(data[end + 12 : end + 16], "little")
    if (members == 0xFFFF or size == 0xFFFFFFFF) and data[end - 20 : end - 16] == b"PK\x06\x07":
        at = int.from_bytes(data[end - 12 : end - 4], "little")  # ZIP64 end record
        record = data[at : at + 56]
        if record[:4] == b"PK\x06\x06" and len(record) == 56:
            members = int.from_bytes(record[32:40], "little")
            size = int.from_bytes(record[40:48], "little")
    return members, size


def _zip_directory_too_large(members: int, size: int) -> bool:
    # A member's directory entry is 46 bytes and its name; a workbook's names are short.
    return members > XLSX_MAX_MEMBERS or size > XLSX_MAX_MEMBERS * 1024


def _xlsx_problem(name: str, data: bytes) -> str | None:
    """Why ``data`` is refused as XLSX before openpyxl unpacks anything, or ``None``.

    Reads only the ZIP's directory (the sizes it announces bound what ``zipfile`` will
    unpack: it stops at the announced size and then fails the checksum) and the start of
    each part, for a DTD (docs/hostile-input.md).
    """
    not_claimed = _not_claimed(name, data)
    if not_claimed is not None:
        return not_claimed
    announced = _zip_directory_size(data)
    if announced is None:
        return _XLSX_UNREADABLE
    count, size = announced
    if count > XLSX_MAX_MEMBERS:
        return _too_many_members(count)
    if _zip_directory_too_large(count, size):
        return (
            f"de inhoudsopgave van de werkmap is {_size_text(size)}; de grens is "
            f"{_size_text(XLSX_MAX_MEMBERS * 1024)}. {_NOT_UNPACKED}"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            too_much = _unpacked_problem(members)
            if too_much is not None:
                return too_much
            for member in members:
                prolog = _xml_prolog_problem(archive, member)
                if prolog is not None:
                    return prolog
    except Exception:  # zipfile, zlib or an encrypted part: damaged alike
        return _XLSX_UNREADABLE
    return None


def _unpacked_problem(members: list[zipfile.ZipInfo]) -> str | None:
    """Whether the parts of a workbook unpack to too much, by the ZIP's directory."""
    if len(members) > XLSX_MAX_MEMBERS:
        return _too_many_members(len(members))
    for member in members:
        if member.file_size > XLSX_MAX_MEMBER_BYTES:
            return (
                f"onderdeel '{_shown(member.filename)}' pakt uit tot "
                f"{_size_text(member.file_size)}; de grens is "
                f"{_size_text(XLSX_MAX_MEMBER_BYTES)} per onderdeel. {_NOT_UNPACKED}"
            )
    total = sum(member.file_size for member in members)
    if total > XLSX_MAX_UNPACKED_BYTES:
        return (
            f"de werkmap pakt uit tot {_size_text(total)}; de grens is "
            f"{_size_text(XLSX_MAX_UNPACKED_BYTES)}. {_NOT_UNPACKED}"
        )
    for member in members:
        unpacked, packed = member.file_size, max(member.compress_size, 1)
        if unpacked > XLSX_RATIO_FROM_BYTES and unpacked > XLSX_MAX_RATIO * packed:
            return (
                f"onderdeel '{_shown(member.filename)}' pakt uit van {_size_text(packed)} tot "
                f"{_size_text(unpacked)}: {_count_text(unpacked // packed)} keer zo groot; de "
                f"grens is {XLSX_MAX_RATIO} keer, want zo sterk pakt een echte werkmap niet in. "
                f"{_NOT_UNPACKED}"
            )
    return None


def _too_many_members(count: int) -> str:
    return (
        f"de werkmap bestaat uit {_count_text(count)} onderdelen; de grens is "
        f"{_count_text(XLSX_MAX_MEMBERS)}. {_NOT_UNPACKED}"
    )


class _PrologEnd(Exception):
    """The XML part's root element starts: no DTD came before it."""


class _Doctype(Exception):
    """The XML part declares a DTD."""


def _xml_prolog_problem(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> str | None:
    """Whether a part of a workbook declares a DTD (``<!DOCTYPE``) before its root element.

    Office Open XML never has one; a DTD is how an XML file defines entities that expand
    to gigabytes ("billion laughs") or point at other files (external entities). Python's
    expat refuses both too, but as a parse error deep in openpyxl; here the file gets its
    own message. Only the prolog is read (at most ``XLSX_PROLOG_MAX_BYTES``); a part that
    is not XML (an image) ends the check at its first byte.
    """
    parser = xml.parsers.expat.ParserCreate()

    def doctype(*_: object) -> None:
        raise _Doctype

    def root(*_: object) -> None:
        raise _PrologEnd

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = root
    read = 0
    with archive.open(member) as part:
        while chunk := part.read(64 * 1024):
            try:
                parser.Parse(chunk, False)
            except _Doctype:
                return (
                    f"onderdeel '{_shown(member.filename)}' bevat een DTD (<!DOCTYPE>); dat "
                    "heeft een Excel-werkmap nooit, en het kan de server vastzetten of andere "
                    "bestanden laten lezen. Sla de levering opnieuw op als Excel-werkmap of "
                    "als CSV UTF-8"
                )
            except (_PrologEnd, xml.parsers.expat.ExpatError):
                return None
            read += len(chunk)
            if read >= XLSX_PROLOG_MAX_BYTES:
                return (
                    f"onderdeel '{_shown(member.filename)}' heeft na "
                    f"{_size_text(XLSX_PROLOG_MAX_BYTES)} nog geen inhoud; zo ziet een "
                    "Excel-werkmap er niet uit. Sla de levering opnieuw op als Excel-werkmap of "
                    "als CSV UTF-8"
                )
    return None


def _parquet_problem(name: str, data: bytes) -> str | None:
    """Why ``data`` is refused as Parquet before pyarrow reads its columns, or ``None``."""
    not_claimed = _not_claimed(name, data)
    if not_claimed is not None:
        return not_claimed
    if data.endswith(b"PARE"):
        return (
            "het Parquet-bestand is versleuteld; Regie leest alleen onversleutelde "
            "Parquet-bestanden"
        )
    if len(data) < 12 or not data.endswith(_PARQUET_MAGIC):
        return (
            "het Parquet-bestand is niet compleet: het einde ontbreekt (afgebroken bij het "
            "opslaan of versturen?); sla het opnieuw op als Parquet of als CSV UTF-8"
        )
    return None


def _parquet_size_problem(metadata: Any) -> str | None:
    """Whether a Parquet file holds too much, by its footer (``FileMetaData``)."""
    if metadata.num_columns > PARQUET_MAX_COLUMNS:
        return (
            f"het Parquet-bestand heeft {_count_text(metadata.num_columns)} kolommen; de grens "
            f"is {PARQUET_MAX_COLUMNS} (het formaat kent er {len(FACT_COLUMNS)})"
        )
    if metadata.num_rows > PARQUET_MAX_ROWS:
        return (
            f"het Parquet-bestand heeft {_count_text(metadata.num_rows)} rijen; de grens is "
            f"{_count_text(PARQUET_MAX_ROWS)}: splits de levering in kleinere bestanden"
        )
    unpacked = sum(
        metadata.row_group(group).total_byte_size for group in range(metadata.num_row_groups)
    )
    if unpacked > PARQUET_MAX_UNPACKED_BYTES:
        return (
            f"het Parquet-bestand pakt uit tot {_size_text(unpacked)}; de grens is "
            f"{_size_text(PARQUET_MAX_UNPACKED_BYTES)}: splits de levering in kleinere bestanden"
        )
    return None


def _size_text(size: int) -> str:
    """A number of bytes for a reader: "2,1 GB", "512 kB" (1 kB = 1,024 bytes, as the upload
    limit counts)."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("kB", 1024)):
        if size >= factor:
            value = f"{size / factor:.1f}".removesuffix(".0")
            return f"{value.replace('.', ',')} {unit}"
    return f"{size} bytes"


def _count_text(count: int) -> str:
    """A whole number with points between thousands, as Dutch writes it: 1.000.000."""
    return f"{count:,}".replace(",", ".")


def _shown(text: str) -> str:
    """A name from inside a file, safe to show: printable, at most 100 characters."""
    shown = "".join(c if c.isprintable() else "?" for c in text[:100])
    return shown + "…" if len(text) > 100 else shown


def _participants_not_csv(path: Path, problems: list[Problem]) -> InputFile:
    """``deelnemers.xlsx`` or ``deelnemers.parquet``: refused, the participants are CSV only."""
    data = _file_bytes(path, problems)
    message = (
        f"de deelnemers worden alleen als CSV gelezen: lever ze als {PARTICIPANTS_FILE} (CSV UTF-8)"
    )
    problems.append(Problem(path.name, None, None, message))
    sha256 = "" if data is None else hashlib.sha256(data).hexdigest()
    return InputFile(path.name, sha256, 0, ())


def _rows_open(path: Path, problems: list[Problem]) -> _RowSource:
    """The row source for ``path``, chosen by its suffix (in any case)."""
    encoding = {".csv": _CsvRows, ".xlsx": _XlsxRows, ".parquet": _ParquetRows}
    return encoding.get(path.suffix.lower(), _RowSource)(path, problems)


def _stopped_message(error: csv.Error | _Stopped) -> str:
    """Why reading stopped halfway through a file."""
    if isinstance(error, csv.Error):
        return f"onleesbare CSV, lezen gestopt: {error}"
    return str(error)


def _empty(name: str) -> Problem:
    return Problem(name, None, None, "het bestand is leeg: er is geen kopregel")


def _header_blank(name: str) -> Problem:
    return Problem(name, 1, None, "de kopregel ontbreekt: regel 1 is leeg")


def _header_check(
    name: str,
    header: list[str],
    *,
    columns: tuple[str, ...],
    required: frozenset[str],
    problems: list[Problem],
) -> dict[str, int] | None:
    """Map column name to index; ``None`` (and a problem per bad column) if the header is bad."""
    index: dict[str, int] = {}
    before = len(problems)
    for position, column in enumerate(header):
        if not column:
            problems.append(
                Problem(name, 1, None, f"kolom {position + 1} van de kopregel heeft geen naam")
            )
        elif column in index:
            problems.append(
                Problem(name, 1, column, f"kolom '{column}' staat meer dan eens in de kopregel")
            )
        elif column in columns:
            index[column] = position
        elif any(word in column.lower() for word in FORBIDDEN_ATTRIBUTES):
            problems.append(Problem(name, 1, column, f"kolom '{column}' geweigerd: {_FORBIDDEN}"))
        elif column.lower() in columns:
            problems.append(
                Problem(
                    name,
                    1,
                    column,
                    f"onbekende kolom '{column}': kolomnamen zijn in kleine letters "
                    f"('{column.lower()}')",
                )
            )
        else:
            problems.append(
                Problem(
                    name,
                    1,
                    column,
                    f"onbekende kolom '{column}'; het formaat kent alleen: {', '.join(columns)}",
                )
            )
    for column in columns:
        if column in required and column not in index:
            problems.append(Problem(name, 1, column, f"verplichte kolom '{column}' ontbreekt"))
    return index if len(problems) == before else None


def _date_parse(text: str) -> date | None:
    """An ISO date of exactly the shape JJJJ-MM-DD, or ``None``.

    ``date.fromisoformat`` alone would also take ``20240105`` and ``2024-W01-1``.
    """
    if not _DATE_SHAPE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


#: The outcome of checking one combination of raw (bron, soort, categorie, detail):
#: the stripped and interned values (empty categorie/detail as None), whether the kind
#: is a period (None for an unknown kind) and the (column, message) problems.
_Codes = tuple[str, str, str | None, str | None, bool | None, tuple[tuple[str, str], ...]]


class _ValueCheck:
    """The slow path of the value checks, with the caches the row loops read directly.

    Each cache maps a raw field value (as in the file, not stripped) to its parsed
    value and holds only values without a problem, so a hit needs no further check.
    A miss lands here: the value is stripped, checked, reported and, when good, cached.
    """

    def __init__(self, name: str, delivery_date: date, problems: list[Problem]) -> None:
        self.name = name
        self.delivery_date = delivery_date
        self.problems = problems
        self.past_dates: dict[str, date] = {}  # valid and not after the delivery date
        self.dates: dict[str, date] = {}  # valid
        self.bsns: dict[str, str] = {}  # passes the 11-test
        self.codes: dict[tuple[str, str, str, str], _Codes] = {}

    def past_date(self, raw: str, column: str, line: int) -> date | None:
        """A required date that may not lie after the delivery date."""
        text = raw.strip()
        if not text:
            self.problems.append(Problem(self.name, line, column, _MISSING))
            return None
        parsed = _date_parse(text)
        if parsed is None:
            self.problems.append(Problem(self.name, line, column, _date_invalid(text)))
            return None
        if parsed > self.delivery_date:
            message = f"'{text}' ligt na de leverdatum {self.delivery_date.isoformat()}"
            self.problems.append(Problem(self.name, line, column, message))
            return None
        self.past_dates[raw] = parsed
        return parsed

    def any_date(self, raw: str, column: str, line: int) -> date | None:
        """An optional date; ``None`` when empty or not a date (then reported)."""
        text = raw.strip()
        if not text:
            return None
        parsed = _date_parse(text)
        if parsed is None:
            self.problems.append(Problem(self.name, line, column, _date_invalid(text)))
            return None
        self.dates[raw] = parsed
        return parsed

    def bsn(self, raw: str, line: int, *, is_required: bool, missing: str) -> str | None:
        """A BSN that passes the 11-test, or ``None`` when empty or wrong (then reported)."""
        text = raw.strip()
        if not text:
            if is_required:
                self.problems.append(Problem(self.name, line, "bsn", missing))
            return None
        if not bsn_is_valid(text):
            self.problems.append(Problem(self.name, line, "bsn", _BSN_INVALID))
            return None
        self.bsns[raw] = text
        return text

    def fact_codes(self, key: tuple[str, str, str, str]) -> _Codes:
        """Check and cache one combination of raw bron, soort, categorie and detail."""
        bron, soort, categorie, detail = (value.strip() for value in key)
        kind = FACT_KINDS.get(soort)
        checked = self.codes[key] = (
            sys.intern(bron),
            sys.intern(soort),
            sys.intern(categorie) if categorie else None,
            sys.intern(detail) if detail else None,
            None if kind is None else kind.is_period,
            _codes_check(bron, soort, categorie, detail),
        )
        return checked


def _date_invalid(text: str) -> str:
    if _TIME_SHAPE.fullmatch(text):
        return f"'{text}' is een tijdstip, geen datum (JJJJ-MM-DD)"
    return f"'{text}' is geen geldige datum (JJJJ-MM-DD)"


def _row_problems_sort(problems: list[Problem], start: int, columns: tuple[str, ...]) -> None:
    """Put the problems of one row (from ``start``) in the order of the format's columns."""
    if len(problems) - start > 1:
        problems[start:] = sorted(
            problems[start:],
            key=lambda problem: -1 if problem.column is None else columns.index(problem.column),
        )


def _codes_check(bron: str, soort: str, categorie: str, detail: str) -> tuple[tuple[str, str], ...]:
    """The (column, message) problems of one combination of codes; empty when all is well."""
    found: list[tuple[str, str]] = []
    if not bron:
        found.append(("bron", _MISSING))
    elif bron not in PARTNERS:
        found.append(("bron", f"onbekende partnercode '{bron}'; toegestaan: {', '.join(PARTNERS)}"))
    if not soort:
        found.append(("soort", _MISSING))
        return tuple(found)
    kind = FACT_KINDS.get(soort)
    if kind is None:
        allowed = ", ".join(FACT_KINDS)
        found.append(("soort", f"onbekende soort '{soort}'; toegestaan: {allowed}"))
        return tuple(found)
    if bron in PARTNERS and bron not in kind.partners:
        found.append(
            (
                "soort",
                f"'{bron}' mag soort '{soort}' niet leveren: een partner mag alleen leveren wat "
                f"zijn convenant toestaat (soort '{soort}' mag komen van: "
                f"{', '.join(kind.partners)})",
            )
        )
    found.extend(_code_check(kind, "categorie", categorie, kind.categories))
    details = kind.details
    # A measure's detail must belong to its categorie (justitieel or civiel).
    if (
        soort == "maatregel"
        and categorie in MEASURES
        and isinstance(details, tuple)
        and detail in details
        and detail not in MEASURES[categorie]
    ):
        found.append(
            (
                "detail",
                f"maatregel '{detail}' hoort niet bij categorie '{categorie}'; "
                f"toegestaan bij '{categorie}': {', '.join(MEASURES[categorie])}",
            )
        )
        return tuple(found)
    found.extend(_code_check(kind, "detail", detail, details))
    return tuple(found)


def _code_check(
    kind: FactKind, column: str, value: str, allowed: tuple[str, ...] | str | None
) -> list[tuple[str, str]]:
    """Check ``value`` of ``column`` (categorie or detail) against what ``kind`` allows."""
    if allowed is None:
        if value:
            return [
                (
                    column,
                    f"soort '{kind.name}' heeft geen {column}: laat deze kolom leeg "
                    f"(gevonden: '{value}')",
                )
            ]
    elif isinstance(allowed, tuple):
        if not value:
            return [
                (
                    column,
                    f"soort '{kind.name}' vraagt een {column}; toegestaan: {', '.join(allowed)}",
                )
            ]
        if value not in allowed:
            return [
                (
                    column,
                    f"onbekende code '{value}' voor soort '{kind.name}'; toegestaan: "
                    f"{', '.join(allowed)}",
                )
            ]
    elif not value:  # FactKind.FREE: a free value, required
        return [(column, f"soort '{kind.name}' vraagt een {column} (vrije waarde, zoals een id)")]
    elif len(value) > MAX_LENGTHS.get(column, len(value)):
        return [(column, _too_long(column, len(value)))]
    return []


def _partner_of_name(name: str) -> str | None:
    """The partner code a file is named after (``politie.csv``, ``politie_2026-01.csv``)."""
    stem = name.rsplit(".", 1)[0]
    matches = [
        code for code in PARTNERS if stem == code or stem.startswith((f"{code}_", f"{code}-"))
    ]
    return max(matches, key=len) if matches else None


def _delivery_read(
    path: Path,
    *,
    delivery_date: date,
    bsn_required: bool,
    seen_ids: dict[tuple[str, str], str],
    progress: _Progress | None,
) -> tuple[FactTable, list[Problem], InputFile]:
    problems: list[Problem] = []
    name = sys.intern(path.name)
    table = FactTable.empty()
    source = _rows_open(path, problems)
    check = _ValueCheck(name, delivery_date, problems)
    rows = 0
    index = None
    if source.header is not None:
        index = _header_check(
            name,
            source.header,
            columns=FACT_COLUMNS,
            required=REQUIRED_FACT_COLUMNS,
            problems=problems,
        )
    if index is not None:
        has_bsn = "bsn" in index
        if bsn_required and not has_bsn:
            problems.append(Problem(name, 1, "bsn", f"kolom bsn ontbreekt; {_BSN_REQUIRED}"))
        is_bsn_required = bsn_required and has_bsn
        width = len(index)
        absent = width  # every row gets one extra empty field: the value of absent columns
        i_bron = index["bron"]
        i_bron_id = index["bron_id"]
        i_bsn = index.get("bsn", absent)
        i_achternaam = index["achternaam"]
        i_tussenvoegsel = index.get("tussenvoegsel", absent)
        i_voornamen = index["voornamen"]
        i_geboortedatum = index["geboortedatum"]
        i_soort = index["soort"]
        i_datum = index["datum"]
        i_einddatum = index.get("einddatum", absent)
        i_categorie = index.get("categorie", absent)
        i_detail = index.get("detail", absent)

        # The loop runs once per row: everything it touches is a local name.
        add = problems.append
        max_id, max_name = MAX_LENGTHS["bron_id"], MAX_LENGTHS["achternaam"]
        max_prefix, max_given = MAX_LENGTHS["tussenvoegsel"], MAX_LENGTHS["voornamen"]
        intern = sys.intern
        past_dates = check.past_dates
        dates = check.dates
        bsns = check.bsns
        codes = check.codes
        next_report = progress.rows_until_report() if progress is not None else -1
        bron_add, bron_id_add, bsn_add = table.bron.append, table.bron_id.append, table.bsn.append
        achternaam_add, voornamen_add = table.achternaam.append, table.voornamen.append
        tussenvoegsel_add = table.tussenvoegsel.append
        geboortedatum_add, soort_add = table.geboortedatum.append, table.soort.append
        datum_add, einddatum_add = table.datum.append, table.einddatum.append
        categorie_add, detail_add = table.categorie.append, table.detail.append
        bestand_add, regel_add = table.bestand.append, table.regel.append

        rows_read, lines = source.rows()
        last = lines.line_num
        try:
            for row in rows_read:
                line = last + 1
                last = lines.line_num
                if not row:  # a blank line
                    continue
                rows += 1
                if rows == next_report and progress is not None:
                    next_report = progress.report(rows)
                if len(row) != width:
                    message = f"de regel heeft {len(row)} velden, de kopregel {width}"
                    add(Problem(name, line, None, message))
                    continue
                before = len(problems)
                row.append("")

                key = (row[i_bron], row[i_soort], row[i_categorie], row[i_detail])
                codes_checked = codes.get(key) or check.fact_codes(key)
                bron, soort, categorie, detail, is_period, code_problems = codes_checked
                for column, message in code_problems:
                    add(Problem(name, line, column, message))

                bron_id = row[i_bron_id].strip()
                if not bron_id:
                    add(Problem(name, line, "bron_id", _MISSING))
                elif len(bron_id) > max_id:
                    add(Problem(name, line, "bron_id", _too_long("bron_id", len(bron_id))))
                elif bron:
                    id_key = (bron, bron_id)
                    where = f"{name}:{line}"
                    first = seen_ids.setdefault(id_key, where)
                    if first is not where:  # not inserted just now: seen before
                        message = (
                            f"bron_id '{bron_id}' komt al voor bij bron '{bron}' "
                            f"(eerste keer: {first})"
                        )
                        add(Problem(name, line, "bron_id", message))

                raw = row[i_bsn]
                if raw:
                    bsn = bsns.get(raw) or check.bsn(
                        raw, line, is_required=is_bsn_required, missing=_BSN_REQUIRED
                    )
                else:
                    bsn = None
                    if is_bsn_required:
                        add(Problem(name, line, "bsn", _BSN_REQUIRED))

                achternaam = row[i_achternaam].strip()
                if not achternaam:
                    add(Problem(name, line, "achternaam", _MISSING))
                elif len(achternaam) > max_name:
                    add(Problem(name, line, "achternaam", _too_long("achternaam", len(achternaam))))
                voornamen = row[i_voornamen].strip()
                if not voornamen:
                    add(Problem(name, line, "voornamen", _MISSING))
                elif len(voornamen) > max_given:
                    add(Problem(name, line, "voornamen", _too_long("voornamen", len(voornamen))))
                if len(row[i_tussenvoegsel]) > max_prefix:
                    length = len(row[i_tussenvoegsel].strip())
                    if length > max_prefix:
                        add(
                            Problem(name, line, "tussenvoegsel", _too_long("tussenvoegsel", length))
                        )

                raw = row[i_geboortedatum]
                geboortedatum = past_dates.get(raw) or check.past_date(raw, "geboortedatum", line)
                raw = row[i_datum]
                datum = past_dates.get(raw) or check.past_date(raw, "datum", line)
                raw = row[i_einddatum]
                einddatum = None
                if raw:
                    einddatum = dates.get(raw) or check.any_date(raw, "einddatum", line)
                    if einddatum is not None and is_period is False:
                        message = (
                            f"soort '{soort}' is geen periode en heeft geen einddatum: "
                            "laat deze kolom leeg"
                        )
                        add(Problem(name, line, "einddatum", message))
                    elif einddatum is not None and datum is not None and einddatum < datum:
                        message = (
                            f"einddatum '{einddatum.isoformat()}' ligt voor datum "
                            f"'{datum.isoformat()}'"
                        )
                        add(Problem(name, line, "einddatum", message))

                if len(problems) != before:
                    _row_problems_sort(problems, before, FACT_COLUMNS)
                elif geboortedatum is not None and datum is not None:
                    tussenvoegsel = row[i_tussenvoegsel].strip()
                    bron_add(bron)
                    bron_id_add(bron_id)
                    bsn_add(bsn)
                    achternaam_add(achternaam)
                    tussenvoegsel_add(intern(tussenvoegsel) if tussenvoegsel else None)
                    voornamen_add(voornamen)
                    geboortedatum_add(geboortedatum)
                    soort_add(soort)
                    datum_add(datum)
                    einddatum_add(einddatum)
                    categorie_add(categorie)
                    detail_add(detail)
                    bestand_add(name)
                    regel_add(line)
        except (csv.Error, _Stopped) as error:
            add(Problem(name, last + 1, None, _stopped_message(error)))
    if progress is not None:
        progress.file_done(rows)
    partners = {checked[0] for checked in check.codes.values() if checked[0]}
    if rows == 0 and not problems:
        named = _partner_of_name(name)
        if named is not None:
            partners.add(named)
    return table, problems, InputFile(name, source.sha256, rows, tuple(sorted(partners)))


def _participants_read(
    path: Path, *, delivery_date: date, progress: _Progress | None
) -> tuple[ParticipantTable, list[Problem], InputFile]:
    problems: list[Problem] = []
    name = path.name
    table = ParticipantTable.empty()
    source = _CsvRows(path, problems)
    check = _ValueCheck(name, delivery_date, problems)
    rows = 0
    index = None
    if source.header is not None:
        index = _header_check(
            name,
            source.header,
            columns=PARTICIPANT_COLUMNS,
            required=REQUIRED_PARTICIPANT_COLUMNS,
            problems=problems,
        )
    if index is not None:
        width = len(index)
        i_tussenvoegsel = index.get("tussenvoegsel", width)
        first_line: dict[tuple[str, str], int] = {}
        next_report = progress.rows_until_report() if progress is not None else -1
        add = problems.append
        rows_read, lines = source.rows()
        last = lines.line_num
        try:
            for row in rows_read:
                line = last + 1
                last = lines.line_num
                if not row:
                    continue
                rows += 1
                if rows == next_report and progress is not None:
                    next_report = progress.report(rows)
                if len(row) != width:
                    message = f"de regel heeft {len(row)} velden, de kopregel {width}"
                    add(Problem(name, line, None, message))
                    continue
                before = len(problems)
                row.append("")
                bsn = check.bsn(row[index["bsn"]], line, is_required=True, missing=_MISSING)
                achternaam = row[index["achternaam"]].strip()
                if not achternaam:
                    add(Problem(name, line, "achternaam", _MISSING))
                voornamen = row[index["voornamen"]].strip()
                if not voornamen:
                    add(Problem(name, line, "voornamen", _MISSING))
                geboortedatum = check.past_date(row[index["geboortedatum"]], "geboortedatum", line)
                aanpak = row[index["aanpak"]].strip()
                if not aanpak:
                    add(Problem(name, line, "aanpak", _MISSING))
                elif aanpak not in APPROACHES:
                    message = f"onbekende aanpak '{aanpak}'; toegestaan: {', '.join(APPROACHES)}"
                    add(Problem(name, line, "aanpak", message))
                instroomdatum = check.past_date(row[index["instroomdatum"]], "instroomdatum", line)
                if bsn is not None and aanpak:
                    earlier = first_line.setdefault((bsn, aanpak), line)
                    if earlier != line:
                        message = f"deze deelnemer staat al in aanpak '{aanpak}' op regel {earlier}"
                        add(Problem(name, line, "bsn", message))
                if len(problems) != before:
                    _row_problems_sort(problems, before, PARTICIPANT_COLUMNS)
                elif bsn is not None and geboortedatum is not None and instroomdatum is not None:
                    tussenvoegsel = row[i_tussenvoegsel].strip()
                    table.bsn.append(bsn)
                    table.achternaam.append(achternaam)
                    table.tussenvoegsel.append(sys.intern(tussenvoegsel) if tussenvoegsel else None)
                    table.voornamen.append(voornamen)
                    table.geboortedatum.append(geboortedatum)
                    table.aanpak.append(sys.intern(aanpak))
                    table.instroomdatum.append(instroomdatum)
                    table.regel.append(line)
        except (csv.Error, _Stopped) as error:
            add(Problem(name, last + 1, None, _stopped_message(error)))
    if progress is not None:
        progress.file_done(rows)
    return table, problems, InputFile(name, source.sha256, rows, ())
