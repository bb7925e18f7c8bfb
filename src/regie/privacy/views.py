"""The privacy officer's pages: find a person, see what Regie holds about them, produce
their access request (PDF or JSON), and record a correction or objection on their case.

Only the privacy officer may use them (``permissions.privacy_check``); everyone else gets
the 404 of a page that does not exist. Every page that shows a person is in the access log
with that person; a search records each person it lists.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Final

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regie.accounts.models import User
from regie.audit.models import AuditEvent
from regie.audit.selectors import audit_chain_verify, audit_log_search
from regie.audit.services import audit_record, audit_record_many
from regie.cases.models import Case
from regie.formats.cells import cell_neutralised
from regie.privacy.actions import action_sentence
from regie.privacy.constants import RightsRequestKind
from regie.privacy.forms import (
    AccessRequestForm,
    AuditLogFilterForm,
    CaseNumberForm,
    PersonSearchForm,
    RightsDecisionForm,
    RightsRequestForm,
)
from regie.privacy.models import RightsRequest
from regie.privacy.permissions import PrivacyPermission, privacy_check
from regie.privacy.selectors import PersonFound, person_known, persons_found
from regie.privacy.services import (
    PrivacyRefused,
    access_request_produce,
    rights_request_decide,
    rights_request_record,
)

FILE_STEM: Final = "inzageverzoek"
AUDIT_LOG_PER_PAGE: Final = 100
AUDIT_LOG_CSV_HEADER: Final = (
    "volgnummer",
    "tijdstip",
    "gebruiker",
    "rol",
    "organisatie",
    "handeling",
    "wat",
    "persoon",
    "doel",
    "object",
)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required ran first
    return request.user


def _person(person_key: str) -> PersonFound:
    person = person_known(person_key)
    if person is None:
        raise Http404("geen persoon")
    return person


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Find a person by surname and birth date, or by the number of one of their cases."""
    user = _user(request)
    privacy_check(user, PrivacyPermission.ACCESS_REQUEST)
    if "dossier" in request.GET:
        by_case = CaseNumberForm(request.GET, auto_id="nummer_%s")
        if by_case.is_valid():
            case = Case.objects.filter(pk=by_case.cleaned_data["dossier"]).first()
            if case is not None:
                return redirect("privacy:person", person_key=case.person_key)
            by_case.add_error("dossier", "Er is geen dossier met dit nummer.")
        search = PersonSearchForm(auto_id="zoeken_%s")
    else:
        by_case = CaseNumberForm(auto_id="nummer_%s")
        search = PersonSearchForm(request.GET or None, auto_id="zoeken_%s")
    found: list[PersonFound] | None = None
    if search.is_bound and search.is_valid():
        found = persons_found(
            achternaam=search.cleaned_data["achternaam"],
            geboortedatum=search.cleaned_data["geboortedatum"],
        )
        audit_record_many(
            actor=user,
            action="privacy_search_listed",
            subject=user,
            person_keys=[person.person_key for person in found],
        )
    return render(
        request,
        "privacy/index.html",
        {"search": search, "by_case": by_case, "found": found},
        status=400 if (search.is_bound and not search.is_valid()) or by_case.errors else 200,
    )


def _person_page(
    request: HttpRequest,
    person: PersonFound,
    *,
    access_form: forms.Form | None = None,
    rights_form: forms.Form | None = None,
    decision_forms: dict[int, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    cases = Case.objects.filter(person_key=person.person_key).order_by("created_at", "pk")
    requests = list(
        RightsRequest.objects.filter(person_key=person.person_key).select_related(
            "case", "handled_by"
        )
    )
    decision_forms = decision_forms or {}
    return render(
        request,
        "privacy/person.html",
        {
            "person": person,
            "cases": list(cases),
            "requests": [
                (
                    r,
                    None
                    if r.is_decided
                    else decision_forms.get(r.pk)
                    or RightsDecisionForm(received_on=r.received_on, auto_id=f"besluit{r.pk}_%s"),
                )
                for r in requests
            ],
            "access_form": access_form or AccessRequestForm(auto_id="inzage_%s"),
            "rights_form": rights_form or RightsRequestForm(cases=cases, auto_id="verzoek_%s")
            if cases
            else None,
        },
        status=status,
    )


@login_required
@require_GET
def person_detail(request: HttpRequest, person_key: str) -> HttpResponse:
    user = _user(request)
    privacy_check(user, PrivacyPermission.ACCESS_REQUEST)
    person = _person(person_key)
    audit_record(actor=user, action="privacy_person_viewed", subject=user, person_key=person_key)
    return _person_page(request, person)


@login_required
@require_POST
def access_request(request: HttpRequest, person_key: str) -> HttpResponse:
    """Produce the access request as a file to download: PDF or JSON."""
    user = _user(request)
    privacy_check(user, PrivacyPermission.ACCESS_REQUEST)
    person = _person(person_key)
    form = AccessRequestForm(request.POST, auto_id="inzage_%s")
    if form.is_valid():
        as_pdf = form.cleaned_data["formaat"] == "pdf"
        try:
            produced = access_request_produce(
                person_key=person_key,
                requested_on=form.cleaned_data["datum_verzoek"],
                produced_by=user,
                as_pdf=as_pdf,
            )
        except PrivacyRefused as refused:
            form.add_error(None, str(refused))
        else:
            if as_pdf:
                assert produced.pdf is not None
                response = HttpResponse(produced.pdf, content_type="application/pdf")
                extension = "pdf"
            else:
                response = HttpResponse(
                    produced.as_json().encode(), content_type="application/json; charset=utf-8"
                )
                extension = "json"
            response["Content-Disposition"] = f'attachment; filename="{FILE_STEM}.{extension}"'
            response["Cache-Control"] = "no-store"
            return response
    return _person_page(request, person, access_form=form, status=400)


@login_required
@require_POST
def rights_request(request: HttpRequest, person_key: str) -> HttpResponse:
    """Record a correction or objection on one of the person's cases."""
    user = _user(request)
    privacy_check(user, PrivacyPermission.RIGHTS_REQUEST)
    person = _person(person_key)
    cases = Case.objects.filter(person_key=person_key)
    form = RightsRequestForm(request.POST, cases=cases, auto_id="verzoek_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            rights_request_record(
                case=data["dossier"],
                kind=RightsRequestKind(data["soort"]),
                received_on=data["ontvangen_op"],
                request=data["verzoek"],
                recorded_by=user,
                decision=data["besluit"] or "",
                reasons=data["onderbouwing"] or "",
                decided_on=data["besloten_op"],
            )
        except PrivacyRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Het verzoek is vastgelegd op het dossier.")
            return redirect("privacy:person", person_key=person_key)
    return _person_page(request, person, rights_form=form, status=400)


@login_required
@require_POST
def rights_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    """The decision on a request recorded earlier without one."""
    user = _user(request)
    privacy_check(user, PrivacyPermission.RIGHTS_REQUEST)
    rights = get_object_or_404(RightsRequest, pk=request_id)
    person = _person(rights.person_key)
    form = RightsDecisionForm(
        request.POST, received_on=rights.received_on, auto_id=f"besluit{rights.pk}_%s"
    )
    if form.is_valid():
        try:
            rights_request_decide(
                rights=rights,
                decision=form.cleaned_data["besluit"],
                reasons=form.cleaned_data["onderbouwing"],
                decided_on=form.cleaned_data["besloten_op"],
                decided_by=user,
            )
        except PrivacyRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Het besluit is vastgelegd.")
            return redirect("privacy:person", person_key=rights.person_key)
    return _person_page(request, person, decision_forms={rights.pk: form}, status=400)


def _audit_log_filters(form: AuditLogFilterForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "actor_username": data["gebruiker"],
        "action": data["handeling"],
        "person_key": data["persoon"],
        "on_from": data["van"],
        "on_until": data["tot"],
    }


def _audit_log_csv(records: QuerySet[AuditEvent]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(AUDIT_LOG_CSV_HEADER)
    for record in records.iterator(chunk_size=2_000):
        actor = record.actor
        writer.writerow(
            cell_neutralised(value)
            for value in (
                record.sequence,
                timezone.localtime(record.at).isoformat(timespec="seconds"),
                actor.username if actor is not None else "Regie zelf",
                actor.get_role_display() if actor is not None else "",
                actor.organisation.name if actor is not None and actor.organisation else "",
                record.action,
                action_sentence(record.action),
                record.person_key,
                record.purpose,
                f"{record.subject_type} {record.subject_id}",
            )
        )
    return out.getvalue()


@login_required
@require_http_methods(["GET", "POST"])
def audit_log(request: HttpRequest) -> HttpResponse:
    """The access log: who did or saw what, about whom, why; filter it, export it as CSV,
    and check its hash chain. Reading, exporting and checking are logged themselves."""
    user = _user(request)
    privacy_check(user, PrivacyPermission.AUDIT_LOG)
    if request.method == "POST":
        total, checked, broken = audit_chain_verify()
        audit_record(
            actor=user,
            action="audit_chain_checked",
            subject=user,
            records=total,
            intact=broken is None,
        )
        if broken is None:
            messages.success(
                request, f"De audittrail is intact: {checked:,} regels, de hashketen klopt."
            )
        else:
            messages.error(
                request,
                f"De audittrail is niet intact: {broken.problem}. "
                f"{checked:,} van {total:,} regels waren in orde tot daar.",
            )
        return redirect("privacy:audit_log")
    form = AuditLogFilterForm(request.GET or None, auto_id="logboek_%s")
    if form.is_bound and not form.is_valid():
        return render(request, "privacy/audit_log.html", {"form": form, "page": None}, status=400)
    filters = _audit_log_filters(form) if form.is_bound else {}
    records = audit_log_search(**filters)
    shown = {key: str(value) for key, value in filters.items() if value}
    if request.GET.get("formaat") == "csv":
        audit_record(
            actor=user,
            action="audit_log_exported",
            subject=user,
            person_key=filters.get("person_key", ""),
            filters=shown,
            records=records.count(),
        )
        response = HttpResponse(
            "\ufeff" + _audit_log_csv(records), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="logboek.csv"'
        return response
    page = Paginator(records, AUDIT_LOG_PER_PAGE).get_page(request.GET.get("pagina"))
    # the rows as they were before this look is logged (its own record comes after)
    rows = [(record, action_sentence(record.action)) for record in page.object_list]
    audit_record(
        actor=user,
        action="audit_log_viewed",
        subject=user,
        person_key=filters.get("person_key", ""),
        filters=shown,
        page=page.number,
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    query.pop("formaat", None)
    return render(
        request,
        "privacy/audit_log.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
        },
    )
