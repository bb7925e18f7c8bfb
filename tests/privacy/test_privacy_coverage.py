"""The access log's coverage: every page that shows persons records each person it shows,
with the purpose of the viewer's role (issue 7)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import reverse
from privacyworld import ANNA, ANNA_BORN, BRAM, COR, LOOSE, World

_PAGES = str(Path(__file__).resolve().parent.parent / "pages")
if _PAGES not in sys.path:
    sys.path.insert(0, _PAGES)

from pagekit import client_for  # noqa: E402

from regie.audit.chain import GENESIS  # noqa: E402
from regie.audit.models import AuditEvent  # noqa: E402
from regie.audit.purposes import purpose_of  # noqa: E402
from regie.audit.selectors import audit_chain_verify  # noqa: E402

NAMES = {ANNA: "Aalders", BRAM: "Bakker", COR: "Claassen"}


@dataclass(frozen=True)
class Page:
    name: str
    viewer: str
    url: Callable[[World], str]
    shows: frozenset[str]
    action: str  # the action of the records that name the persons


PAGES = [
    Page(
        "rounds: a round's outcomes",
        "analist",
        lambda w: reverse("rounds:detail", args=[w.round.pk]),
        frozenset({ANNA, BRAM, COR}),
        "round_outcome_listed",
    ),
    Page(
        "rounds: one outcome",
        "analist",
        lambda w: reverse("rounds:outcome", args=[w.round.pk, w.outcomes[COR].pk]),
        frozenset({COR}),
        "round_outcome_viewed",
    ),
    Page(
        "cases: the list",
        "analist",
        lambda w: reverse("cases:list"),
        frozenset({ANNA, BRAM, COR}),
        "case_listed",
    ),
    Page(
        "cases: a regisseur's own list",
        "regisseur",
        lambda w: reverse("cases:list"),
        frozenset({ANNA, BRAM}),
        "case_listed",
    ),
    Page(
        "cases: one case",
        "manager",
        lambda w: reverse("cases:detail", args=[w.cases[BRAM].pk]),
        frozenset({BRAM}),
        "case_viewed",
    ),
    Page(
        "cases: assigning a regisseur",
        "manager",
        lambda w: reverse("cases:assign", args=[w.cases[ANNA].pk]),
        frozenset({ANNA}),
        "case_assign_viewed",
    ),
    Page(
        "plans: the case direction page",
        "regisseur",
        lambda w: reverse("plans:case", args=[w.cases[ANNA].pk]),
        frozenset({ANNA}),
        "plan_case_viewed",
    ),
    Page(
        "plans: a provider's view of a case",
        "reclassering",
        lambda w: reverse("plans:case", args=[w.cases[ANNA].pk]),
        frozenset({ANNA}),
        "plan_case_viewed",
    ),
    Page(
        "plans: the regisseur's overview",
        "regisseur",
        lambda w: reverse("plans:mine"),
        frozenset({ANNA, BRAM}),
        "regisseur_overview_listed",
    ),
    Page(
        "plans: the manager's overview",
        "manager",
        lambda w: reverse("plans:overview"),
        frozenset({ANNA, BRAM}),
        "manager_overview_listed",
    ),
    Page(
        "plans: the panel's agenda",
        "panel",
        lambda w: reverse("plans:panel"),
        frozenset({ANNA}),
        "panel_agenda_listed",
    ),
    Page(
        "plans: a plan for the panel",
        "panel",
        lambda w: reverse("plans:plan_review", args=[w.plan.pk]),
        frozenset({ANNA}),
        "plan_viewed",
    ),
    Page(
        "plans: the intervention provider's cases",
        "reclassering",
        lambda w: reverse("plans:provider"),
        frozenset({ANNA}),
        "provider_cases_listed",
    ),
    Page(
        "identity: the review queue",
        "analist",
        lambda w: reverse("identity:queue"),
        frozenset({ANNA, LOOSE}),
        "identity_queue_listed",
    ),
    Page(
        "identity: a pair (two records, two persons)",
        "analist",
        lambda w: reverse("identity:pair", args=[w.pair.pk]),
        frozenset({ANNA, LOOSE}),
        "identity_pair_viewed",
    ),
    Page(
        "letters: a letter's PDF",
        "regisseur",
        lambda w: reverse("letters:pdf", args=[w.letter.pk]),
        frozenset({ANNA}),
        "letter_downloaded",
    ),
    Page(
        "privacy: a person",
        "fg",
        lambda w: reverse("privacy:person", args=[ANNA]),
        frozenset({ANNA}),
        "privacy_person_viewed",
    ),
    Page(
        "privacy: a search",
        "fg",
        lambda w: (
            reverse("privacy:index") + f"?achternaam=aalders&geboortedatum={ANNA_BORN.isoformat()}"
        ),
        frozenset({ANNA, LOOSE}),
        "privacy_search_listed",
    ),
]


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_a_page_that_shows_persons_records_each_of_them(world: World, page: Page) -> None:
    # given a user whose role may open the page
    viewer = world.users[page.viewer]
    before = AuditEvent.objects.count()
    # when they open it
    response = client_for(viewer).get(page.url(world))
    # then it is shown, and the new audit records name exactly the persons it shows,
    # each once, with the purpose of the viewer's role
    assert response.status_code == 200
    named = AuditEvent.objects.order_by("sequence")[before:].exclude(person_key="")
    assert sorted(e.person_key for e in named) == sorted(page.shows)
    assert {(e.action, e.actor_id, e.purpose) for e in named} == {
        (page.action, viewer.pk, purpose_of(viewer.role))
    }
    if response["Content-Type"].startswith("text/html"):
        text = response.content.decode()
        for key, surname in NAMES.items():
            assert (surname in text) == (key in page.shows), surname
    # and the chain still holds
    total, checked, broken = audit_chain_verify()
    assert (checked, broken) == (total, None)


def test_the_managers_csv_names_no_person_and_records_none(world: World) -> None:
    # when the programme manager downloads the overview's figures
    before = AuditEvent.objects.count()
    response = client_for(world.users["manager"]).get(reverse("plans:overview_csv"))
    # then the file holds figures only, and no record names a person
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200
    assert all(surname not in text for surname in NAMES.values())
    new = list(AuditEvent.objects.order_by("sequence")[before:])
    assert [(e.action, e.person_key) for e in new] == [("manager_overview_exported", "")]


def test_the_records_of_a_list_are_consecutive_links_of_the_chain(world: World) -> None:
    # when the analyst opens the list of every case
    client_for(world.users["analist"]).get(reverse("cases:list"))
    # then the three records of the persons follow each other, each pointing to the one before
    listed = list(AuditEvent.objects.filter(action="case_listed").order_by("sequence"))
    assert len(listed) == 3
    first = listed[0].sequence
    assert first is not None
    assert [e.sequence for e in listed] == [first, first + 1, first + 2]
    assert [e.previous_hash for e in listed[1:]] == [e.hash for e in listed[:-1]]
    assert listed[0].previous_hash != GENESIS or first == 1
