"""A lost phone: the administrator resets the user's second factor (a command or the
admin), which is audit-recorded; the user enrols a new app at the next login."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from regie.accounts.constants import SECOND_FACTOR_RESET, Role
from regie.accounts.models import Organisation, User
from regie.accounts.testing import totp_device_for, two_factor_login
from regie.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def user_make(username: str, role: Role, *, is_staff: bool = False) -> User:
    organisation, _ = Organisation.objects.get_or_create(name="ZVH (synthetisch)")
    return User.objects.create_user(
        username=username,
        role=role,
        organisation=organisation,
        is_staff=is_staff,
        is_superuser=is_staff,
    )


def test_the_command_removes_the_app_and_records_who_did_it() -> None:
    # given a regisseur with an app, and an administrator
    regisseur = user_make("regisseur1", Role.REGISSEUR)
    administrator = user_make("beheer1", Role.ADMINISTRATOR, is_staff=True)
    totp_device_for(regisseur)
    out = io.StringIO()
    # when the administrator resets the regisseur's second factor
    call_command("tweede_factor_herstel", "regisseur1", "--door", "beheer1", stdout=out)
    # then the app is gone, the output says what happens next, and the audit trail has it
    assert not TOTPDevice.objects.filter(user=regisseur).exists()
    assert out.getvalue() == (
        "Tweede factor van regisseur1 hersteld (1 app(s) verwijderd). Bij de volgende keer "
        "inloggen stelt deze gebruiker een nieuwe app in met de QR-code.\n"
    )
    event = AuditEvent.objects.get(action=SECOND_FACTOR_RESET)
    assert (event.actor, event.subject_id, event.detail) == (
        administrator,
        str(regisseur.pk),
        {"removed": 1},
    )


def test_an_unknown_user_is_refused_and_nothing_is_recorded() -> None:
    with pytest.raises(CommandError) as refused:
        call_command("tweede_factor_herstel", "niemand", stdout=io.StringIO())
    assert str(refused.value) == "Gebruiker 'niemand' bestaat niet."
    assert not AuditEvent.objects.exists()


def test_after_a_reset_the_next_login_enrols_again() -> None:
    regisseur = user_make("regisseur1", Role.REGISSEUR)
    client = two_factor_login(Client(), regisseur)
    call_command("tweede_factor_herstel", "regisseur1", stdout=io.StringIO())
    # the session of the lost phone no longer counts as verified
    response = client.get("/")
    assert response["Location"] == "/inloggen/tweede-factor/instellen/?next=%2F"
    assert AuditEvent.objects.get(action=SECOND_FACTOR_RESET).actor is None


def test_the_admin_action_resets_the_chosen_users() -> None:
    # given an administrator in the admin, and two users with an app
    administrator = user_make("beheer1", Role.ADMINISTRATOR, is_staff=True)
    first, second = user_make("analist1", Role.ANALYST), user_make("panel1", Role.PANEL_MEMBER)
    for user in (first, second):
        totp_device_for(user)
    client = two_factor_login(Client(), administrator)
    # when they choose the action for both
    response = client.post(
        "/beheer/accounts/user/",
        {
            "action": "second_factor_reset_action",
            "_selected_action": [first.pk, second.pk],
        },
        follow=True,
    )
    # then both apps are gone (the administrator's own stays), each reset recorded
    assert response.status_code == 200
    assert "Tweede factor hersteld voor 2 gebruiker(s)" in response.content.decode()
    assert list(TOTPDevice.objects.values_list("user__username", flat=True)) == ["beheer1"]
    assert sorted(
        AuditEvent.objects.filter(action=SECOND_FACTOR_RESET, actor=administrator).values_list(
            "subject_id", flat=True
        )
    ) == sorted([str(first.pk), str(second.pk)])
