"""The privacy officer reads the access log: filtered, exported as CSV, its chain checked;
and every one of those looks is in the log itself."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from django.db import connection
from django.test import Client
from privacyworld import ANNA, BRAM, World

from regie.accounts.testing import two_factor_login
from regie.audit.models import AuditEvent
from regie.audit.services import audit_record

LOG = "/privacy/logboek/"


def _officer(world: World) -> Client:
    return two_factor_login(Client(), world.users["fg"])


def _sequences(page: str) -> list[int]:
    body = page.split('<table id="logboek">', 1)[1]
    return [int(n) for n in re.findall(r"<tr>\s*<td>(\d+)</td>", body)]


def test_the_log_filtered_on_a_person_shows_exactly_their_records(world: World) -> None:
    # given the panel looked at Anna and the regisseur at Bram
    panel, regisseur = world.users["panel"], world.users["regisseur"]
    anna_look = audit_record(actor=panel, action="plan_viewed", subject=panel, person_key=ANNA)
    audit_record(actor=regisseur, action="case_viewed", subject=regisseur, person_key=BRAM)
    anna_records = list(
        AuditEvent.objects.filter(person_key=ANNA)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
    )
    # when the privacy officer filters the log on Anna
    response = _officer(world).get(LOG, {"persoon": ANNA})
    # then the page lists exactly Anna's records, newest first, with who, what and why
    assert response.status_code == 200
    assert [link.label for link in response.context["navigation"]] == [
        "Start",
        "Privacy",
        "Logboek",
        "Bewaartermijnen",
    ]
    page = response.content.decode()
    assert _sequences(page) == anna_records
    assert anna_look.sequence in anna_records
    assert "Pim Panel (panel, lid expertpanel)" in page
    assert "plannen van aanpak beoordelen in het expertpanel" in page
    # and the look itself is logged, with Anna as the person
    looked = AuditEvent.objects.filter(action="audit_log_viewed").get()
    assert (looked.actor, looked.person_key, looked.detail) == (
        world.users["fg"],
        ANNA,
        {"filters": {"person_key": ANNA}, "page": 1},
    )


def test_the_export_is_a_csv_with_neutralised_cells_and_is_logged(world: World) -> None:
    # given a record whose person key a partner system made up to look like a formula
    actor = world.users["regisseur"]
    audit_record(actor=actor, action="case_viewed", subject=actor, person_key="=1+1")
    # when the officer exports the records of that user on that action
    response = _officer(world).get(
        LOG, {"gebruiker": "regisseur", "handeling": "case_viewed", "formaat": "csv"}
    )
    # then a CSV comes back whose formula cell is shown as text
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="logboek.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "volgnummer",
        "tijdstip",
        "gebruiker",
        "rol",
        "organisatie",
        "handeling",
        "wat",
        "persoon",
        "doel",
        "object",
    ]
    expected = AuditEvent.objects.filter(actor=actor, action="case_viewed").count()
    assert len(rows) == 1 + expected
    assert rows[1][2:4] == ["regisseur", "regisseur"]
    assert rows[1][7] == "'=1+1"
    assert rows[1][8] == "de regie voeren over de eigen deelnemers"
    # and the export is in the log
    exported = AuditEvent.objects.get(action="audit_log_exported")
    assert exported.detail == {
        "filters": {"actor_username": "regisseur", "action": "case_viewed"},
        "records": expected,
    }


def test_checking_the_chain_reports_intact_then_the_altered_record(world: World) -> None:
    officer = _officer(world)
    actor = world.users["analist"]
    for n in range(3):
        audit_record(actor=actor, action="case_viewed", subject=actor, person_key=ANNA, n=n)
    total = AuditEvent.objects.count()
    # when the officer checks an untouched log
    response = officer.post(LOG, follow=True)
    # then it is intact, and the check itself is logged
    page = html.unescape(response.content.decode())
    assert f"De audittrail is intact: {total:,} regels, de hashketen klopt." in page
    assert AuditEvent.objects.get(action="audit_chain_checked").detail == {
        "records": total,
        "intact": True,
    }
    # when someone changes the second record behind the application's back
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET purpose = %s WHERE sequence = 2",
            ["nieuwsgierigheid"],
        )
    response = officer.post(LOG, follow=True)
    # then the check names it
    assert (
        "De audittrail is niet intact: regel 2 is veranderd: de inhoud past niet bij de hash."
        in response.content.decode()
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"van": "2026-03-10", "tot": "2026-03-01"}, "Deze datum ligt voor de datum bij 'Van'."),
        ({"van": "2999-01-01"}, "Deze datum ligt in de toekomst."),
        ({"van": "31-02-2026"}, "Voer een geldige datum in."),
    ],
)
def test_bad_filters_are_refused_with_a_message_and_nothing_is_logged(
    world: World, query: dict[str, str], message: str
) -> None:
    before = AuditEvent.objects.count()
    response = _officer(world).get(LOG, query)
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert AuditEvent.objects.count() == before
