"""The privacy officer's page of what retention removed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import timezone
from oversightkit import user_make
from pagekit import client_for, page_text
from pytest_django.fixtures import Settings
from retentionkit import round_decided

from regie.accounts.constants import Role
from regie.retention.services import retention_run

pytestmark = pytest.mark.django_db


def _cells(text: str, table_id: str) -> list[list[str]]:
    found = re.search(rf'<table id="{table_id}">(.*?)</table>', text, re.S)
    assert found is not None, f"no table {table_id} on the page"
    return [
        [re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", found[1], re.S)
        if "<td>" in row
    ]


def test_the_privacy_officer_sees_each_kind_removed_with_count_term_and_who(
    tmp_path: Path, settings: Settings
) -> None:
    # given a run by the system on a decided round
    settings.RETENTION_FACTS_DAYS = 0
    settings.RETENTION_AUDIT_YEARS = 100
    round_decided(tmp_path)
    retention_run(today=timezone.localdate(), dry_run=False, actor=None)
    officer = user_make("fg", Role.PRIVACY_OFFICER)
    # when the privacy officer opens the page
    response = client_for(officer).get("/bewaartermijnen/")
    # then it lists every kind of the run: when, by whom, kind, term, count
    assert response.status_code == 200
    when = timezone.localtime(timezone.now()).strftime("%d-%m-%Y")
    facts = "0 dagen nadat het instroommoment is afgerond"
    rows = _cells(page_text(response), "opschoonrondes")
    assert [row[0][:10] for row in rows] == [when] * 6
    assert [row[1:] for row in rows] == [
        [
            "het systeem",
            "Dossiers (met plan, brieven en alles eronder)",
            "5 jaar na uitstroom of intrekking",
            "0",
        ],
        ["het systeem", "Uitkomsten van niet-geselecteerden", facts, "1"],
        ["het systeem", "Feiten van niet-geselecteerden", facts, "7"],
        ["het systeem", "Identiteitsrecords zonder feiten", facts, "2"],
        ["het systeem", "Inloggegevens van medewerkers (pogingen, sessies)", "180 dagen", "0"],
        ["het systeem", "Regels van de audittrail", "100 jaar", "0"],
    ]
    assert '<a href="/bewaartermijnen/" aria-current="page">Bewaartermijnen</a>' in page_text(
        response
    )


@pytest.mark.parametrize("role", [Role.ANALYST, Role.PROGRAMME_MANAGER, Role.ADMINISTRATOR])
def test_other_roles_do_not_see_the_page(role: Role) -> None:
    # given a user in another role
    user = user_make("iemand", role)
    # when they open the page
    response = client_for(user).get("/bewaartermijnen/")
    # then it does not exist for them, and the navigation has no link to it
    assert response.status_code == 404
    home = client_for(user).get("/")
    assert "/bewaartermijnen/" not in page_text(home)
