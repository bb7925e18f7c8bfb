"""An analyst works the review queue in the browser: opens the uncertain pair, sees both
records side by side with the differences marked and the match weight explained, links
them with a note; the next linkage run respects the decision."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from regie.accounts.constants import Role
from regie.accounts.models import User
from regie.audit.models import AuditEvent
from regie.deliveries.constants import Channel
from regie.deliveries.services import delivery_receive
from regie.identity.models import IdentityRecord, PairDecision, ReviewPair
from regie.identity.services import linkage_run_start

pytestmark = pytest.mark.django_db(transaction=True)

POLICE_CSV = (
    "bron,bron_id,bsn,achternaam,tussenvoegsel,voornamen,geboortedatum,"
    "soort,datum,einddatum,categorie,detail\n"
    "politie,p-1,200000007,Visser,,Daan,2009-06-12,aanhouding,2025-03-10,,straatroof,\n"
    "politie,p-2,200000007,Visser,,Daan,2009-06-12,verdachte,2025-04-10,,diefstal,\n"
    "politie,p-3,,Vissr,,Dan,2009-06-12,verdachte,2025-06-10,,vernieling,\n"
    "politie,p-4,200000019,Jansen,,Piet,1999-07-30,aanhouding,2025-03-11,,overval,\n"
)


def test_an_analyst_links_an_uncertain_pair_with_a_note(
    user_make: Callable[..., User],
    logged_in_page: Callable[..., Page],
    tmp_path: Path,
) -> None:
    # given a police delivery with an uncertain row without BSN, linked once
    administrator = user_make("beheerder", Role.ADMINISTRATOR, partner="politie")
    analyst = user_make("analist", Role.ANALYST)
    path = tmp_path / "politie.csv"
    path.write_text(POLICE_CSV, encoding="utf-8")
    delivery_receive(
        path=path, partner="politie", delivered_by=administrator, channel=Channel.COMMAND_LINE
    )
    linkage_run_start(started_by=analyst)
    pair = ReviewPair.objects.get()

    # when the analyst opens the review queue from the menu
    page = logged_in_page(analyst)
    page.get_by_role("link", name="Te beoordelen paren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Te beoordelen paren")
    page.get_by_role("link", name=f"Paar {pair.pk}").click()

    # then both records stand side by side, the differing names marked, the birth date not
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Paar {pair.pk}: dezelfde persoon?")
    records = page.locator("#records")
    surname = records.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Achternaam")
    )
    expect(surname.locator("td.verschil")).to_have_count(2)
    expect(surname.locator("td").last).to_have_text("anders")
    birth = records.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Geboortedatum")
    )
    expect(birth.locator("td.verschil")).to_have_count(0)
    expect(birth.locator("td").last).to_have_text("gelijk")
    # and the match weight is explained line by line, up to the total
    explanation = page.locator("#uitleg")
    expect(explanation.get_by_role("rowheader")).to_have_text(
        ["startpunt", "achternaam", "voornamen", "geboortedatum", "gemeente", "matchgewicht"]
    )
    expect(explanation.locator("tfoot td").last).to_have_text(
        f"{pair.match_weight:.1f}".replace(".", ",")
    )

    # when they link the pair with a note
    page.get_by_label("Zelfde persoon: koppelen").check()
    page.get_by_label("Toelichting (niet verplicht)").fill("zelfde geboortedatum, typefouten")
    page.get_by_role("button", name="Besluit vastleggen").click()

    # then they are back at the queue, now empty, with a message
    expect(page.get_by_role("status")).to_contain_text(f"Paar {pair.pk} gekoppeld.")
    expect(page.get_by_text("Er zijn geen open paren.")).to_be_visible()
    decision = PairDecision.objects.get()
    assert (decision.is_link, decision.note, decision.decided_by) == (
        True,
        "zelfde geboortedatum, typefouten",
        analyst,
    )
    # the queue, the pair and the decision are each logged once per person of the pair
    assert list(
        AuditEvent.objects.filter(actor=analyst).order_by("pk").values_list("action", flat=True)
    ) == [
        "linkage_run",
        "identity_queue_listed",
        "identity_queue_listed",
        "identity_pair_viewed",
        "identity_pair_viewed",
        "identity_pair_linked",
        "identity_pair_linked",
    ]
    pair_persons = {pair.record_l.person_key, pair.record_r.person_key}
    assert len(pair_persons) == 2
    for action in ("identity_queue_listed", "identity_pair_viewed", "identity_pair_linked"):
        logged = AuditEvent.objects.filter(actor=analyst, action=action)
        assert set(logged.values_list("person_key", flat=True)) == pair_persons, action

    # and when they start the next linkage run, the two records are one person
    page.get_by_role("button", name="Koppelronde starten").click()
    expect(page.get_by_role("status")).to_contain_text("0 paren te beoordelen")
    keys = set(
        IdentityRecord.objects.filter(achternaam__in=["Visser", "Vissr"]).values_list(
            "person_key", flat=True
        )
    )
    assert len(keys) == 1
