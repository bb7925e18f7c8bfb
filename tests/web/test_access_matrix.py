"""Every URL of Regie, every role: what they get, from the matrix in ``accessmatrix.py``.

The URLs are enumerated from the resolver (the apps, the API and the admin); a URL
without an entry in the matrix fails the test, and so does an entry for a URL that no
longer exists. Each cell is checked against the application, over one synthetic world
with real objects: a round with outcomes, a case in regie with its plan, a bottleneck
and a letter, an outflow proposal, deliveries of the police, a pair to review.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

for _kit in ("rounds", "pages"):  # oversightkit, pagekit
    _folder = str(Path(__file__).resolve().parent.parent / _kit)
    if _folder not in sys.path:
        sys.path.insert(0, _folder)

from accessmatrix import (  # noqa: E402
    ADMIN_NAMESPACE,
    ADMIN_NO_OBJECT,
    ADMIN_RULE,
    ADMIN_SPECIAL,
    COLUMN_KEYS,
    COLUMNS,
    LOGIN,
    MATRIX,
    markdown,
)
from oversightkit import HEADER, PEILDATUM, region_ready, user_make  # noqa: E402
from pagekit import client_for  # noqa: E402

from regie.accounts.constants import Role  # noqa: E402
from regie.accounts.models import Organisation, User  # noqa: E402
from regie.audit.models import AuditEvent  # noqa: E402
from regie.cases.constants import CaseStatus, OutflowStatus  # noqa: E402
from regie.cases.models import Case, OutflowProposal  # noqa: E402
from regie.cases.services import candidate_check, dossier_draw_up, regisseur_assign  # noqa: E402
from regie.deliveries.constants import Channel, DeliveryStatus  # noqa: E402
from regie.deliveries.models import Delivery  # noqa: E402
from regie.deliveries.services import DeliveryRefused, delivery_receive  # noqa: E402
from regie.identity.models import IdentityRecord, LinkageRun, ReviewPair  # noqa: E402
from regie.letters.constants import LetterKind  # noqa: E402
from regie.letters.services import letter_produce  # noqa: E402
from regie.plans.constants import LifeDomain  # noqa: E402
from regie.plans.services import (  # noqa: E402
    action_add,
    bottleneck_raise,
    case_partner_add,
    goal_add,
    plan_create,
    plan_submit,
    subgoal_add,
)
from regie.privacy.constants import RightsRequestKind  # noqa: E402
from regie.privacy.services import rights_request_record  # noqa: E402
from regie.rounds.models import RoundOutcome  # noqa: E402
from regie.rounds.services import round_start  # noqa: E402

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "access.md"
#: The (URL × column) combinations checked: the apps' and the API's URLs (GET and POST
#: together), and the admin's. Asserted, so that the matrix cannot silently shrink.
EXPECTED_CHECKS = (1154, 876)
#: Audit actions that record a read, not a change.
READ_ACTIONS = ("_viewed", "_downloaded", "_exported")
UNNAMED = "(zonder naam)"
REGIE_APPS = ("accounts", "deliveries", "audit", "identity", "rounds", "cases", "letters", "plans")


# --- the URLs of the application -------------------------------------------------------------


@dataclass(frozen=True)
class Url:
    name: str  # namespace:name
    route: str  # the route pattern from the root, without the leading slash
    pattern: URLPattern


def urls_enumerated() -> list[Url]:
    found: list[Url] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for item in resolver.url_patterns:
            if isinstance(item, URLResolver):
                inner = ":".join(n for n in (namespace, item.namespace or "") if n)
                walk(item, prefix + str(item.pattern), inner)
            else:
                local = item.name or UNNAMED
                name = f"{namespace}:{local}" if namespace else local
                found.append(Url(name, prefix + str(item.pattern), item))

    walk(get_resolver(), "", "")
    return found


def test_every_url_has_an_entry_in_the_matrix_and_every_entry_a_url() -> None:
    urls = urls_enumerated()
    app_urls = [u for u in urls if not u.name.startswith(f"{ADMIN_NAMESPACE}:")]
    missing = [
        f"nieuwe URL zonder regel in de toegangsmatrix: {u.name} /{u.route}"
        for u in app_urls
        if u.name not in MATRIX
    ]
    names = {u.name for u in urls}
    gone = [
        f"regel in de toegangsmatrix voor een URL die niet meer bestaat: {name}"
        for name in [*MATRIX, *ADMIN_SPECIAL]
        if name not in names
    ]
    changed = [
        f"route van {u.name} is /{u.route}, de matrix zegt /{MATRIX[u.name].route}"
        for u in app_urls
        if u.name in MATRIX and MATRIX[u.name].route != u.route
    ]
    unnamed = [f"URL zonder naam: /{u.route}" for u in app_urls if u.name.endswith(UNNAMED)]
    problems = [*missing, *gone, *changed, *unnamed]
    assert not problems, "\n".join(problems)


def test_a_url_without_an_entry_is_named_in_the_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    # given the matrix without its entry for the case page
    trimmed = {name: entry for name, entry in MATRIX.items() if name != "cases:detail"}
    monkeypatch.setattr(sys.modules[__name__], "MATRIX", trimmed)
    # when the completeness test runs, then it names the URL
    with pytest.raises(AssertionError) as failed:
        test_every_url_has_an_entry_in_the_matrix_and_every_entry_a_url()
    assert (
        "nieuwe URL zonder regel in de toegangsmatrix: cases:detail /dossiers/<int:case_id>/"
        in str(failed.value)
    )


def test_docs_access_md_is_the_matrix() -> None:
    assert DOCS.read_text(encoding="utf-8") == markdown(), (
        "docs/access.md loopt achter op tests/web/accessmatrix.py; maak hem opnieuw "
        "(de opdracht staat bovenaan docs/access.md)"
    )


# --- the world --------------------------------------------------------------------------------


@dataclass
class World:
    users: dict[str, User | None]
    ids: dict[str, int]
    keys: dict[str, str]

    def fill(self, text: str) -> str:
        return text.format(**self.ids, **self.keys)


POLICE_REFUSED = (
    HEADER + "politie,p-9,300000005,Visser,,Daan,2009-06-12,vechtpartij,2025-03-10,,,\n"
)


def _daan_with_a_plan(users: dict[str, User], probation: Organisation) -> dict[str, int]:
    """Daan in regie with ``regisseur``: a submitted plan with an action of probation, a
    bottleneck and an instroombrief."""
    daan = Case.objects.get(voornamen="Daan", approach="top400")
    candidate_check(case=daan, checked_by=users["analist"])
    dossier_draw_up(case=daan, drawn_up_by=users["analist"], dossier="Synthetisch dossier.")
    regisseur = users["regisseur"]
    daan = regisseur_assign(case=daan, assigned_by=users["manager"], regisseur=regisseur)
    plan = plan_create(case=daan, created_by=regisseur)
    case_partner_add(
        case=daan, added_by=regisseur, organisation=probation, role="uitvoerder", contact="T. Test"
    )
    goal = goal_add(
        plan=plan, added_by=regisseur, life_domain=LifeDomain.HOUSING, description="Een kamer."
    )
    subgoal = subgoal_add(goal=goal, added_by=regisseur, description="Inschrijven")
    action = action_add(
        subgoal=subgoal,
        added_by=regisseur,
        description="Begeleiden bij inschrijven",
        organisation=probation,
        responsible="T. Synthetisch",
        deadline=timezone.localdate() + timedelta(days=14),
    )
    plan_submit(plan=plan, submitted_by=regisseur)
    bottleneck = bottleneck_raise(case=daan, raised_by=regisseur, description="Geen woning.")
    letter = letter_produce(case=daan, kind=LetterKind.INFLOW, produced_by=regisseur)
    return {
        "case": daan.pk,
        "plan": plan.pk,
        "goal": goal.pk,
        "subgoal": subgoal.pk,
        "action": action.pk,
        "bottleneck": bottleneck.pk,
        "letter": letter.pk,
    }


@pytest.fixture
def world(tmp_path: Path) -> World:
    region = region_ready(tmp_path)
    round_ = round_start(peildatum=PEILDATUM, started_by=region["analist"], background=False)
    beheerder = region["beheerder"]
    User.objects.filter(pk=beheerder.pk).update(is_staff=True, is_superuser=True)
    beheerder.refresh_from_db()
    zvh = region["manager"].organisation
    police = Organisation.objects.get(partner="politie")
    prosecution = Organisation.objects.get(partner="om")
    probation = Organisation.objects.get(partner="reclassering")
    housing = Organisation.objects.create(name="Woningcorporatie (synthetisch)")
    privacy = user_make("privacy", Role.PRIVACY_OFFICER, zvh)
    users: dict[str, User | None] = {
        "anoniem": None,
        "leverancier": user_make("leverancier", Role.PARTNER_SUPPLIER, police),
        "leverancier_ander": user_make("leverancier_om", Role.PARTNER_SUPPLIER, prosecution),
        "uitvoerder": user_make("uitvoerder", Role.INTERVENTION_PROVIDER, probation),
        "uitvoerder_ander": user_make("uitvoerder_woning", Role.INTERVENTION_PROVIDER, housing),
        "analist": region["analist"],
        "regisseur": region["regisseur"],
        "regisseur_ander": region["regisseur2"],
        "panel": user_make("panel", Role.PANEL_MEMBER, zvh),
        "manager": region["manager"],
        "privacy": privacy,
        "beheerder": beheerder,
    }
    ids = _daan_with_a_plan(region, probation)

    # Sem, in regie with the same regisseur, and the open proposal to let him flow out
    proposal = OutflowProposal.objects.get(case__voornamen="Sem", status=OutflowStatus.OPEN)
    Case.objects.filter(pk=proposal.case_id).update(regisseur=region["regisseur"])
    assert Case.objects.get(pk=proposal.case_id).status == CaseStatus.IN_REGIE

    # a refused delivery of the police (it has a report), besides the accepted one
    refused_file = tmp_path / "politie-fout.csv"
    refused_file.write_text(POLICE_REFUSED, encoding="utf-8")
    with pytest.raises(DeliveryRefused) as refused:
        delivery_receive(
            path=refused_file,
            partner="politie",
            delivered_by=beheerder,
            channel=Channel.COMMAND_LINE,
        )
    accepted = Delivery.objects.get(organisation=police, status=DeliveryStatus.ACCEPTED)

    # a pair of records for the analysts to review
    run = LinkageRun.objects.latest("pk")
    left, right = IdentityRecord.objects.filter(run=run).order_by("pk")[:2]
    pair = ReviewPair.objects.create(
        run=run,
        record_l=left,
        record_r=right,
        match_weight=1.5,
        match_probability=0.74,
        prior_weight=-3.0,
        reason="onzeker: synthetisch paar",
    )
    # a request for correction of Daan, not yet decided
    rights = rights_request_record(
        case=Case.objects.get(pk=ids["case"]),
        kind=RightsRequestKind.CORRECTION,
        received_on=PEILDATUM,
        request="Mijn adres klopt niet.",
        recorded_by=privacy,
    )
    ids |= {
        "rights_request": rights.pk,
        "round": round_.pk,
        "outcome": RoundOutcome.objects.filter(round=round_).order_by("pk")[0].pk,
        "outflow_case": proposal.case_id,
        "proposal": proposal.pk,
        "delivery": accepted.pk,
        "refused_delivery": refused.value.delivery.pk,
        "pair": pair.pk,
        "regisseur_id": region["regisseur"].pk,
        "regisseur_ander_id": region["regisseur2"].pk,
        "housing_id": housing.pk,
        "probation_id": probation.pk,
    }
    return World(users, ids, {"person_key": rights.person_key})


def _clients(world: World) -> Iterator[tuple[str, Client]]:
    for key in COLUMN_KEYS:
        user = world.users[key]
        yield key, Client() if user is None else client_for(user)


def _fingerprint() -> tuple[Any, ...]:
    """What a refused POST must leave as it was: the rows of every Regie table, the
    statuses, and the audit records of changes (reads are audited too; they may grow)."""
    parts: list[Any] = []
    for model in apps.get_models():
        if model._meta.app_label not in REGIE_APPS or model is AuditEvent:
            continue
        rows = model._default_manager.all()
        parts.append((model._meta.label, rows.count()))
        if any(f.name == "status" for f in model._meta.get_fields()):
            parts.append(tuple(rows.order_by("pk").values_list("pk", "status")))
    changes = AuditEvent.objects.exclude(action__endswith=READ_ACTIONS[0])
    for suffix in READ_ACTIONS[1:]:
        changes = changes.exclude(action__endswith=suffix)
    parts.append(("changes", changes.count()))
    return tuple(parts)


def _location_ok(status: int, response: Any, login: str = "/inloggen/") -> bool:
    """A 302 must send to ``login``: a login page (with ``?next=``) or an exact address."""
    if status != LOGIN:
        return True
    location = str(response["Location"])
    return location == login or location.startswith(f"{login}?next=")


# --- the check --------------------------------------------------------------------------------


def _check_entries(world: World, clients: dict[str, Client]) -> tuple[int, list[str]]:
    checked, wrong = 0, []
    for name, entry in MATRIX.items():
        path = world.fill(entry.path)
        data = {key: world.fill(value) for key, value in entry.data.items()}
        for column in COLUMN_KEYS:
            response = clients[column].get(path)
            checked += 1
            expected = entry.get[column]
            login = entry.onward if entry.onward and column != "anoniem" else "/inloggen/"
            if response.status_code != expected or not _location_ok(expected, response, login):
                wrong.append(
                    f"GET {name} {path} als {column}: {response.status_code}, verwacht {expected}"
                )
        for column, expected in entry.post.items():
            before = _fingerprint()
            response = clients[column].post(path, data)
            checked += 1
            if response.status_code != expected or not _location_ok(expected, response):
                wrong.append(
                    f"POST {name} {path} als {column}: {response.status_code}, verwacht {expected}"
                )
            if _fingerprint() != before:
                wrong.append(f"POST {name} {path} als {column} veranderde iets")
    return checked, wrong


def _admin_path(url: Url, world: World) -> tuple[str, bool]:
    """An address for an admin URL, its arguments filled from the world; and whether it
    names an object that does not exist (no row of its model in the world)."""
    if url.name.endswith(UNNAMED):  # the admin's catch-all
        return "/beheer/geen-pagina/", False
    missing = False
    kwargs: dict[str, Any] = {}
    model_name = url.name.removeprefix("admin:").rsplit("_", 1)[0]
    model = next(
        (m for m in apps.get_models() if f"{m._meta.app_label}_{m._meta.model_name}" == model_name),
        User,
    )
    for argument in url.pattern.pattern.regex.groupindex:
        if argument == "app_label":
            kwargs[argument] = model._meta.app_label if model is not User else "accounts"
        elif argument == "content_type_id":
            kwargs[argument] = ContentType.objects.get_for_model(User).pk
            kwargs["object_id"] = str(world.ids["regisseur_id"])
        elif argument not in kwargs:  # object_id, id, pk: the first object of the model
            first = model._default_manager.order_by("pk").first()
            missing = first is None
            kwargs[argument] = str(first.pk if first is not None else 1)
    return reverse(url.name, kwargs=kwargs), missing


def _check_admin(world: World, clients: dict[str, Client]) -> tuple[int, list[str]]:
    checked, wrong = 0, []
    for url in urls_enumerated():
        if not url.name.startswith(f"{ADMIN_NAMESPACE}:"):
            continue
        path, missing = _admin_path(url, world)
        rule = ADMIN_SPECIAL.get(url.name, ADMIN_RULE)
        if missing and url.name not in ADMIN_SPECIAL:
            rule = {**rule, "beheerder": ADMIN_NO_OBJECT}
        # logging out sends to the admin's index first, which sends on to its login
        login = "/beheer/" if url.name == "admin:logout" else "/beheer/login/"
        for column in COLUMN_KEYS:
            response = clients[column].get(path)
            checked += 1
            expected = rule[column]
            # the administrator is sent on to the admin's index, not to a login page
            to_login = column != "beheerder"
            if response.status_code != expected or (
                to_login and not _location_ok(expected, response, login)
            ):
                wrong.append(
                    f"GET {url.name} {path} als {column}: {response.status_code}, "
                    f"verwacht {expected}"
                )
    return checked, wrong


def test_every_role_gets_what_the_matrix_says_at_every_url(world: World) -> None:
    clients = dict(_clients(world))
    checked, wrong = _check_entries(world, clients)
    admin_checked, admin_wrong = _check_admin(world, clients)
    problems = [*wrong, *admin_wrong]
    assert not problems, f"{len(problems)} afwijkingen:\n" + "\n".join(problems)
    # the count of (URL × column) checks, so that the matrix cannot silently shrink
    assert (checked, admin_checked) == EXPECTED_CHECKS


def test_the_matrix_has_a_column_for_every_role() -> None:
    roles = {role for _, _, role in COLUMNS if role is not None}
    assert roles == set(Role)


def test_a_post_that_changes_something_changes_the_fingerprint(world: World) -> None:
    """The "nothing changed" check above can fail: an allowed POST does change it."""
    regisseur = world.users["regisseur"]
    assert regisseur is not None
    before = _fingerprint()
    response = client_for(regisseur).post(
        world.fill("/regie/{case}/knelpunt/"), {"beschrijving": "Geen werk."}
    )
    assert response.status_code == 302
    assert _fingerprint() != before
