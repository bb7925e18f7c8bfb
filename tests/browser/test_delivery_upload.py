"""A partner's data supplier delivers in the browser: a bad file is refused with a report of
every problem, which downloads as CSV; a good file is accepted and listed."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from regie.accounts.constants import Role
from regie.accounts.models import User
from regie.deliveries.models import Delivery

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = (
    "bron,bron_id,bsn,achternaam,tussenvoegsel,voornamen,geboortedatum,"
    "soort,datum,einddatum,categorie,detail\n"
)
GOOD_CSV = (
    HEADER
    + "politie,p-1,300000005,Visser,,Daan,2009-06-12,aanhouding,2025-03-10,,straatroof,\n"
    + "politie,p-2,,Bakker,de,Noor,2008-01-30,verdachte,2025-04-02,,mishandeling,\n"
    + "politie,p-3,,Bakker,de,Noor,2008-01-30,huiselijk_geweld,2025-05-20,,,getuige\n"
)
BAD_CSV = (
    HEADER
    + "politie,p-1,300000005,Visser,,Daan,2009-06-12,aanhouding,2025-03-10,,straatroof,\n"
    + "politie,p-2,300000006,Visser,,Daan,2009-06-12,aanhouding,2025-03-10,,straatroof,\n"
    + "politie,p-3,,Visser,,Daan,2009-06-12,aanhouding,2025-03-10,2025-03-01,straatroof,\n"
    + "om,om-1,,Visser,,Daan,2009-06-12,veroordeling,2025-03-10,,heling,geen\n"
    + "politie,p-5,,Visser,,Daan,2009-06-12,veroordeling,2025-03-10,,heling,geen\n"
)

#: The problems of BAD_CSV, in the report's order: (regel, kolom, melding).
PROBLEMS = [
    (3, "bsn", "geen geldig BSN: een BSN heeft 9 cijfers en voldoet aan de elfproef"),
    (
        4,
        "einddatum",
        "soort 'aanhouding' is geen periode en heeft geen einddatum: laat deze kolom leeg",
    ),
    (
        5,
        "bron",
        "'om' hoort niet in een aanlevering van 'politie': een partner levert alleen eigen feiten",
    ),
    (
        6,
        "soort",
        "'politie' mag soort 'veroordeling' niet leveren: een partner mag alleen leveren wat "
        "zijn convenant toestaat (soort 'veroordeling' mag komen van: om)",
    ),
]


def upload(page: Page, name: str, text: str) -> None:
    page.get_by_role("link", name="Nieuwe aanlevering").click()
    page.get_by_label("Bestand").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="Aanleveren").click()


def table(page: Page, selector: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in row.locator("td").all_inner_texts()]
        for row in page.locator(f"{selector} tbody tr").all()
    ]


def test_a_supplier_is_shown_every_problem_downloads_the_report_then_delivers(
    user_make: Callable[..., User], logged_in_page: Callable[..., Page]
) -> None:
    # given the police's data supplier, logged in, on the deliveries page
    page = logged_in_page(user_make("leverancier", Role.PARTNER_SUPPLIER, partner="politie"))
    page.get_by_role("link", name="Aanleveringen", exact=True).click()
    expect(page.get_by_text("Er zijn nog geen aanleveringen.")).to_be_visible()

    # when they upload a file with four bad rows
    upload(page, "politie.csv", BAD_CSV)

    # then the report names every problem, row by row
    refused = Delivery.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Aanlevering {refused.pk} is geweigerd"
    )
    expect(page.get_by_role("alert")).to_contain_text("politie.csv is geweigerd: 4 problemen.")
    assert table(page, "#problemen") == [
        [str(line), column, message] for line, column, message in PROBLEMS
    ]

    # when they download the report, then it holds the same problems as CSV for Excel
    with page.expect_download() as download_info:
        page.get_by_role("link", name="download het rapport (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == f"rapport-aanlevering-{refused.pk}.csv"
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(content.decode("utf-8-sig")))) == [
        ["bestand", "regel", "kolom", "melding"]
    ] + [["politie.csv", str(line), column, message] for line, column, message in PROBLEMS]

    # when they then upload a good file
    upload(page, "politie.csv", GOOD_CSV)

    # then it is accepted, and the list shows both deliveries, newest first
    expect(page.get_by_role("status")).to_have_text("politie.csv is geaccepteerd: 3 rijen.")
    page.get_by_role("link", name="Aanleveringen", exact=True).click()
    rows = table(page, "table")
    assert [row[1:] for row in rows] == [
        ["politie.csv", "3", "geaccepteerd", "Leverancier Synthetisch"],
        ["politie.csv", "5", "geweigerd", "Leverancier Synthetisch"],
    ]
    assert all(re.fullmatch(r"\d\d-\d\d-\d{4} \d\d:\d\d", row[0]) for row in rows)


def test_an_analyst_has_no_deliveries_menu_and_is_refused_the_upload(
    user_make: Callable[..., User], logged_in_page: Callable[..., Page]
) -> None:
    page = logged_in_page(user_make("analist", Role.ANALYST))
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Start")).to_be_visible()
    expect(menu.get_by_role("link", name="Aanleveringen")).to_have_count(0)
    response = page.goto("/aanleveringen/nieuw/")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Geen toegang")
