"""API tokens: issued to a partner organisation, shown once, stored only as a hash, revocable."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User
from regie.audit.models import AuditEvent
from regie.deliveries.models import ApiToken
from regie.deliveries.tokens import (
    ApiTokenNotAllowed,
    api_token_authenticate,
    api_token_issue,
    api_token_revoke,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def police() -> Organisation:
    return Organisation.objects.create(name="Politie (synthetisch)", partner="politie")


@pytest.fixture
def administrator() -> User:
    return User.objects.create_user(username="beheerder", role=Role.ADMINISTRATOR)


def test_the_command_prints_a_new_token_once_and_stores_its_hash(
    police: Organisation, administrator: User
) -> None:
    # when an administrator issues a token for the police
    out = io.StringIO()
    call_command(
        "api_token",
        "--organisatie",
        "politie",
        "--naam",
        "koppeling politie",
        "--gebruiker",
        "beheerder",
        stdout=out,
    )
    # then the token is printed, its hash stored, and it authenticates
    token = ApiToken.objects.get()
    first, clear = out.getvalue().splitlines()
    assert first == (
        f"API-token {token.pk} voor Politie (synthetisch) (politie), 'koppeling politie'. "
        "Bewaar de token nu: hij wordt niet opgeslagen en niet opnieuw getoond."
    )
    assert token.token_sha256 == hashlib.sha256(clear.encode()).hexdigest()
    assert (token.organisation, token.name, token.created_by) == (
        police,
        "koppeling politie",
        administrator,
    )
    assert token.acts_as.username == "api-politie"
    assert api_token_authenticate(clear) == token
    assert list(AuditEvent.objects.values_list("actor", "action", "subject_id")) == [
        (administrator.pk, "api_token_issued", str(token.pk))
    ]


def test_two_tokens_of_one_organisation_act_as_the_same_api_user(police: Organisation) -> None:
    first = api_token_issue(organisation=police, name="een", issued_by=None)
    second = api_token_issue(organisation=police, name="twee", issued_by=None)
    assert first.clear != second.clear
    assert first.token.acts_as == second.token.acts_as
    assert User.objects.filter(username="api-politie").count() == 1


def test_a_revoked_token_no_longer_authenticates(police: Organisation) -> None:
    issued = api_token_issue(organisation=police, name="koppeling", issued_by=None)
    out = io.StringIO()
    call_command("api_token", "--intrekken", str(issued.token.pk), stdout=out)
    assert (
        out.getvalue()
        == f"API-token {issued.token.pk} (Politie (synthetisch) · koppeling) is ingetrokken.\n"
    )
    assert api_token_authenticate(issued.clear) is None


def test_revoking_twice_is_refused_and_changes_nothing(police: Organisation) -> None:
    issued = api_token_issue(organisation=police, name="koppeling", issued_by=None)
    revoked = api_token_revoke(token=issued.token, revoked_by=None)
    with pytest.raises(ApiTokenNotAllowed, match=f"token {issued.token.pk} is al ingetrokken op "):
        api_token_revoke(token=issued.token, revoked_by=None)
    assert ApiToken.objects.get().revoked_at == revoked.revoked_at
    assert AuditEvent.objects.filter(action="api_token_revoked").count() == 1


def test_an_organisation_without_a_partner_code_gets_no_token() -> None:
    zvh = Organisation.objects.create(name="Zorg- en Veiligheidshuis (synthetisch)")
    with pytest.raises(ApiTokenNotAllowed, match="heeft geen partnercode en levert niet aan"):
        api_token_issue(organisation=zvh, name="koppeling", issued_by=None)
    assert ApiToken.objects.count() == 0
    assert User.objects.count() == 0


def test_the_command_refuses_an_unknown_partner_and_a_non_administrator(
    police: Organisation,
) -> None:
    User.objects.create_user(username="analist", role=Role.ANALYST)
    with pytest.raises(CommandError, match="er is geen organisatie met partnercode 'om'"):
        call_command("api_token", "--organisatie", "om", "--naam", "x", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--gebruiker: er is geen beheerder 'analist'"):
        call_command(
            "api_token",
            "--organisatie",
            "politie",
            "--naam",
            "x",
            "--gebruiker",
            "analist",
            stdout=io.StringIO(),
        )
    assert ApiToken.objects.count() == 0


def test_a_token_of_another_shape_is_not_looked_up(police: Organisation) -> None:
    issued = api_token_issue(organisation=police, name="koppeling", issued_by=None)
    assert api_token_authenticate(issued.token.token_sha256) is None
    assert api_token_authenticate("") is None
