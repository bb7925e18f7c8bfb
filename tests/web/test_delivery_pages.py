"""Delivering in the browser: the list, the upload, the report of a refused file and its
download, each only for whoever may see it."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path

import pytest
from deliverykit import BAD_CSV, BAD_PROBLEMS, GOOD_CSV, HEADER, organisation_make, user_make
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.accounts.testing import two_factor_login
from regie.audit.models import AuditEvent
from regie.deliveries.constants import Channel, DeliveryStatus
from regie.deliveries.models import Delivery, Fact
from regie.deliveries.uploads import delivery_receive_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Uploads are written to temporary files; here, to a folder the test can inspect."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def police() -> Organisation:
    return organisation_make("politie")


@pytest.fixture
def supplier(police: Organisation) -> User:
    return user_make("leverancier", Role.PARTNER_SUPPLIER, police)


@pytest.fixture
def administrator() -> User:
    return user_make("beheerder", Role.ADMINISTRATOR, organisation_make(None))


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def table_rows(page: str, table_id: str | None = None) -> list[list[str]]:
    """The body rows of the page's (first, or named) table, cell texts stripped of tags."""
    if table_id is not None:
        page = page[page.index(f'<table id="{table_id}"') :]
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in rows
    ]


def test_a_supplier_uploads_a_good_file_and_sees_it_accepted(
    client: Client, supplier: User, private_temporary_folder: Path
) -> None:
    # given a police data supplier, logged in
    two_factor_login(client, supplier)
    # when they upload a good file
    response = client.post("/aanleveringen/nieuw/", {"bestand": upload("politie.csv", GOOD_CSV)})
    # then it is stored whole, delivered through the browser, and the detail page says so
    delivery = Delivery.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/aanleveringen/{delivery.pk}/"
    assert (delivery.status, delivery.partner, delivery.file_name, delivery.rows) == (
        DeliveryStatus.ACCEPTED,
        "politie",
        "politie.csv",
        2,
    )
    assert (delivery.channel, delivery.delivered_by) == (Channel.BROWSER, supplier)
    assert Fact.objects.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "politie.csv is geaccepteerd: 2 rijen." in page
    assert f"<code>{delivery.sha256}</code>" in page
    assert "<dt>Geleverd door</dt><dd>Leverancier Synthetisch</dd>" in page
    # and the temporary copy of the upload is gone
    assert list(private_temporary_folder.iterdir()) == []


def test_a_refused_upload_shows_every_problem_and_stores_no_fact(
    client: Client, supplier: User, private_temporary_folder: Path
) -> None:
    two_factor_login(client, supplier)
    response = client.post(
        "/aanleveringen/nieuw/", {"bestand": upload("politie.csv", BAD_CSV)}, follow=True
    )
    delivery = Delivery.objects.get()
    assert response.redirect_chain == [(f"/aanleveringen/{delivery.pk}/", 302)]
    page = response.content.decode()
    assert "politie.csv is geweigerd: 5 problemen." in page
    assert table_rows(page, "problemen") == [
        [str(line), column, message.replace("'", "&#x27;")]
        for line, column, message in BAD_PROBLEMS
    ]
    assert f'href="/aanleveringen/{delivery.pk}/rapport.csv"' in page
    assert "download het rapport (CSV)" in page
    assert Fact.objects.count() == 0
    assert list(private_temporary_folder.iterdir()) == []
    assert list(AuditEvent.objects.order_by("pk").values_list("action", "actor", "detail")) == [
        (
            "delivery_refused",
            supplier.pk,
            {
                "partner": "politie",
                "file_name": "politie.csv",
                "sha256": delivery.sha256,
                "rows": 4,
                "problems": 5,
                "channel": "browser",
            },
        ),
        ("delivery_report_viewed", supplier.pk, {"channel": "browser", "page": 1}),
    ]


def test_the_report_downloads_as_csv_with_every_problem_for_excel(
    client: Client, supplier: User
) -> None:
    # given a refused delivery
    two_factor_login(client, supplier)
    client.post("/aanleveringen/nieuw/", {"bestand": upload("politie.csv", BAD_CSV)})
    delivery = Delivery.objects.get()
    # when its report is downloaded
    response = client.get(f"/aanleveringen/{delivery.pk}/rapport.csv")
    # then it is UTF-8 CSV with a byte-order mark, one row per problem, and audited
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="rapport-aanlevering-{delivery.pk}.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["bestand", "regel", "kolom", "melding"]] + [
        ["politie.csv", str(line), column, message] for line, column, message in BAD_PROBLEMS
    ]
    (event,) = AuditEvent.objects.filter(action="delivery_report_downloaded")
    assert (event.actor, event.subject_id, event.detail) == (
        supplier,
        str(delivery.pk),
        {"problems": 5},
    )


def test_a_report_of_more_than_500_problems_is_paged_and_the_download_has_them_all(
    client: Client, supplier: User
) -> None:
    # given a file of 501 rows with an unknown kind each
    rows = "".join(
        f"politie,p-{i},,Visser,,Daan,2009-06-12,vechtpartij,2025-03-10,,,\n" for i in range(501)
    )
    two_factor_login(client, supplier)
    client.post("/aanleveringen/nieuw/", {"bestand": upload("politie.csv", HEADER + rows)})
    delivery = Delivery.objects.get()
    # when the report is shown, then 500 problems are on the first page and 1 on the second
    first = client.get(f"/aanleveringen/{delivery.pk}/").content.decode()
    second = client.get(f"/aanleveringen/{delivery.pk}/?pagina=2").content.decode()
    assert "geweigerd: 501 problemen." in first
    assert len(table_rows(first, "problemen")) == 500
    assert table_rows(second, "problemen")[0][:2] == ["502", "soort"]
    assert len(table_rows(second, "problemen")) == 1
    assert "pagina 1 van 2" in first
    # and the download holds every problem
    download = client.get(f"/aanleveringen/{delivery.pk}/rapport.csv").content
    assert len(download.decode("utf-8-sig").splitlines()) == 1 + 501
    assert list(
        AuditEvent.objects.filter(action="delivery_report_viewed")
        .order_by("pk")
        .values_list("detail__page", flat=True)
    ) == [1, 2]


def test_a_supplier_sees_only_the_own_organisations_deliveries(
    client: Client, supplier: User, administrator: User, police: Organisation
) -> None:
    # given a delivery of the police and one of the prosecution service
    prosecution = organisation_make("om")
    other_supplier = user_make("om-leverancier", Role.PARTNER_SUPPLIER, prosecution)
    own = delivery_receive_upload(
        upload=upload("politie.csv", GOOD_CSV),
        partner="politie",
        delivered_by=supplier,
        channel=Channel.BROWSER,
    )
    other_file = HEADER + "om,om-1,,Visser,,Daan,2009-06-12,veroordeling,2025-03-10,,heling,geen\n"
    other = delivery_receive_upload(
        upload=upload("om.csv", other_file),
        partner="om",
        delivered_by=other_supplier,
        channel=Channel.API,
    )
    two_factor_login(client, supplier)
    # then the police's supplier lists only the police's delivery
    rows = table_rows(client.get("/aanleveringen/").content.decode())
    assert [row[1:] for row in rows] == [
        ["politie.csv", "2", "geaccepteerd", "Leverancier Synthetisch"]
    ]
    # and gets the same 404 for another organisation's delivery as for none at all
    assert client.get(f"/aanleveringen/{own.pk}/").status_code == 200
    assert client.get(f"/aanleveringen/{other.pk}/").status_code == 404
    assert client.get(f"/aanleveringen/{other.pk}/rapport.csv").status_code == 404
    assert client.get("/aanleveringen/999999/").status_code == 404
    # while an administrator lists both, with their bron
    two_factor_login(client, administrator)
    rows = table_rows(client.get("/aanleveringen/").content.decode())
    assert sorted(row[1:3] for row in rows) == [["om", "om.csv"], ["politie", "politie.csv"]]


def test_an_administrator_chooses_the_bron(client: Client, administrator: User) -> None:
    organisation_make("politie")
    two_factor_login(client, administrator)
    form = client.get("/aanleveringen/nieuw/").content.decode()
    assert '<option value="politie">politie (politie (synthetisch))</option>' in form
    response = client.post(
        "/aanleveringen/nieuw/", {"bron": "politie", "bestand": upload("levering.csv", GOOD_CSV)}
    )
    assert response.status_code == 302
    delivery = Delivery.objects.get()
    assert (delivery.partner, delivery.delivered_by, delivery.rows) == ("politie", administrator, 2)


def test_an_administrator_must_choose_a_bron(client: Client, administrator: User) -> None:
    organisation_make("politie")
    two_factor_login(client, administrator)
    response = client.post("/aanleveringen/nieuw/", {"bestand": upload("politie.csv", GOOD_CSV)})
    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.content.decode()
    assert Delivery.objects.count() == 0


@pytest.mark.parametrize(
    "role", [r for r in Role if r not in (Role.PARTNER_SUPPLIER, Role.ADMINISTRATOR)]
)
def test_other_roles_may_not_deliver(client: Client, police: Organisation, role: Role) -> None:
    two_factor_login(client, user_make("iemand", role, police))
    assert client.get("/aanleveringen/").status_code == 403
    assert client.get("/aanleveringen/nieuw/").status_code == 403
    response = client.post("/aanleveringen/nieuw/", {"bestand": upload("politie.csv", GOOD_CSV)})
    assert response.status_code == 403
    assert Delivery.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_visitor_is_sent_to_the_login_page(client: Client) -> None:
    response = client.get("/aanleveringen/nieuw/")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/?next=/aanleveringen/nieuw/"


def test_a_file_of_another_kind_is_refused_before_it_is_read(
    client: Client, supplier: User
) -> None:
    two_factor_login(client, supplier)
    response = client.post("/aanleveringen/nieuw/", {"bestand": upload("politie.txt", GOOD_CSV)})
    assert response.status_code == 400
    assert (
        "politie.txt: lever een bestand aan op .csv, .xlsx of .parquet" in response.content.decode()
    )
    assert Delivery.objects.count() == 0


def test_a_file_above_the_size_limit_is_refused_and_not_kept(
    client: Client, supplier: User, settings: Settings, private_temporary_folder: Path
) -> None:
    # given a limit of 1 MB and a file just over it
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = GOOD_CSV + "#" * (1024 * 1024)
    two_factor_login(client, supplier)
    # when it is uploaded
    response = client.post("/aanleveringen/nieuw/", {"bestand": upload("politie.csv", big)})
    # then the form says why, and nothing is stored or left behind
    assert response.status_code == 400
    assert "Het bestand is groter dan 1 MB en is niet opgeslagen." in response.content.decode()
    assert Delivery.objects.count() == 0
    assert list(private_temporary_folder.iterdir()) == []


def test_a_supplier_without_a_partner_code_cannot_deliver(client: Client) -> None:
    two_factor_login(client, user_make("los", Role.PARTNER_SUPPLIER, organisation_make(None)))
    response = client.post("/aanleveringen/nieuw/", {"bestand": upload("politie.csv", GOOD_CSV)})
    assert response.status_code == 400
    assert "Je organisatie heeft geen partnercode" in response.content.decode()
    assert Delivery.objects.count() == 0


def test_the_menu_shows_deliveries_only_to_who_may_deliver(
    client: Client, supplier: User, police: Organisation
) -> None:
    two_factor_login(client, supplier)
    assert '<a href="/aanleveringen/">Aanleveringen</a>' in client.get("/").content.decode()
    two_factor_login(client, user_make("analist", Role.ANALYST, police))
    assert "/aanleveringen/" not in client.get("/").content.decode()
