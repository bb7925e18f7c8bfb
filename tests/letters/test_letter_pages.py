"""The letters' pages: make a letter, download its PDF, record its handover; the case include."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone
from letterkit import daan, daan_in_regie, region_after_round, sem_outflowed

from regie.accounts.models import User
from regie.accounts.testing import two_factor_login
from regie.audit.models import AuditEvent
from regie.cases.models import Case
from regie.criteria.plain import date_long
from regie.letters.constants import LetterKind
from regie.letters.models import Letter
from regie.letters.selectors import letters_for_case
from regie.letters.services import LetterRefused, letter_handover, letter_produce

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    two_factor_login(client, user)
    return client


def _messages(response: HttpResponse) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def _produce_url(case: Case, kind: str = "inflow") -> str:
    return f"/brieven/dossier/{case.pk}/maken/{kind}/"


def _letter(users: dict[str, User], case: Case) -> Letter:
    return letter_produce(case=case, kind=LetterKind.INFLOW, produced_by=users["manager"])


# --- making a letter ----------------------------------------------------------------------


def test_the_own_regisseur_makes_the_inflow_letter_and_returns_to_the_case(
    tmp_path: Path,
) -> None:
    users = region_after_round(tmp_path)
    case = daan_in_regie(users)
    response = _client(users["regisseur"]).post(_produce_url(case))
    assert response.status_code == 302
    assert response["Location"] == f"/dossiers/{case.pk}/"
    letter = Letter.objects.get()
    assert (letter.case, letter.kind, letter.produced_by) == (
        case,
        LetterKind.INFLOW,
        users["regisseur"],
    )
    assert _messages(response) == [
        "De instroombrief is gemaakt. Download hem, geef hem aan Daan Visser en de ouders of "
        "verzorgers en leg daarna vast wanneer en hoe."
    ]


def test_a_regisseur_of_another_case_gets_not_found_and_nothing_is_made(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    case = daan_in_regie(users)
    response = _client(users["regisseur2"]).post(_produce_url(case))
    assert response.status_code == 404
    assert Letter.objects.count() == 0
    assert not AuditEvent.objects.filter(action="letter_produced").exists()


def test_an_analyst_sees_the_case_but_may_not_make_a_letter(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    case = daan_in_regie(users)
    response = _client(users["analist"]).post(_produce_url(case))
    assert response.status_code == 403
    assert Letter.objects.count() == 0


def test_a_refused_letter_comes_back_as_a_message(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    case = daan(users)
    response = _client(users["manager"]).post(_produce_url(case))
    assert response.status_code == 302
    assert response["Location"] == f"/dossiers/{case.pk}/"
    assert _messages(response) == [
        "Een instroombrief is er alleen voor een deelnemer in regie; dit dossier is voorgesteld."
    ]
    assert Letter.objects.count() == 0


def test_making_a_letter_needs_a_post_and_a_known_kind(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    case = daan_in_regie(users)
    client = _client(users["manager"])
    assert client.get(_produce_url(case)).status_code == 405
    assert client.post(_produce_url(case, "aanmaning")).status_code == 404
    assert Letter.objects.count() == 0


def test_an_anonymous_visitor_is_sent_to_log_in(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    case = daan_in_regie(users)
    response = Client().post(_produce_url(case))
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")
    assert Letter.objects.count() == 0


# --- downloading --------------------------------------------------------------------------


def test_the_pdf_is_downloaded_as_an_attachment_and_audited(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    letter = _letter(users, daan_in_regie(users))
    response = _client(users["analist"]).get(f"/brieven/{letter.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="instroombrief-{letter.pk}.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    assert response.content == bytes(Letter.objects.get().pdf)
    (event,) = AuditEvent.objects.filter(action="letter_downloaded")
    assert event.actor == users["analist"]
    assert event.subject_id == str(letter.pk)
    assert event.detail == {"case": letter.case_id, "kind": "inflow"}


def test_a_regisseur_of_another_case_cannot_download_the_letter(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    letter = _letter(users, daan_in_regie(users))
    response = _client(users["regisseur2"]).get(f"/brieven/{letter.pk}/pdf/")
    assert response.status_code == 404
    assert response.get("Content-Type") != "application/pdf"
    assert not AuditEvent.objects.filter(action="letter_downloaded").exists()


# --- handover -----------------------------------------------------------------------------


def test_the_handover_is_recorded_once_with_when_how_and_by_whom(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    letter = _letter(users, daan_in_regie(users))
    today = timezone.localdate()
    client = _client(users["regisseur"])
    response = client.post(
        f"/brieven/{letter.pk}/overhandigd/",
        {"overhandigd_op": today.isoformat(), "hoe": "persoonlijk overhandigd"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/dossiers/{letter.case_id}/"
    assert _messages(response) == ["De overhandiging van de instroombrief is vastgelegd."]
    letter.refresh_from_db()
    assert letter.handed_over_on == today
    assert letter.handed_over_how == "persoonlijk overhandigd"
    assert letter.handed_over_by == users["regisseur"]
    assert letter.handover_recorded_at is not None
    (event,) = AuditEvent.objects.filter(action="letter_handed_over")
    assert event.actor == users["regisseur"]
    assert event.detail == {
        "case": letter.case_id,
        "kind": "inflow",
        "handed_over_on": today.isoformat(),
    }
    # a second record is refused, and the first stays as it was
    response = client.post(
        f"/brieven/{letter.pk}/overhandigd/",
        {"overhandigd_op": today.isoformat(), "hoe": "per post verstuurd"},
    )
    assert response.status_code == 302
    assert _messages(response)[-1:] == [
        f"De overhandiging van deze brief is al vastgelegd: op {date_long(today)}, "
        "persoonlijk overhandigd."
    ]
    letter.refresh_from_db()
    assert letter.handed_over_how == "persoonlijk overhandigd"
    assert AuditEvent.objects.filter(action="letter_handed_over").count() == 1


def test_a_handover_needs_how_and_a_date_that_is_not_in_the_future(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    letter = _letter(users, daan_in_regie(users))
    today = timezone.localdate()
    with pytest.raises(LetterRefused) as refused:
        letter_handover(letter=letter, recorded_by=users["manager"], handed_over_on=today, how=" ")
    assert str(refused.value) == "Vul in hoe de brief is overhandigd."
    with pytest.raises(LetterRefused) as refused:
        letter_handover(
            letter=letter,
            recorded_by=users["manager"],
            handed_over_on=today + timedelta(days=1),
            how="per post verstuurd",
        )
    assert str(refused.value) == "De datum van overhandiging ligt in de toekomst."
    with pytest.raises(LetterRefused) as refused:
        letter_handover(
            letter=letter,
            recorded_by=users["manager"],
            handed_over_on=today - timedelta(days=1),
            how="per post verstuurd",
        )
    assert str(refused.value).startswith("De brief is gemaakt op ")
    letter.refresh_from_db()
    assert (letter.handed_over_on, letter.handed_over_how, letter.handed_over_by) == (
        None,
        "",
        None,
    )
    assert not AuditEvent.objects.filter(action="letter_handed_over").exists()


def test_the_handover_form_reports_what_is_missing(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    letter = _letter(users, daan_in_regie(users))
    response = _client(users["manager"]).post(
        f"/brieven/{letter.pk}/overhandigd/", {"overhandigd_op": "", "hoe": ""}
    )
    assert response.status_code == 302
    assert _messages(response) == [
        "Vul de datum van overhandiging in.",
        "Vul in hoe de brief is overhandigd.",
    ]
    letter.refresh_from_db()
    assert letter.handed_over_on is None


def test_only_who_may_write_letters_records_a_handover(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    letter = _letter(users, daan_in_regie(users))
    data = {"overhandigd_op": timezone.localdate().isoformat(), "hoe": "per post verstuurd"}
    assert (
        _client(users["analist"]).post(f"/brieven/{letter.pk}/overhandigd/", data).status_code
        == 403
    )
    assert (
        _client(users["regisseur2"]).post(f"/brieven/{letter.pk}/overhandigd/", data).status_code
        == 404
    )
    with pytest.raises(LetterRefused):
        letter_handover(
            letter=letter,
            recorded_by=users["regisseur2"],
            handed_over_on=timezone.localdate(),
            how="per post verstuurd",
        )
    letter.refresh_from_db()
    assert letter.handed_over_on is None


# --- the include on the case page ---------------------------------------------------------


def _case_letters(user: User, case: Case, *, may_write_letter: bool) -> str:
    request = RequestFactory().get(f"/dossiers/{case.pk}/")
    request.user = user
    return render_to_string(
        "letters/_case_letters.html",
        {"case": case, "letters": letters_for_case(case), "may_write_letter": may_write_letter},
        request=request,
    )


def test_the_case_page_offers_the_letter_the_case_can_have(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    case = daan_in_regie(users)
    html = _case_letters(users["regisseur"], case, may_write_letter=True)
    assert "Er zijn nog geen brieven voor dit dossier." in html
    assert f'action="/brieven/dossier/{case.pk}/maken/inflow/"' in html
    assert "Instroombrief maken" in html
    assert "Uitstroombrief maken" not in html
    outflowed = sem_outflowed(users)
    html = _case_letters(users["manager"], outflowed, may_write_letter=True)
    assert f'action="/brieven/dossier/{outflowed.pk}/maken/outflow/"' in html
    assert "Instroombrief maken" not in html


def test_the_case_page_lists_letters_with_download_and_handover(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    case = daan_in_regie(users)
    letter = _letter(users, case)
    html = _case_letters(users["regisseur"], case, may_write_letter=True)
    assert "Daan Visser en de ouders of verzorgers" in html
    assert "door Manager Synthetisch" in html
    assert f'href="/brieven/{letter.pk}/pdf/"' in html
    assert f'action="/brieven/{letter.pk}/overhandigd/"' in html
    assert 'name="overhandigd_op"' in html
    assert '<option value="persoonlijk overhandigd">' in html
    # once handed over, the page says when, how and who recorded it
    letter_handover(
        letter=letter,
        recorded_by=users["regisseur"],
        handed_over_on=timezone.localdate(),
        how="per post verstuurd",
    )
    html = _case_letters(users["regisseur"], case, may_write_letter=True)
    assert f'action="/brieven/{letter.pk}/overhandigd/"' not in html
    assert "per post verstuurd" in html
    assert "(vastgelegd door Regisseur Synthetisch)" in html


def test_who_may_not_write_letters_sees_them_without_buttons(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    case = daan_in_regie(users)
    letter = _letter(users, case)
    html = _case_letters(users["analist"], case, may_write_letter=False)
    assert f'href="/brieven/{letter.pk}/pdf/"' in html
    assert "nog niet vastgelegd" in html
    assert "<form" not in html


def test_after_making_a_letter_the_case_page_lists_it(tmp_path: Path) -> None:
    users = region_after_round(tmp_path)
    case = daan_in_regie(users)
    response = _client(users["regisseur"]).post(_produce_url(case), follow=True)
    assert response.redirect_chain == [(f"/dossiers/{case.pk}/", 302)]
    assert response.status_code == 200
    letter = Letter.objects.get()
    html = response.content.decode()
    assert "De instroombrief is gemaakt." in html
    assert f'href="/brieven/{letter.pk}/pdf/"' in html
    assert f'action="/brieven/{letter.pk}/overhandigd/"' in html
