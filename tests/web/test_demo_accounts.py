"""The demo has one account per role, and making them twice changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User

pytestmark = pytest.mark.django_db


def test_the_demo_accounts_cover_every_role_and_can_log_in(client: Client) -> None:
    # when the demo accounts are made
    out = io.StringIO()
    call_command("demo_accounts", "--wachtwoord", "demo-wachtwoord-1", stdout=out)
    # then every role has an account, the regisseur two (for the caseload list), each with
    # the password
    assert sorted(User.objects.values_list("role", flat=True)) == sorted(
        [*Role.values, Role.REGISSEUR]
    )
    assert client.login(request=HttpRequest(), username="analist", password="demo-wachtwoord-1")
    printed = out.getvalue().splitlines()
    assert len(printed) == 2 + len(Role.values) + 1
    assert printed[-1] == "wachtwoord van elk account: demo-wachtwoord-1"
    assert User.objects.get(username="leverancier").organisation == Organisation.objects.get(
        partner="politie"
    )
    assert User.objects.get(username="beheerder").is_superuser


def test_making_the_demo_accounts_again_resets_them_without_duplicates() -> None:
    call_command("demo_accounts", "--wachtwoord", "eerste-wachtwoord", stdout=io.StringIO())
    call_command("demo_accounts", "--wachtwoord", "tweede-wachtwoord", stdout=io.StringIO())
    assert User.objects.count() == len(Role.values) + 1
    assert Organisation.objects.count() == 3
    assert User.objects.get(username="regisseur2").organisation == Organisation.objects.get(
        partner="reclassering"
    )
    assert User.objects.get(username="regisseur").check_password("tweede-wachtwoord")
