"""Identity resolution in the application: a linkage run over the current deliveries, the
analysts' review queue, decisions that hold in every later run, and the audit trail.

Synthetic persons only; small hand-made deliveries (the reference model applies).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.accounts.testing import two_factor_login
from regie.audit.models import AuditEvent
from regie.deliveries.constants import Channel
from regie.deliveries.services import delivery_receive
from regie.identity.constants import PairStatus
from regie.identity.models import IdentityRecord, PairDecision, ReviewPair
from regie.identity.services import NotAllowed, PairAlreadyDecided, linkage_run_start, pair_decide
from regie.identity.views import _percent
from regie.linkage.linking import REASON_BAND

pytestmark = pytest.mark.django_db

HEADER = (
    "bron,bron_id,bsn,achternaam,tussenvoegsel,voornamen,geboortedatum,"
    "soort,datum,einddatum,categorie,detail\n"
)
POLICE_ROWS = (
    # Visser with a BSN, twice; a clear row without BSN; an uncertain one (two typos)
    "politie,p-1,200000007,Visser,,Daan,2009-06-12,aanhouding,2025-03-10,,straatroof,\n"
    "politie,p-2,200000007,Visser,,Daan,2009-06-12,verdachte,2025-04-10,,diefstal,\n"
    "politie,p-3,,Visser,,Daan,2009-06-12,verdachte,2025-05-10,,diefstal,\n"
    "politie,p-4,,Vissr,,Dan,2009-06-12,verdachte,2025-06-10,,vernieling,\n"
    "politie,p-5,200000019,Jansen,,Piet,1999-07-30,aanhouding,2025-03-11,,overval,\n"
)


@pytest.fixture
def admin() -> User:
    return User.objects.create_user(username="beheerder", role=Role.ADMINISTRATOR)


@pytest.fixture
def analyst() -> User:
    return User.objects.create_user(username="analist", role=Role.ANALYST, first_name="Ada")


@pytest.fixture
def delivered(tmp_path: Path, admin: User) -> None:
    Organisation.objects.create(name="Politie (synthetisch)", partner="politie")
    path = tmp_path / "politie.csv"
    path.write_text(HEADER + POLICE_ROWS, encoding="utf-8")
    delivery_receive(path=path, partner="politie", delivered_by=admin, channel=Channel.COMMAND_LINE)


def person_of(achternaam: str, voornamen: str) -> str:
    """The one person of every record with these names (with and without BSN)."""
    (key,) = set(
        IdentityRecord.objects.filter(achternaam=achternaam, voornamen=voornamen).values_list(
            "person_key", flat=True
        )
    )
    return str(key)


def test_a_linkage_run_links_the_clear_row_and_queues_the_uncertain_one(
    delivered: None, analyst: User
) -> None:
    # when an analyst starts a linkage run over the current police delivery
    run = linkage_run_start(started_by=analyst)
    # then the clear row without BSN joins Visser, the uncertain one waits in the queue
    visser = person_of("Visser", "Daan")
    assert IdentityRecord.objects.filter(person_key=visser).count() == 2
    assert person_of("Vissr", "Dan") != visser
    (pair,) = ReviewPair.objects.all()
    assert (pair.status, pair.reason) == (PairStatus.OPEN, REASON_BAND)
    assert {pair.record_l.achternaam, pair.record_r.achternaam} == {"Visser", "Vissr"}
    assert [c["column"] for c in pair.comparisons] == [
        "achternaam",
        "voornamen",
        "geboortedatum",
        "gemeente",
    ]
    # and the run is kept with its figures and audited; no BSN is stored in clear
    assert run.receipt["records"] == 4
    assert run.receipt["records_zonder_bsn"] == 2
    assert run.receipt["automatische_koppelingen"] == 1
    assert run.receipt["paren_te_beoordelen"] == 1
    assert AuditEvent.objects.filter(action="linkage_run", subject_id=str(run.pk)).count() == 1
    stored = {str(v) for row in IdentityRecord.objects.values_list() for v in row}
    assert "200000007" not in stored


def test_a_decision_holds_in_every_later_run(delivered: None, analyst: User) -> None:
    linkage_run_start(started_by=analyst)
    pair = ReviewPair.objects.get()
    # when the analyst links the uncertain pair with a note
    decision = pair_decide(pair=pair, decided_by=analyst, is_link=True, note=" zelfde adres ")
    # then the decision is stored and audited
    assert (decision.is_link, decision.note, decision.decided_by) == (True, "zelfde adres", analyst)
    # (one audit record for each of the two persons the pair was until now)
    event, other = AuditEvent.objects.filter(action="identity_pair_linked").order_by("sequence")
    assert {event.person_key, other.person_key} == {
        pair.record_l.person_key,
        pair.record_r.person_key,
    }
    assert (event.actor, event.subject_id, event.detail["note"]) == (
        analyst,
        str(pair.pk),
        "zelfde adres",
    )
    # and every later run links the two records without asking again
    for _ in range(2):
        linkage_run_start(started_by=analyst)
        assert person_of("Vissr", "Dan") == person_of("Visser", "Daan")
        assert ReviewPair.objects.count() == 0


def test_keeping_apart_holds_too_and_a_pair_is_decided_once(delivered: None, analyst: User) -> None:
    linkage_run_start(started_by=analyst)
    pair = ReviewPair.objects.get()
    pair_decide(pair=pair, decided_by=analyst, is_link=False, note="")
    # when someone decides the same pair again
    with pytest.raises(PairAlreadyDecided):
        pair_decide(pair=pair, decided_by=analyst, is_link=True, note="")
    # then the first decision stands, and the next run keeps the records apart, unasked
    assert list(PairDecision.objects.values_list("is_link", flat=True)) == [False]
    linkage_run_start(started_by=analyst)
    assert person_of("Vissr", "Dan") != person_of("Visser", "Daan")
    assert ReviewPair.objects.count() == 0


def test_only_analysts_decide_and_start_runs(delivered: None, analyst: User, admin: User) -> None:
    linkage_run_start(started_by=analyst)
    pair = ReviewPair.objects.get()
    regisseur = User.objects.create_user(username="regisseur", role=Role.REGISSEUR)
    with pytest.raises(NotAllowed):
        pair_decide(pair=pair, decided_by=regisseur, is_link=True, note="")
    with pytest.raises(NotAllowed):
        linkage_run_start(started_by=regisseur)
    assert PairDecision.objects.count() == 0
    assert ReviewPair.objects.get().status == PairStatus.OPEN


def test_the_pair_page_shows_both_records_the_differences_and_the_weight(
    delivered: None, analyst: User
) -> None:
    linkage_run_start(started_by=analyst)
    pair = ReviewPair.objects.get()
    client = Client()
    two_factor_login(client, analyst)
    # when the analyst opens the queue and the pair
    queue = client.get(reverse("identity:queue"))
    page = client.get(reverse("identity:pair", args=[pair.pk]))
    # then the queue lists the pair and the page shows both records side by side
    assert queue.status_code == 200
    assert f'href="/identiteit/paren/{pair.pk}/"' in queue.content.decode()
    assert page.status_code == 200
    html = page.content.decode()
    assert '<td class="verschil">Visser</td>' in html or '<td class="verschil">Vissr</td>' in html
    assert '<td class="verschil">Daan</td>' in html
    assert "<td>12-06-2009</td>" in html  # the same birth date, not marked
    assert "de kans dat twee willekeurige records dezelfde persoon zijn" in html
    assert "één letter anders" in html
    expected = f"{100 * pair.match_probability:.1f}".replace(".", ",")
    assert f"kans dat het dezelfde persoon is: {expected}%" in html
    assert "staat los: nog bij geen persoon met BSN" in html
    # and the viewing is audited, once for each of the two persons
    assert AuditEvent.objects.filter(action="identity_pair_viewed").count() == 2


def test_deciding_in_the_browser_form(delivered: None, analyst: User) -> None:
    linkage_run_start(started_by=analyst)
    pair = ReviewPair.objects.get()
    client = Client()
    two_factor_login(client, analyst)
    url = reverse("identity:pair", args=[pair.pk])
    # when the form is sent without a choice
    refused = client.post(url, {"toelichting": "weet niet"})
    # then it is refused with a message and nothing is decided
    assert refused.status_code == 400
    assert "Kies koppelen of apart houden." in refused.content.decode()
    assert PairDecision.objects.count() == 0
    # when it is sent with "apart houden" and a note
    done = client.post(url, {"besluit": "apart", "toelichting": "andere moeder"})
    # then the decision is stored and the analyst is back at the queue
    assert done.status_code == 302
    assert done["Location"] == reverse("identity:queue")
    decision = PairDecision.objects.get()
    assert (decision.is_link, decision.note) == (False, "andere moeder")
    assert ReviewPair.objects.get().status == PairStatus.KEPT_APART


def test_other_roles_cannot_see_the_queue(delivered: None, analyst: User) -> None:
    linkage_run_start(started_by=analyst)
    pair = ReviewPair.objects.get()
    supplier = User.objects.create_user(username="leverancier", role=Role.PARTNER_SUPPLIER)
    client = Client()
    two_factor_login(client, supplier)
    assert client.get(reverse("identity:queue")).status_code == 403
    assert client.get(reverse("identity:pair", args=[pair.pk])).status_code == 403
    assert client.post(reverse("identity:run_start")).status_code == 403
    assert AuditEvent.objects.filter(action="identity_pair_viewed").count() == 0


def test_a_pair_that_does_not_exist_is_not_found(analyst: User) -> None:
    client = Client()
    two_factor_login(client, analyst)
    assert client.get(reverse("identity:pair", args=[999])).status_code == 404


def test_the_koppelen_command_runs_a_linkage_and_refuses_an_unknown_user(
    delivered: None, analyst: User, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("koppelen", "--gebruiker", "analist")
    out = capsys.readouterr().out
    assert "4 identiteitsrecords (2 zonder BSN), 1 automatisch gekoppeld, 1 paren" in out
    with pytest.raises(CommandError, match="er is geen gebruiker 'niemand'"):
        call_command("koppelen", "--gebruiker", "niemand")


def test_a_near_certain_probability_is_never_shown_as_certain() -> None:
    assert _percent(0.99996) == "meer dan 99,9"
    assert _percent(0.9994) == "99,9"
    assert _percent(0.5) == "50,0"
