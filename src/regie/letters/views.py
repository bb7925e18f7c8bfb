"""Letters from the case page: make one, download its PDF, record its handover."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from regie.accounts.models import User
from regie.cases.models import Case
from regie.cases.permissions import case_for_user, may_write_letter
from regie.letters.constants import LetterKind
from regie.letters.forms import HandoverForm
from regie.letters.permissions import letter_for_user
from regie.letters.services import (
    LetterRefused,
    letter_download,
    letter_handover,
    letter_produce,
)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required ran first
    return request.user


def _write_check(user: User, case: Case) -> None:
    if not may_write_letter(user, case):
        raise PermissionDenied("Alleen de programmamanager en de eigen regisseur maken brieven.")


def _case_page(case_id: int) -> HttpResponse:
    return redirect(reverse("cases:detail", args=[case_id]))


@login_required
@require_POST
def produce(request: HttpRequest, case_id: int, kind: str) -> HttpResponse:
    user = _user(request)
    case = case_for_user(user, case_id)
    try:
        letter_kind = LetterKind(kind)
    except ValueError:
        raise Http404("onbekende soort brief") from None
    _write_check(user, case)
    try:
        letter = letter_produce(case=case, kind=letter_kind, produced_by=user)
    except LetterRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"De {letter.get_kind_display()} is gemaakt. Download hem, geef hem aan "
            f"{letter.addressed_to} en leg daarna vast wanneer en hoe.",
        )
    return _case_page(case.pk)


@login_required
@require_GET
def pdf(request: HttpRequest, letter_id: int) -> HttpResponse:
    user = _user(request)
    letter = letter_for_user(user, letter_id)
    content = letter_download(letter=letter, downloaded_by=user)
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"{letter.get_kind_display()}-{letter.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def handover(request: HttpRequest, letter_id: int) -> HttpResponse:
    user = _user(request)
    letter = letter_for_user(user, letter_id)
    _write_check(user, letter.case)
    form = HandoverForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.as_data().values():
            for error in errors:
                messages.error(request, " ".join(error.messages))
        return _case_page(letter.case_id)
    try:
        letter_handover(
            letter=letter,
            recorded_by=user,
            handed_over_on=form.cleaned_data["overhandigd_op"],
            how=form.cleaned_data["hoe"],
        )
    except LetterRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"De overhandiging van de {letter.get_kind_display()} is vastgelegd."
        )
    return _case_page(letter.case_id)
