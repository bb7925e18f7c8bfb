"""Logging in: only known users get in, and the start page says who and in which role."""

from __future__ import annotations

import pytest
from django.test import Client

from regie.accounts.constants import Role
from regie.accounts.models import Organisation, User

PASSWORD = "synthetisch-wachtwoord-42"


@pytest.fixture
def analyst(db: None) -> User:
    organisation = Organisation.objects.create(name="Zorg- en Veiligheidshuis (synthetisch)")
    user = User.objects.create_user(
        username="analist1",
        password=PASSWORD,
        first_name="Sam",
        last_name="Analist",
        role=Role.ANALYST,
        organisation=organisation,
    )
    return user


def test_the_start_page_sends_a_visitor_to_the_login_page(client: Client, db: None) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/?next=/"


def test_a_wrong_password_is_refused_with_a_message_in_dutch(client: Client, analyst: User) -> None:
    response = client.post("/inloggen/", {"username": "analist1", "password": "fout"})
    assert response.status_code == 200
    assert "Gebruikersnaam of wachtwoord klopt niet." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_user_logs_in_and_sees_their_role_and_organisation(client: Client, analyst: User) -> None:
    response = client.post(
        "/inloggen/", {"username": "analist1", "password": PASSWORD}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain == [("/", 302)]
    assert "Welkom, Sam Analist" in page
    assert "Je bent ingelogd als analist bij Zorg- en Veiligheidshuis (synthetisch)." in page


def test_logging_out_ends_the_session(client: Client, analyst: User) -> None:
    client.force_login(analyst)
    response = client.post("/uitloggen/")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/"
    assert client.get("/").status_code == 302


def test_every_role_has_a_dutch_name() -> None:
    assert [label for _, label in Role.choices] == [
        "gegevensleverancier partner",
        "uitvoerder interventie (partner)",
        "analist",
        "regisseur",
        "lid expertpanel",
        "programmamanager",
        "functionaris gegevensbescherming",
        "beheerder",
    ]
