"""Cases in the browser: the list (or a regisseur's own participants), a case with its
explanation, history and the actions the user may take now, and assigning a regisseur.

Every view finds the case through ``permissions.case_for_user``: the same 404 for a case
that does not exist and one the user may not see. An action posts to its own address and
calls one service; a refusal (``CaseActionRefused``) is shown as a message and changes
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.utils import timezone
from django.utils.text import capfirst
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regie.accounts.models import User
from regie.audit.services import audit_record, audit_record_many
from regie.cases.constants import CaseStatus, OutflowStatus
from regie.cases.forms import (
    AssignForm,
    CaseFilterForm,
    CheckForm,
    DossierForm,
    OutflowConfirmForm,
    OutflowOverruleForm,
    ReassessmentAnswerForm,
    ReassessmentRequestForm,
    WithdrawForm,
)
from regie.cases.models import Case, OutflowProposal
from regie.cases.permissions import (
    CasePermission,
    case_for_user,
    case_scope,
    has_permission,
    may_decide_outflow,
    may_write_letter,
    outflow_for_user,
    transitions_for,
)
from regie.cases.selectors import (
    case_counts_by_status,
    case_history,
    cases_filtered,
    outflow_proposals_of,
    regisseurs_with_caseload,
)
from regie.cases.services import (
    CaseActionRefused,
    candidate_check,
    case_withdraw,
    dossier_draw_up,
    outflow_confirm,
    outflow_overrule,
    reassessment_answer,
    reassessment_request,
    regisseur_assign,
)
from regie.letters.selectors import letters_for_case
from regie.plans.permissions import may_see_case
from regie.privacy.selectors import rights_requests_for_case
from regie.rounds.explain import Explanation, age_on, explanation_build
from regie.rounds.forms import approach_label
from regie.rounds.permissions import RoundPermission
from regie.rounds.permissions import has_permission as has_round_permission

CASES_PER_PAGE: Final = 50
LETTERS_TEMPLATE: Final = "letters/_case_letters.html"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required ran first
    return request.user


def _sentence(text: str) -> str:
    """A service's message as a sentence on the page."""
    text = capfirst(text.strip()) or ""
    return text if text.endswith((".", "!", "?")) else text + "."


def _letters_template_exists() -> bool:
    try:
        select_template([LETTERS_TEMPLATE])
    except TemplateDoesNotExist:
        return False
    return True


# --- the list ----------------------------------------------------------------------------


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """Candidates and participants by status; a regisseur sees only their own."""
    user = _user(request)
    sees_all = has_permission(user, CasePermission.VIEW_ALL)
    if not (sees_all or has_permission(user, CasePermission.VIEW_OWN)):
        raise Http404("geen dossiers")
    scope = case_scope(user)
    filters = CaseFilterForm(request.GET)
    chosen = filters.filters()
    page = Paginator(cases_filtered(scope, **chosen), CASES_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    by_status = case_counts_by_status(scope)
    audit_record(
        actor=user,
        action="case_list_viewed",
        subject=user,
        status=chosen["status"],
        approach=chosen["approach"],
        searched=bool(chosen["search"]),  # never the search words: they may be a name
        page=page.number,
    )
    audit_record_many(
        actor=user,
        action="case_listed",
        subject=user,
        person_keys=[case.person_key for case in page.object_list],
        page=page.number,
    )
    return render(
        request,
        "cases/list.html",
        {
            "title": "Kandidaten en deelnemers" if sees_all else "Mijn deelnemers",
            "sees_all": sees_all,
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "statuses": [
                {"value": s.value, "label": s.label, "n": by_status[s.value]} for s in CaseStatus
            ],
            "chosen_status": chosen["status"],
        },
    )


# --- one case ----------------------------------------------------------------------------


def _may_assign(user: User, case: Case, transitions: list[CaseStatus]) -> bool:
    if not has_permission(user, CasePermission.ASSIGN):
        return False
    if case.status == CaseStatus.DOSSIER:
        return CaseStatus.IN_REGIE in transitions
    return case.status in CaseStatus.participant_states()


@dataclass(frozen=True)
class ProposalView:
    proposal: OutflowProposal
    explanation: Explanation | None  # None for a proposal of a review or exclusion ground
    may_decide: bool
    confirm_form: forms.Form | None
    overrule_form: forms.Form | None


def _proposal_forms(
    proposal: OutflowProposal, may_decide: bool, bound: dict[str, forms.Form]
) -> ProposalView:
    explanation = explanation_build(proposal.outcome) if proposal.outcome is not None else None
    if not (may_decide and proposal.status == OutflowStatus.OPEN):
        return ProposalView(proposal, explanation, False, None, None)
    prefix = f"uitstroom{proposal.pk}"
    return ProposalView(
        proposal,
        explanation,
        True,
        bound.get(f"{prefix}_confirm") or OutflowConfirmForm(auto_id=f"{prefix}_bevestigen_%s"),
        bound.get(f"{prefix}_overrule") or OutflowOverruleForm(auto_id=f"{prefix}_afwijzen_%s"),
    )


def _case_page(
    request: HttpRequest,
    user: User,
    case: Case,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case page; ``bound`` holds a posted form that was refused, to show it again."""
    bound = bound or {}
    transitions = transitions_for(user, case)
    in_reassessment = case.status == CaseStatus.REASSESSMENT
    may_decide = may_decide_outflow(user, case)
    actions: dict[str, forms.Form | None] = {
        "check": (bound.get("check") or CheckForm(auto_id="controleren_%s"))
        if CaseStatus.CHECKED in transitions
        else None,
        "dossier": (bound.get("dossier") or DossierForm(auto_id="dossier_%s"))
        if CaseStatus.DOSSIER in transitions
        else None,
        "reassessment_request": (
            bound.get("reassessment_request") or ReassessmentRequestForm(auto_id="heroverweging_%s")
        )
        if CaseStatus.REASSESSMENT in transitions
        else None,
        "reassessment_answer": (
            bound.get("reassessment_answer") or ReassessmentAnswerForm(auto_id="antwoord_%s")
        )
        if in_reassessment and CaseStatus.IN_REGIE in transitions
        else None,
        "withdraw": (bound.get("withdraw") or WithdrawForm(auto_id="intrekken_%s"))
        if CaseStatus.WITHDRAWN in transitions and not in_reassessment
        else None,
    }
    letters_exist = _letters_template_exists()
    today = timezone.localdate()
    proposals = [_proposal_forms(p, may_decide, bound) for p in outflow_proposals_of(case)]
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "approach": approach_label(case.approach),
            "age": age_on(case.geboortedatum, today),
            "explanation": explanation_build(case.outcome) if case.outcome else None,
            "may_see_rounds": has_round_permission(user, RoundPermission.VIEW),
            "history": case_history(case),
            "proposals": proposals,
            "actions": actions,
            "has_actions": any(actions.values()),
            "may_assign": _may_assign(user, case, transitions),
            "letters_template_exists": letters_exist,
            "letters": letters_for_case(case) if letters_exist else [],
            "may_write_letter": may_write_letter(user, case),
            "may_see_direction": may_see_case(user, case),
            "rights_requests": rights_requests_for_case(case),
        },
        status=status,
    )


@login_required
@require_GET
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = case_for_user(user, case_id)
    audit_record(
        actor=user,
        action="case_viewed",
        subject=case,
        status=case.status,
        approach=case.approach,
    )
    return _case_page(request, user, case)


# --- the actions on a case ---------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    form_class: type[forms.Form]
    auto_id: str
    perform: Callable[[Case, User, forms.Form], object]
    done: str  # the message on success


def _answer(case: Case, user: User, form: forms.Form) -> object:
    assert isinstance(form, ReassessmentAnswerForm)
    return reassessment_answer(
        case=case, answered_by=user, answer=form.cleaned_data["antwoord"], keep=form.keeps()
    )


ACTIONS: Final[dict[str, Action]] = {
    "check": Action(
        CheckForm,
        "controleren_%s",
        lambda case, user, form: candidate_check(
            case=case, checked_by=user, note=form.cleaned_data["toelichting"]
        ),
        "Gecontroleerd: de gegevens kloppen en horen bij deze persoon.",
    ),
    "dossier": Action(
        DossierForm,
        "dossier_%s",
        lambda case, user, form: dossier_draw_up(
            case=case, drawn_up_by=user, dossier=form.cleaned_data["dossier"]
        ),
        "Het dossier is opgesteld.",
    ),
    "withdraw": Action(
        WithdrawForm,
        "intrekken_%s",
        lambda case, user, form: case_withdraw(
            case=case, withdrawn_by=user, reason=form.cleaned_data["reden"]
        ),
        "De selectie is ingetrokken.",
    ),
    "reassessment_request": Action(
        ReassessmentRequestForm,
        "heroverweging_%s",
        lambda case, user, form: reassessment_request(
            case=case, requested_by=user, question=form.cleaned_data["vraag"]
        ),
        "Heroverweging gevraagd: de analisten beantwoorden de vraag.",
    ),
    "reassessment_answer": Action(
        ReassessmentAnswerForm, "antwoord_%s", _answer, "Het antwoord is vastgelegd."
    ),
}


def _act(request: HttpRequest, case_id: int, name: str) -> HttpResponse:
    user = _user(request)
    case = case_for_user(user, case_id)
    action = ACTIONS[name]
    form = action.form_class(request.POST, auto_id=action.auto_id)
    if form.is_valid():
        try:
            action.perform(case, user, form)
        except CaseActionRefused as refused:
            messages.error(request, _sentence(str(refused)))
        else:
            messages.success(request, action.done)
            return redirect("cases:detail", case_id=case.pk)
    return _case_page(request, user, case, bound={name: form}, status=400)


@login_required
@require_POST
def case_check(request: HttpRequest, case_id: int) -> HttpResponse:
    return _act(request, case_id, "check")


@login_required
@require_POST
def case_dossier(request: HttpRequest, case_id: int) -> HttpResponse:
    return _act(request, case_id, "dossier")


@login_required
@require_POST
def case_withdraw_view(request: HttpRequest, case_id: int) -> HttpResponse:
    return _act(request, case_id, "withdraw")


@login_required
@require_POST
def reassessment_request_view(request: HttpRequest, case_id: int) -> HttpResponse:
    return _act(request, case_id, "reassessment_request")


@login_required
@require_POST
def reassessment_answer_view(request: HttpRequest, case_id: int) -> HttpResponse:
    return _act(request, case_id, "reassessment_answer")


# --- outflow proposals -------------------------------------------------------------------


def _proposal(user: User, case_id: int, proposal_id: int) -> tuple[Case, OutflowProposal]:
    case = case_for_user(user, case_id)
    proposal = outflow_for_user(user, proposal_id)
    if proposal.case_id != case.pk:
        raise Http404("geen uitstroomvoorstel")
    return case, proposal


@login_required
@require_POST
def outflow_confirm_view(request: HttpRequest, case_id: int, proposal_id: int) -> HttpResponse:
    user = _user(request)
    case, proposal = _proposal(user, case_id, proposal_id)
    prefix = f"uitstroom{proposal.pk}"
    form = OutflowConfirmForm(request.POST, auto_id=f"{prefix}_bevestigen_%s")
    if form.is_valid():
        try:
            outflow_confirm(
                proposal=proposal,
                decided_by=user,
                reason=form.cleaned_data["toelichting"],
                handover_organisation=form.cleaned_data["organisatie"],
                care_needed=form.cleaned_data["zorg"],
            )
        except CaseActionRefused as refused:
            messages.error(request, _sentence(str(refused)))
        else:
            messages.success(
                request,
                f"Uitstroom bevestigd; overgedragen aan {form.cleaned_data['organisatie']}.",
            )
            return redirect("cases:detail", case_id=case.pk)
    return _case_page(request, user, case, bound={f"{prefix}_confirm": form}, status=400)


@login_required
@require_POST
def outflow_overrule_view(request: HttpRequest, case_id: int, proposal_id: int) -> HttpResponse:
    user = _user(request)
    case, proposal = _proposal(user, case_id, proposal_id)
    prefix = f"uitstroom{proposal.pk}"
    form = OutflowOverruleForm(request.POST, auto_id=f"{prefix}_afwijzen_%s")
    if form.is_valid():
        try:
            outflow_overrule(proposal=proposal, decided_by=user, reason=form.cleaned_data["reden"])
        except CaseActionRefused as refused:
            messages.error(request, _sentence(str(refused)))
        else:
            messages.success(request, "Uitstroom afgewezen: deze persoon blijft deelnemer.")
            return redirect("cases:detail", case_id=case.pk)
    return _case_page(request, user, case, bound={f"{prefix}_overrule": form}, status=400)


# --- assigning a regisseur ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    """The programme manager picks a regisseur, seeing each one's current caseload."""
    user = _user(request)
    case = case_for_user(user, case_id)
    if not has_permission(user, CasePermission.ASSIGN):
        raise PermissionDenied("Alleen de programmamanager wijst regisseurs toe.")
    form = AssignForm(request.POST or None, auto_id="toewijzen_%s")
    if request.method == "POST":
        if form.is_valid():
            regisseur = form.cleaned_data["regisseur"]
            try:
                regisseur_assign(case=case, assigned_by=user, regisseur=regisseur)
            except CaseActionRefused as refused:
                messages.error(request, _sentence(str(refused)))
            else:
                name = regisseur.get_full_name() or regisseur.username
                messages.success(request, f"{name} is nu de regisseur.")
                return redirect("cases:detail", case_id=case.pk)
    elif not _may_assign(user, case, transitions_for(user, case)):
        messages.error(
            request,
            f"Een regisseur wordt toegewezen na het dossier; dit dossier is "
            f"{case.get_status_display()}.",
        )
        return redirect("cases:detail", case_id=case.pk)
    else:
        audit_record(actor=user, action="case_assign_viewed", subject=case, status=case.status)
    return render(
        request,
        "cases/assign.html",
        {
            "case": case,
            "approach": approach_label(case.approach),
            "form": form,
            "regisseurs": list(regisseurs_with_caseload()),
            "chosen": form.data.get("regisseur", "") if form.is_bound else "",
        },
        status=400 if request.method == "POST" else 200,
    )
