"""Hostile files: zip bombs, XML with a DTD and files that are not what their name says.

The reader refuses them before openpyxl or pyarrow unpacks anything (docs/hostile-input.md),
and every way in gets the same refusal: the browser upload, the API and ``regie deliver``
store no fact and record the refused attempt with its problem.
"""

from __future__ import annotations

import csv
import html
import io
import re
import struct
import warnings
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Final
from xml.etree.ElementTree import ParseError

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.accounts.testing import two_factor_login
from regie.cli import app
from regie.deliveries.constants import Channel, DeliveryStatus
from regie.deliveries.models import Delivery, Fact
from regie.deliveries.services import DeliveryRefused, delivery_receive
from regie.deliveries.tokens import api_token_issue
from regie.formats.codes import FACT_COLUMNS
from regie.formats.delivery import (
    PARQUET_MAX_COLUMNS,
    PARQUET_MAX_ROWS,
    XLSX_MAX_MEMBERS,
    Problem,
    read_delivery,
)

DAY = date(2026, 2, 1)
ROW = [
    "politie",
    "p-1",
    "300000005",
    "Visser",
    "",
    "Daan",
    "2009-06-12",
    "aanhouding",
    "2025-03-10",
    "",
    "straatroof",
    "",
]
CSV_TEXT = ",".join(FACT_COLUMNS) + "\n" + ",".join(ROW) + "\n"
SHEET = "xl/worksheets/sheet1.xml"
NOT_UNPACKED = (
    "Regie pakt zo'n bestand niet uit, want het kan de server vastzetten (een zipbom); "
    "sla de levering opnieuw op als Excel-werkmap of als CSV UTF-8"
)
UNREADABLE = (
    "het bestand is geen geldige Excel-werkmap (.xlsx) en kan niet gelezen worden; "
    "sla het op als Excel-werkmap of als CSV UTF-8"
)
DTD = (
    "onderdeel 'xl/worksheets/sheet1.xml' bevat een DTD (<!DOCTYPE>); dat heeft een "
    "Excel-werkmap nooit, en het kan de server vastzetten of andere bestanden laten lezen. "
    "Sla de levering opnieuw op als Excel-werkmap of als CSV UTF-8"
)
ENCODINGS = "een levering is een .csv-, .xlsx- of .parquet-bestand"
#: Nine levels of ten: one reference expands to a thousand million "lol"s.
LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE worksheet [\n'
    b'<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n'
        % (level, (b"&lol%d;" % (level - 1) if level > 1 else b"&lol;") * 10)
        for level in range(1, 10)
    )
    + b"]>\n"
)
EXTERNAL = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
)


# --- synthetic hostile files --------------------------------------------------------------


def workbook() -> bytes:
    """A good workbook: the format's header and one row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(FACT_COLUMNS))
    sheet.append(ROW)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_edit(
    data: bytes,
    *,
    edit: dict[str, Callable[[bytes], bytes]] | None = None,
    add: dict[str, bytes] | None = None,
) -> bytes:
    """The ZIP archive ``data`` with some members changed and some added (deflated)."""
    edit = edit or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename in edit:
                content = edit[item.filename](content)
            target.writestr(item, content, compress_type=zipfile.ZIP_DEFLATED)
        for name, content in (add or {}).items():
            target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def sizes_declared(data: bytes, sizes: dict[str, int]) -> bytes:
    """``data`` with the unpacked size of some members changed in the ZIP's directory and
    in their local headers: what a crafted archive announces, whatever it holds."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        directory = archive.start_dir
        members = {item.filename: item for item in archive.infolist()}
    at = directory
    while patched[at : at + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", patched, at + 28)
        name = bytes(patched[at + 46 : at + 46 + name_length]).decode()
        if name in sizes:
            struct.pack_into("<I", patched, at + 24, sizes[name])
            struct.pack_into("<I", patched, members[name].header_offset + 22, sizes[name])
        at += 46 + name_length + extra_length + comment_length
    return bytes(patched)


def bomb() -> bytes:
    """A working workbook whose worksheet ends in 64 MB of spaces (allowed after the root
    element): it packs a thousand times."""
    return zip_edit(workbook(), edit={SHEET: lambda sheet: sheet + b" " * (64 * 1024**2)})


def laughs() -> bytes:
    """A workbook whose worksheet declares the "billion laughs" and uses it in a cell."""

    def sheet(content: bytes) -> bytes:
        body = content[content.index(b"<worksheet") :]
        return LAUGHS + body.replace(b"Visser", b"&lol9;")

    return zip_edit(workbook(), edit={SHEET: sheet})


def external_entity() -> bytes:
    """A workbook whose worksheet reads /etc/passwd into a cell."""

    def sheet(content: bytes) -> bytes:
        body = content[content.index(b"<worksheet") :]
        return EXTERNAL + body.replace(b"Visser", b"&secret;")

    return zip_edit(workbook(), edit={SHEET: sheet})


def parquet() -> bytes:
    columns = {name: [value] for name, value in zip(FACT_COLUMNS, ROW, strict=True)}
    buffer = io.BytesIO()
    pq.write_table(pa.table(columns), buffer)
    return buffer.getvalue()


def read_bytes(tmp_path: Path, name: str, data: bytes) -> list[Problem]:
    path = tmp_path / name
    path.write_bytes(data)
    table, problems, _ = read_delivery(path, delivery_date=DAY)
    assert len(table) == 0 or not problems
    return problems


def refusal(name: str, message: str) -> list[Problem]:
    return [Problem(name, None, None, message)]


# --- XLSX zip bombs -----------------------------------------------------------------------


def test_a_good_workbook_passes_the_checks(tmp_path: Path) -> None:
    # given a workbook as a spreadsheet program writes it, when read, then it is accepted
    assert read_bytes(tmp_path, "politie.xlsx", workbook()) == []


def test_a_workbook_that_packs_a_thousand_times_is_refused_without_unpacking(
    tmp_path: Path,
) -> None:
    # given a worksheet that unpacks from some 65 kB to 64 MB
    data = bomb()
    # when it is read
    problems = read_bytes(tmp_path, "politie.xlsx", data)
    # then it is refused by the ratio of the sizes in the ZIP's directory, naming the part
    # (openpyxl would read the workbook: spaces after the root element are allowed)
    assert len(problems) == 1
    assert (problems[0].line, problems[0].column) == (None, None)
    assert re.fullmatch(
        r"onderdeel 'xl/worksheets/sheet1\.xml' pakt uit van [0-9]+(,[0-9])? kB tot 64 MB: "
        r"[0-9.]+ keer zo groot; de grens is 100 keer, want zo sterk pakt een echte werkmap "
        r"niet in\. " + re.escape(NOT_UNPACKED),
        problems[0].message,
    ), problems[0].message


def test_a_part_announced_to_unpack_to_more_than_1_gb_is_refused(tmp_path: Path) -> None:
    # given a workbook whose directory says the worksheet unpacks to 2.1 GB
    data = sizes_declared(workbook(), {SHEET: int(2.1 * 1024**3)})
    # when read, then refused naming the part, its size and the limit
    assert read_bytes(tmp_path, "politie.xlsx", data) == refusal(
        "politie.xlsx",
        "onderdeel 'xl/worksheets/sheet1.xml' pakt uit tot 2,1 GB; de grens is 1 GB per "
        f"onderdeel. {NOT_UNPACKED}",
    )


def test_parts_announced_to_unpack_to_more_than_2_gb_in_all_are_refused(tmp_path: Path) -> None:
    # given three parts of 0.8 GB each (none above the limit of one part)
    filler = {f"xl/media/deel{i}.bin": b"x" for i in range(3)}
    data = sizes_declared(
        zip_edit(workbook(), add=filler), dict.fromkeys(filler, int(0.8 * 1024**3))
    )
    # when read, then refused for the total
    assert read_bytes(tmp_path, "politie.xlsx", data) == refusal(
        "politie.xlsx", f"de werkmap pakt uit tot 2,4 GB; de grens is 2 GB. {NOT_UNPACKED}"
    )


def test_a_workbook_of_more_than_1000_parts_is_refused(tmp_path: Path) -> None:
    # given a workbook with a thousand small parts added to its nine
    data = zip_edit(workbook(), add={f"xl/media/deel{i}.txt": b"x" for i in range(1_000)})
    # when read, then refused by the count the ZIP's end record announces
    assert XLSX_MAX_MEMBERS == 1_000
    assert read_bytes(tmp_path, "politie.xlsx", data) == refusal(
        "politie.xlsx",
        f"de werkmap bestaat uit 1.009 onderdelen; de grens is 1.000. {NOT_UNPACKED}",
    )


def test_a_directory_that_understates_a_size_cannot_unpack_more(tmp_path: Path) -> None:
    # given the bomb, but its directory claims the worksheet unpacks to 10 kB
    data = sizes_declared(bomb(), {SHEET: 10 * 1024})
    # when read, then zipfile stops at the announced size and the checksum fails: refused
    # as damaged (had it unpacked all 64 MB, the worksheet would have been read)
    assert read_bytes(tmp_path, "politie.xlsx", data) == refusal("politie.xlsx", UNREADABLE)


# --- XML that could blow up: a DTD ----------------------------------------------------------


def test_a_worksheet_with_the_billion_laughs_is_refused_for_its_dtd(tmp_path: Path) -> None:
    assert read_bytes(tmp_path, "politie.xlsx", laughs()) == refusal("politie.xlsx", DTD)


def test_a_worksheet_with_an_external_entity_is_refused_for_its_dtd(tmp_path: Path) -> None:
    assert read_bytes(tmp_path, "politie.xlsx", external_entity()) == refusal("politie.xlsx", DTD)


def test_a_dtd_in_utf16_is_found_too(tmp_path: Path) -> None:
    # given a worksheet in UTF-16 (XML allows it) that declares the billion laughs
    def sheet(content: bytes) -> bytes:
        text = laughs_sheet_text(content)
        return text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")

    data = zip_edit(workbook(), edit={SHEET: sheet})
    assert read_bytes(tmp_path, "politie.xlsx", data) == refusal("politie.xlsx", DTD)


def laughs_sheet_text(content: bytes) -> str:
    body = content[content.index(b"<worksheet") :]
    return (LAUGHS + body.replace(b"Visser", b"&lol9;")).decode()


def test_without_the_check_expat_itself_refuses_both_attacks() -> None:
    # what openpyxl and Python's expat do with these workbooks when nothing checks first:
    # the entity expansion stops at expat's amplification limit, the external entity is
    # never fetched ("undefined entity"). Both are parse errors, not a hang or a leak.
    for data, error in [
        (laughs(), "limit on input amplification factor"),
        (external_entity(), "undefined entity &secret;"),
    ]:
        with pytest.raises(ParseError, match=re.escape(error)), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
            for sheet in book.worksheets:
                list(sheet.iter_rows(values_only=True))


# --- files that are not what their name says -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "politie.xlsx",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
            "de naam eindigt op .xlsx, maar het bestand is geen Excel-werkmap: het lijkt een "
            f"PDF-document; {ENCODINGS}",
        ),
        (
            "politie.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
            "de naam eindigt op .xlsx, maar het bestand is geen Excel-werkmap: het lijkt een "
            "ouder Office-bestand (zoals .xls of .doc) of een werkmap met een wachtwoord; "
            f"{ENCODINGS}",
        ),
        (
            "politie.xlsx",
            "DOCX",
            "de naam eindigt op .xlsx, maar het bestand is geen Excel-werkmap: het lijkt een "
            f"Word-document (.docx); {ENCODINGS}",
        ),
        (
            "politie.xlsx",
            "PARQUET",
            "de naam eindigt op .xlsx, maar het bestand is geen Excel-werkmap: het lijkt een "
            "Parquet-bestand. Klopt dat, geef het dan de naam politie.parquet",
        ),
        (
            "politie.csv",
            "XLSX",
            "de naam eindigt op .csv, maar het bestand is geen CSV-bestand: het lijkt een "
            "Excel-werkmap. Klopt dat, geef het dan de naam politie.xlsx",
        ),
        (
            "politie.csv",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00",
            "de naam eindigt op .csv, maar het bestand is geen CSV-bestand: het lijkt een "
            f"programma (Windows); {ENCODINGS}",
        ),
        (
            "politie.csv",
            b"\x7fELF\x02\x01\x01\x00" + bytes(8),
            "de naam eindigt op .csv, maar het bestand is geen CSV-bestand: het lijkt een "
            f"programma (Linux); {ENCODINGS}",
        ),
        (
            "politie.csv",
            b"\x00\x01\x02\xfe\xfd binary \x00\xff",
            "de naam eindigt op .csv, maar het bestand is geen CSV-bestand: het lijkt een "
            f"binair bestand (geen tekst); {ENCODINGS}",
        ),
        (
            "politie.csv",
            b"<!DOCTYPE html>\n<html><body>Inloggen</body></html>\n",
            "de naam eindigt op .csv, maar het bestand is geen CSV-bestand: het lijkt een "
            f"webpagina (HTML); {ENCODINGS}",
        ),
        (
            "politie.xlsx",
            CSV_TEXT.encode("utf-16"),
            "de naam eindigt op .xlsx, maar het bestand is geen Excel-werkmap: het lijkt tekst "
            f"in UTF-16; {ENCODINGS}",
        ),
        (
            "politie.parquet",
            b"\x81\xfe\x02 random \xc3",
            "de naam eindigt op .parquet, maar het bestand is geen Parquet-bestand: het lijkt "
            f"tekst die geen UTF-8 is, of een binair bestand; {ENCODINGS}",
        ),
        (
            "politie.parquet",
            b"PK\x05\x06" + bytes(18),
            "de naam eindigt op .parquet, maar het bestand is geen Parquet-bestand: het lijkt "
            f"een ZIP-archief; {ENCODINGS}",
        ),
        (
            "politie.parquet",
            CSV_TEXT.encode(),
            "de naam eindigt op .parquet, maar het bestand is geen Parquet-bestand: het lijkt "
            "tekst (zoals CSV). Klopt dat, geef het dan de naam politie.csv",
        ),
        (
            "politie.parquet",
            "TRUNCATED",
            "het Parquet-bestand is niet compleet: het einde ontbreekt (afgebroken bij het "
            "opslaan of versturen?); sla het opnieuw op als Parquet of als CSV UTF-8",
        ),
        (
            "politie.parquet",
            "ENCRYPTED",
            "het Parquet-bestand is versleuteld; Regie leest alleen onversleutelde "
            "Parquet-bestanden",
        ),
    ],
    ids=[
        "pdf as xlsx",
        "old excel as xlsx",
        "docx as xlsx",
        "parquet as xlsx",
        "xlsx as csv",
        "windows program as csv",
        "linux program as csv",
        "binary as csv",
        "web page as csv",
        "utf-16 as xlsx",
        "not utf-8 as parquet",
        "empty zip as parquet",
        "csv as parquet",
        "truncated parquet",
        "encrypted parquet",
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_saying_what_it_looks_like(
    tmp_path: Path, name: str, data: bytes | str, message: str
) -> None:
    # given the bytes of another kind of file under a delivery's name
    content = named_content(data)
    # when read, then refused as a whole with what the name says and what the file is
    assert read_bytes(tmp_path, name, content) == refusal(name, message)


def named_content(data: bytes | str) -> bytes:
    """The bytes of a test case: given, or built (the builders need a workbook or pyarrow)."""
    if isinstance(data, bytes):
        return data
    if data == "DOCX":
        return zip_edit(
            b"PK\x05\x06" + bytes(18),
            add={"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"},
        )
    if data == "PARQUET":
        return parquet()
    if data == "XLSX":
        return workbook()
    if data == "TRUNCATED":
        return parquet()[:-100]
    assert data == "ENCRYPTED"
    return parquet()[:-4] + b"PARE"


def test_a_parquet_file_of_too_many_rows_or_columns_is_refused_by_its_footer(
    tmp_path: Path,
) -> None:
    # given a Parquet file of one column without values and 5,000,001 rows, and one of
    # 101 columns
    rows, columns = io.BytesIO(), io.BytesIO()
    pq.write_table(pa.table({"bron": pa.nulls(PARQUET_MAX_ROWS + 1)}), rows)
    pq.write_table(pa.table({f"k{i}": ["x"] for i in range(PARQUET_MAX_COLUMNS + 1)}), columns)
    # when read, then each is refused before its columns are read
    assert read_bytes(tmp_path, "politie.parquet", rows.getvalue()) == refusal(
        "politie.parquet",
        "het Parquet-bestand heeft 5.000.001 rijen; de grens is 5.000.000: splits de "
        "levering in kleinere bestanden",
    )
    assert read_bytes(tmp_path, "politie.parquet", columns.getvalue()) == refusal(
        "politie.parquet",
        "het Parquet-bestand heeft 101 kolommen; de grens is 100 (het formaat kent er 12)",
    )


def test_text_with_a_nul_character_is_still_refused_on_its_line(tmp_path: Path) -> None:
    # given UTF-8 text with a NUL in the second row: text, not a binary file
    data = (CSV_TEXT + CSV_TEXT.splitlines()[1].replace("p-1", "p-\x002") + "\n").encode()
    # when read, then the NUL is refused where it is
    assert read_bytes(tmp_path, "politie.csv", data) == [
        Problem(
            "politie.csv",
            3,
            None,
            "bevat een NUL-teken (code 0): dat is geen tekst; sla het bestand opnieuw op als tekst",
        )
    ]


# --- every way in: browser, API, command line ---------------------------------------------------

#: (file name, bytes builder, the start of the one problem).
HOSTILE = [
    ("politie.xlsx", bomb, "onderdeel 'xl/worksheets/sheet1.xml' pakt uit van "),
    (
        "politie.xlsx",
        lambda: sizes_declared(workbook(), {SHEET: int(2.1 * 1024**3)}),
        "onderdeel 'xl/worksheets/sheet1.xml' pakt uit tot 2,1 GB; de grens is 1 GB",
    ),
    ("politie.xlsx", laughs, "onderdeel 'xl/worksheets/sheet1.xml' bevat een DTD (<!DOCTYPE>)"),
    (
        "politie.xlsx",
        lambda: b"%PDF-1.7\n",
        "de naam eindigt op .xlsx, maar het bestand is geen Excel-werkmap: het lijkt een "
        "PDF-document",
    ),
    (
        "politie.csv",
        workbook,
        "de naam eindigt op .csv, maar het bestand is geen CSV-bestand: het lijkt een "
        "Excel-werkmap",
    ),
    (
        "politie.parquet",
        lambda: parquet()[:-100],
        "het Parquet-bestand is niet compleet",
    ),
]
HOSTILE_IDS = ["bomb", "2.1 GB", "billion laughs", "pdf as xlsx", "xlsx as csv", "cut parquet"]


@pytest.fixture
def police() -> Organisation:
    return Organisation.objects.create(name="Politie (synthetisch)", partner="politie")


def refused_once(channel: Channel, name: str, start: str) -> Delivery:
    """The one delivery recorded: refused, through ``channel``, with the one problem."""
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.channel, delivery.file_name) == (
        DeliveryStatus.REFUSED,
        channel,
        name,
    )
    assert len(delivery.problems) == 1
    assert delivery.problems[0]["melding"].startswith(start), delivery.problems[0]
    assert (delivery.problems[0]["regel"], delivery.problems[0]["kolom"]) == (None, None)
    assert Fact.objects.count() == 0
    return delivery


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "build", "start"), HOSTILE, ids=HOSTILE_IDS)
def test_the_browser_upload_refuses_a_hostile_file_and_shows_why(
    police: Organisation, name: str, build: Callable[[], bytes], start: str
) -> None:
    # given a data supplier of the police, logged in
    supplier = User.objects.create_user(
        username="leverancier", role=Role.PARTNER_SUPPLIER, organisation=police
    )
    client = two_factor_login(Client(), supplier)
    # when they upload the hostile file
    upload = SimpleUploadedFile(name, build(), content_type="application/octet-stream")
    response = client.post("/aanleveringen/nieuw/", {"bestand": upload}, follow=True)
    # then the refusal is recorded, nothing is stored, and the report shows the problem
    delivery = refused_once(Channel.BROWSER, name, start)
    assert response.redirect_chain == [(f"/aanleveringen/{delivery.pk}/", 302)]
    assert start in html.unescape(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "build", "start"), HOSTILE, ids=HOSTILE_IDS)
def test_the_api_refuses_a_hostile_file_with_422_and_the_problem(
    client: Client, police: Organisation, name: str, build: Callable[[], bytes], start: str
) -> None:
    # given the police's system with its token
    issued = api_token_issue(organisation=police, name="koppeling", issued_by=None)
    # when it posts the hostile file
    upload = SimpleUploadedFile(name, build(), content_type="application/octet-stream")
    response = client.post(
        "/api/aanleveringen",
        {"bestand": upload},
        headers={"Authorization": f"Bearer {issued.clear}"},
    )
    # then 422 with the one problem, the refusal recorded and nothing stored
    delivery = refused_once(Channel.API, name, start)
    assert response.status_code == 422
    body = response.json()
    assert (body["id"], body["status"], body["aantal_problemen"]) == (delivery.pk, "refused", 1)
    assert body["problemen"] == delivery.problems


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "build", "start"), HOSTILE, ids=HOSTILE_IDS)
def test_regie_deliver_refuses_a_hostile_file_with_exit_1(
    tmp_path: Path, police: Organisation, name: str, build: Callable[[], bytes], start: str
) -> None:
    # given an administrator and the hostile file on disk
    User.objects.create_user(username="beheerder", role=Role.ADMINISTRATOR)
    path = tmp_path / name
    path.write_bytes(build())
    # when it is delivered from the command line
    result = CliRunner().invoke(
        app, ["deliver", str(path), "--bron", "politie", "--gebruiker", "beheerder"]
    )
    # then exit 1 with the problem, the refusal recorded and nothing stored
    assert result.exit_code == 1, result.output
    delivery = refused_once(Channel.COMMAND_LINE, name, start)
    assert "Invoer geweigerd: 1 probleem gevonden. Er is niets opgeslagen" in result.stderr
    assert f"  {name}: {delivery.problems[0]['melding']}" in result.stderr


# --- the database path fuzzed: all facts or none -----------------------------------------------

#: Bad values for the database fuzz: each refuses a row.
DB_BAD_VALUES: Final = (
    "",
    "2025-02-30",
    "2099-01-01",
    "123456789",
    "arrestatie",
    "om",
    "x" * 201,
    "a\x00b",
)
DB_EXAMPLES: Final = 300


def police_row(at: int, kind: int) -> dict[str, str]:
    """A valid police row; ``kind`` picks one of four kinds of fact."""
    row = dict(zip(FACT_COLUMNS, ROW, strict=True))
    row["bron_id"] = f"p-{at}"
    if kind == 1:
        row.update(soort="verdachte", categorie="mishandeling", bsn="")
    elif kind == 2:
        row.update(soort="voorgeleiding", categorie="overval", detail="rc")
    elif kind == 3:
        row.update(soort="huiselijk_geweld", categorie="", detail="getuige", bsn="200000007")
    return row


def db_file(
    kinds: list[int], changes: list[tuple[int, str, str]], encoding: str, cut: int | None
) -> tuple[str, bytes]:
    """A delivery for the database fuzz: its name and bytes."""
    rows = [police_row(at, kind) for at, kind in enumerate(kinds)]
    for at, column, value in changes:
        if rows:
            rows[at % len(rows)][column] = value
    if encoding == "xlsx":
        book = openpyxl.Workbook()
        book.active.append(list(FACT_COLUMNS))
        for row in rows:
            book.active.append([row[c].replace("\x00", "") for c in FACT_COLUMNS])
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
    else:
        buffer_text = io.StringIO()
        csv.writer(buffer_text, lineterminator="\n").writerows(
            [list(FACT_COLUMNS), *([row[c] for c in FACT_COLUMNS] for row in rows)]
        )
        data = buffer_text.getvalue().encode()
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    return f"politie.{encoding}", data


DB_FILES = st.builds(
    db_file,
    st.lists(st.integers(0, 3), max_size=6),
    st.lists(
        st.tuples(st.integers(0, 5), st.sampled_from(FACT_COLUMNS), st.sampled_from(DB_BAD_VALUES)),
        max_size=2,
    ),
    st.sampled_from(["csv", "csv", "csv", "xlsx"]),
    st.none() | st.none() | st.none() | st.integers(0, 2**16),
)


@pytest.mark.django_db
def test_the_database_gets_every_fact_of_an_accepted_file_and_none_of_a_refused_one(
    tmp_path: Path, police: Organisation
) -> None:
    # given an administrator who delivers for the police
    administrator = User.objects.create_user(username="beheerder", role=Role.ADMINISTRATOR)
    counts = {"accepted": 0, "refused": 0}

    @settings(
        max_examples=DB_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(DB_FILES)
    def receive(file: tuple[str, bytes]) -> None:
        # when a generated file is received
        name, data = file
        path = tmp_path / name
        path.write_bytes(data)
        facts_before, deliveries_before = Fact.objects.count(), Delivery.objects.count()
        try:
            delivery = delivery_receive(
                path=path,
                partner="politie",
                delivered_by=administrator,
                channel=Channel.COMMAND_LINE,
            )
        except DeliveryRefused as refused:
            # then a refusal stores no fact and records the attempt with its problems
            counts["refused"] += 1
            recorded = Delivery.objects.get(pk=refused.delivery.pk)
            assert recorded.status == DeliveryStatus.REFUSED
            assert len(recorded.problems) == len(refused.problems) > 0
            assert all(problem["melding"] for problem in recorded.problems)
            assert Fact.objects.count() == facts_before
            assert recorded.facts.count() == 0
        else:
            # or an acceptance stores exactly the rows of the file
            counts["accepted"] += 1
            assert delivery.status == DeliveryStatus.ACCEPTED
            stored = sorted(delivery.facts.values_list("bron_id", flat=True))
            assert stored == sorted(delivery_ids(name, data))
            assert (
                Fact.objects.count() == facts_before + delivery.rows == facts_before + len(stored)
            )
        assert Delivery.objects.count() == deliveries_before + 1

    receive()
    # and both outcomes occurred, as often as the test says
    assert counts["accepted"] + counts["refused"] >= DB_EXAMPLES
    assert counts["accepted"] > 0
    assert counts["refused"] > 0


def delivery_ids(name: str, data: bytes) -> list[str]:
    """The bron_id of every row of an accepted delivery, read independently of Regie."""
    if name.endswith(".xlsx"):
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        rows = [list(values) for values in book.active.iter_rows(values_only=True)]
        return [str(row[1]) for row in rows[1:] if any(row)]
    lines = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    return [line[1] for line in lines[1:] if line]
