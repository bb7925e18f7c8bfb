"""Case direction in the browser: the case direction page of a participant (plan of
approach, partners, meetings, reviews, bottlenecks), the expert panel's agenda and its
decision on a plan, the regisseur's and the programme manager's overviews, and an
intervention provider's list of cases.

Every case is found through ``permissions.participant_for_user``: the same 404 for a case
that does not exist and one the user may not see. An intervention provider sees only its
own organisation's actions of a case (need to know); every other part of the case is a 404
for it. An action posts to its own address and calls one service; a refusal
(``PlanActionRefused``) is shown as a message, the page comes back with status 400, and
nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.views.decorators.http import require_GET, require_POST

from regie.accounts.models import User
from regie.audit.services import audit_record, audit_record_many
from regie.cases.constants import CaseStatus, OutflowStatus
from regie.cases.models import Case
from regie.cases.selectors import outflow_proposals_of
from regie.plans import export, selectors
from regie.plans.constants import PLAN_EDITABLE, LifeDomain, PlanStatus
from regie.plans.forms import (
    ActionChangeForm,
    ActionForm,
    ActionUpdateForm,
    BottleneckForm,
    EscalateForm,
    ExclusionForm,
    GoalForm,
    MeetingForm,
    PanelDecisionForm,
    PartnerForm,
    PlanCreateForm,
    ResolveForm,
    ReviewForm,
    SubGoalForm,
)
from regie.plans.models import Action, Bottleneck, CasePartner, Goal, Plan, SubGoal
from regie.plans.permissions import (
    PlanPage,
    is_involved_provider,
    may_decide_panel,
    may_edit_plan,
    may_handle_bottleneck,
    may_open,
    may_review,
    participant_for_user,
    sees_whole_case,
)
from regie.plans.services import (
    PlanActionRefused,
    action_add,
    action_change,
    action_update,
    bottleneck_escalate,
    bottleneck_raise,
    bottleneck_resolve,
    case_meeting_record,
    case_partner_add,
    exclusion_record,
    goal_add,
    panel_decide,
    plan_create,
    plan_submit,
    review_record,
    subgoal_add,
)
from regie.rounds.forms import approach_label

CSV_FILENAME: Final = "overzicht-regie.csv"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required ran first
    return request.user


def _sentence(text: str) -> str:
    """A service's message as a sentence on the page."""
    text = capfirst(text.strip()) or ""
    return text if text.endswith((".", "!", "?")) else text + "."


def _whole_case(user: User, case_id: int) -> Case:
    """A participant of which ``user`` may see everything (not a provider's view)."""
    case = participant_for_user(user, case_id)
    if not sees_whole_case(user, case):
        raise Http404("geen deelnemer")
    return case


def _require(user: User, page: PlanPage) -> None:
    if not may_open(user, page):
        raise Http404("pagina niet gevonden")


# --- the plan as a tree of goals, subgoals and actions, with their forms ------------------


@dataclass
class ActionView:
    action: Action
    update_form: forms.Form | None
    change_form: forms.Form | None = None


@dataclass
class SubGoalView:
    subgoal: SubGoal
    actions: list[ActionView]
    action_form: forms.Form | None


@dataclass
class GoalView:
    goal: Goal
    subgoals: list[SubGoalView]
    subgoal_form: forms.Form | None


@dataclass
class DomainView:
    label: str
    goals: list[GoalView] = field(default_factory=list)


def _plan_tree(
    plan: Plan, *, case: Case, may_edit: bool, may_update: bool, bound: dict[str, forms.Form]
) -> list[DomainView]:
    """The goals of ``plan`` per life domain (in the order of ``LifeDomain``)."""
    is_editable = may_edit and plan.status in PLAN_EDITABLE
    domains = {domain.value: DomainView(domain.label) for domain in LifeDomain}
    goals = plan.goals.prefetch_related("subgoals__actions__organisation")
    for goal in goals:
        subgoals = []
        for subgoal in goal.subgoals.all():
            actions = [
                ActionView(
                    action,
                    (
                        bound.get(f"update{action.pk}")
                        or ActionUpdateForm(
                            auto_id=f"status{action.pk}_%s",
                            initial={"status": action.status, "toelichting": action.status_note},
                        )
                    )
                    if may_update
                    else None,
                    (
                        bound.get(f"change{action.pk}")
                        or ActionChangeForm(
                            auto_id=f"wijzig{action.pk}_%s",
                            initial={
                                "actie": action.description,
                                "verantwoordelijke": action.responsible,
                                "uiterlijk": action.deadline,
                            },
                        )
                    )
                    if is_editable
                    else None,
                )
                for action in subgoal.actions.all()
            ]
            action_form = (
                bound.get(f"action{subgoal.pk}")
                or ActionForm(case=case, auto_id=f"actie{subgoal.pk}_%s")
                if is_editable
                else None
            )
            subgoals.append(SubGoalView(subgoal, actions, action_form))
        subgoal_form = (
            bound.get(f"subgoal{goal.pk}") or SubGoalForm(auto_id=f"subdoel{goal.pk}_%s")
            if is_editable
            else None
        )
        domains[goal.life_domain].goals.append(GoalView(goal, subgoals, subgoal_form))
    return [domain for domain in domains.values() if domain.goals]


@dataclass
class BottleneckView:
    bottleneck: Bottleneck
    escalate_form: forms.Form | None
    resolve_form: forms.Form | None


def _bottlenecks(
    case: Case, *, may_handle: bool, bound: dict[str, forms.Form]
) -> list[BottleneckView]:
    views = []
    for bottleneck in case.bottlenecks.prefetch_related("steps__by"):
        is_open = may_handle and not bottleneck.is_resolved
        views.append(
            BottleneckView(
                bottleneck,
                (
                    bound.get(f"escalate{bottleneck.pk}")
                    or EscalateForm(auto_id=f"opschalen{bottleneck.pk}_%s")
                )
                if is_open
                else None,
                (
                    bound.get(f"resolve{bottleneck.pk}")
                    or ResolveForm(auto_id=f"oplossen{bottleneck.pk}_%s")
                )
                if is_open
                else None,
            )
        )
    return views


def _plan_of(case: Case) -> Plan | None:
    return Plan.objects.filter(case=case).first()


# --- the case direction page ---------------------------------------------------------------


def _provider_page(
    request: HttpRequest,
    user: User,
    case: Case,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Need to know: only the own organisation's actions, each with a status form."""
    bound = bound or {}
    groups = [
        (
            goal,
            subgoal,
            [
                ActionView(
                    action,
                    bound.get(f"update{action.pk}")
                    or ActionUpdateForm(
                        auto_id=f"status{action.pk}_%s",
                        initial={"status": action.status, "toelichting": action.status_note},
                    ),
                )
                for action in actions
            ],
        )
        for goal, subgoal, actions in selectors.intervention_view(user, case)
    ]
    return render(
        request,
        "plans/provider_case.html",
        {"case": case, "approach": approach_label(case.approach), "groups": groups},
        status=status,
    )


def _case_page(
    request: HttpRequest,
    user: User,
    case: Case,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case direction page; ``bound`` holds a posted form that was refused."""
    if not sees_whole_case(user, case):
        return _provider_page(request, user, case, bound=bound, status=status)
    bound = bound or {}
    in_regie = case.status == CaseStatus.IN_REGIE
    may_edit = may_edit_plan(user, case)
    may_reviews = may_review(user, case) and in_regie
    may_handle = may_handle_bottleneck(user, case)
    plan = _plan_of(case)
    today = timezone.localdate()
    return render(
        request,
        "plans/case.html",
        {
            "case": case,
            "approach": approach_label(case.approach),
            "clocks": selectors.case_clocks(case, today=today),
            "partners": list(case.partners.select_related("organisation")),
            "partner_form": (bound.get("partner") or PartnerForm(auto_id="partner_%s"))
            if may_edit and in_regie
            else None,
            "plan": plan,
            "plan_form": (bound.get("plan") or PlanCreateForm(auto_id="plan_%s"))
            if may_edit and in_regie and plan is None
            else None,
            "goal_form": (bound.get("goal") or GoalForm(auto_id="doel_%s"))
            if may_edit and plan is not None and plan.status in PLAN_EDITABLE
            else None,
            "domains": _plan_tree(
                plan, case=case, may_edit=may_edit, may_update=may_edit, bound=bound
            )
            if plan is not None
            else [],
            "may_submit": may_edit
            and plan is not None
            and plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED),
            "decisions": list(plan.decisions.select_related("decided_by")) if plan else [],
            "meetings": list(case.meetings.select_related("recorded_by")),
            "meeting_form": (bound.get("meeting") or MeetingForm(auto_id="overleg_%s"))
            if may_edit and in_regie
            else None,
            "reviews": list(case.reviews.select_related("decided_by")),
            "review_form": (bound.get("review") or ReviewForm(auto_id="toets_%s"))
            if may_reviews
            else None,
            "exclusions": list(case.exclusions.select_related("recorded_by")),
            "exclusion_form": (bound.get("exclusion") or ExclusionForm(auto_id="uitsluiting_%s"))
            if may_reviews
            else None,
            "open_proposals": [
                p for p in outflow_proposals_of(case) if p.status == OutflowStatus.OPEN
            ],
            "bottlenecks": _bottlenecks(case, may_handle=may_handle, bound=bound),
            "bottleneck_form": (bound.get("bottleneck") or BottleneckForm(auto_id="knelpunt_%s"))
            if may_handle and in_regie
            else None,
        },
        status=status,
    )


@login_required
@require_GET
def case_direction(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = participant_for_user(user, case_id)
    audit_record(
        actor=user,
        action="plan_case_viewed",
        subject=case,
        status=case.status,
        need_to_know=is_involved_provider(user, case),
    )
    return _case_page(request, user, case)


def _act(
    request: HttpRequest,
    user: User,
    case: Case,
    *,
    key: str,
    form: forms.Form,
    perform: Callable[[], object],
    done: str,
) -> HttpResponse:
    """Call the service when ``form`` is complete; show the page again when not."""
    if form.is_valid():
        try:
            perform()
        except PlanActionRefused as refused:
            messages.error(request, _sentence(str(refused)))
        else:
            messages.success(request, done)
            return redirect("plans:case", case_id=case.pk)
    return _case_page(request, user, case, bound={key: form}, status=400)


@login_required
@require_POST
def plan_create_view(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _whole_case(user, case_id)
    form = PlanCreateForm(request.POST, auto_id="plan_%s")
    return _act(
        request,
        user,
        case,
        key="plan",
        form=form,
        perform=lambda: plan_create(
            case=case, created_by=user, summary=form.cleaned_data["samenvatting"]
        ),
        done="Het plan van aanpak is aangemaakt.",
    )


@login_required
@require_POST
def partner_add_view(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _whole_case(user, case_id)
    form = PartnerForm(request.POST, auto_id="partner_%s")
    return _act(
        request,
        user,
        case,
        key="partner",
        form=form,
        perform=lambda: case_partner_add(
            case=case,
            added_by=user,
            organisation=form.cleaned_data["organisatie"],
            role=form.cleaned_data["rol"],
            contact=form.cleaned_data["contactpersoon"],
        ),
        done="De partner is toegevoegd.",
    )


def _plan_for_case(case: Case) -> Plan:
    plan = _plan_of(case)
    if plan is None:
        raise Http404("geen plan van aanpak")
    return plan


@login_required
@require_POST
def goal_add_view(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _whole_case(user, case_id)
    plan = _plan_for_case(case)
    form = GoalForm(request.POST, auto_id="doel_%s")
    return _act(
        request,
        user,
        case,
        key="goal",
        form=form,
        perform=lambda: goal_add(
            plan=plan,
            added_by=user,
            life_domain=LifeDomain(form.cleaned_data["leefgebied"]),
            description=form.cleaned_data["doel"],
            alternative=form.cleaned_data["alternatief"],
            blocked_by=form.cleaned_data["belemmering"],
        ),
        done="Het doel is toegevoegd.",
    )


@login_required
@require_POST
def subgoal_add_view(request: HttpRequest, case_id: int, goal_id: int) -> HttpResponse:
    user = _user(request)
    case = _whole_case(user, case_id)
    goal = get_object_or_404(Goal.objects.select_related("plan"), pk=goal_id, plan__case=case)
    form = SubGoalForm(request.POST, auto_id=f"subdoel{goal.pk}_%s")
    return _act(
        request,
        user,
        case,
        key=f"subgoal{goal.pk}",
        form=form,
        perform=lambda: subgoal_add(
            goal=goal, added_by=user, description=form.cleaned_data["subdoel"]
        ),
        done="Het subdoel is toegevoegd.",
    )


@login_required
@require_POST
def action_add_view(request: HttpRequest, case_id: int, subgoal_id: int) -> HttpResponse:
    user = _user(request)
    case = _whole_case(user, case_id)
    subgoal = get_object_or_404(
        SubGoal.objects.select_related("goal__plan"), pk=subgoal_id, goal__plan__case=case
    )
    form = ActionForm(request.POST, case=case, auto_id=f"actie{subgoal.pk}_%s")
    return _act(
        request,
        user,
        case,
        key=f"action{subgoal.pk}",
        form=form,
        perform=lambda: action_add(
            subgoal=subgoal,
            added_by=user,
            description=form.cleaned_data["actie"],
            organisation=form.cleaned_data["partner"],
            responsible=form.cleaned_data["verantwoordelijke"],
            deadline=form.cleaned_data["uiterlijk"],
        ),
        done="De actie is toegevoegd.",
    )


@login_required
@require_POST
def action_change_view(request: HttpRequest, case_id: int, action_id: int) -> HttpResponse:
    """The regisseur changes an action: what, who, by when."""
    user = _user(request)
    case = _whole_case(user, case_id)
    action = get_object_or_404(
        Action.objects.select_related("subgoal__goal__plan"),
        pk=action_id,
        subgoal__goal__plan__case=case,
    )
    form = ActionChangeForm(request.POST, auto_id=f"wijzig{action.pk}_%s")
    return _act(
        request,
        user,
        case,
        key=f"change{action.pk}",
        form=form,
        perform=lambda: action_change(
            action=action,
            changed_by=user,
            description=form.cleaned_data["actie"],
            responsible=form.cleaned_data["verantwoordelijke"],
            deadline=form.cleaned_data["uiterlijk"],
        ),
        done="De actie is gewijzigd.",
    )


@login_required
@require_POST
def action_update_view(request: HttpRequest, case_id: int, action_id: int) -> HttpResponse:
    """The regisseur, or the provider of the organisation that carries the action out."""
    user = _user(request)
    case = participant_for_user(user, case_id)
    action = get_object_or_404(Action, pk=action_id, subgoal__goal__plan__case=case)
    if not sees_whole_case(user, case) and action.organisation_id != user.organisation_id:
        raise Http404("geen actie")  # need to know: another partner's action does not exist
    form = ActionUpdateForm(request.POST, auto_id=f"status{action.pk}_%s")
    return _act(
        request,
        user,
        case,
        key=f"update{action.pk}",
        form=form,
        perform=lambda: action_update(
            action=action,
            updated_by=user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["toelichting"],
        ),
        done="De status van de actie is bijgewerkt.",
    )


@login_required
@require_POST
def plan_submit_view(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _whole_case(user, case_id)
    plan = _plan_for_case(case)
    try:
        plan_submit(plan=plan, submitted_by=user)
    except PlanActionRefused as refused:
        messages.error(request, _sentence(str(refused)))
        return _case_page(request, user, case, status=400)
    messages.success(request, "Het plan is ingediend bij het expertpanel.")
    return redirect("plans:case", case_id=case.pk)


@login_required
@require_POST
def meeting_record_view(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _whole_case(user, case_id)
    form = MeetingForm(request.POST, auto_id="overleg_%s")
    return _act(
        request,
        user,
        case,
        key="meeting",
        form=form,
        perform=lambda: case_meeting_record(
            case=case,
            recorded_by=user,
            held_on=form.cleaned_data["datum"],
            notes=form.cleaned_data["afspraken"],
        ),
        done="Het casusoverleg is vastgelegd.",
    )


@login_required
@require_POST
def review_record_view(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _whole_case(user, case_id)
    form = ReviewForm(request.POST, auto_id="toets_%s")
    return _act(
        request,
        user,
        case,
        key="review",
        form=form,
        perform=lambda: review_record(
            case=case,
            decided_by=user,
            held_on=form.cleaned_data["datum"],
            judgement=form.cleaned_data["oordeel"],
            reasons=form.cleaned_data["onderbouwing"],
        ),
        done="De proportionaliteitstoets is vastgelegd.",
    )


@login_required
@require_POST
def exclusion_record_view(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _whole_case(user, case_id)
    form = ExclusionForm(request.POST, auto_id="uitsluiting_%s")
    return _act(
        request,
        user,
        case,
        key="exclusion",
        form=form,
        perform=lambda: exclusion_record(
            case=case,
            recorded_by=user,
            ground=form.cleaned_data["grond"],
            note=form.cleaned_data["toelichting"],
        ),
        done="De uitsluitingsgrond is vastgelegd.",
    )


@login_required
@require_POST
def bottleneck_raise_view(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _whole_case(user, case_id)
    form = BottleneckForm(request.POST, auto_id="knelpunt_%s")
    return _act(
        request,
        user,
        case,
        key="bottleneck",
        form=form,
        perform=lambda: bottleneck_raise(
            case=case, raised_by=user, description=form.cleaned_data["beschrijving"]
        ),
        done="Het knelpunt is gemeld.",
    )


@login_required
@require_POST
def bottleneck_escalate_view(
    request: HttpRequest, case_id: int, bottleneck_id: int
) -> HttpResponse:
    user = _user(request)
    case = _whole_case(user, case_id)
    bottleneck = get_object_or_404(Bottleneck, pk=bottleneck_id, case=case)
    form = EscalateForm(request.POST, auto_id=f"opschalen{bottleneck.pk}_%s")
    return _act(
        request,
        user,
        case,
        key=f"escalate{bottleneck.pk}",
        form=form,
        perform=lambda: bottleneck_escalate(
            bottleneck=bottleneck, escalated_by=user, note=form.cleaned_data["toelichting"]
        ),
        done="Het knelpunt is een stap hoger gelegd.",
    )


@login_required
@require_POST
def bottleneck_resolve_view(request: HttpRequest, case_id: int, bottleneck_id: int) -> HttpResponse:
    user = _user(request)
    case = _whole_case(user, case_id)
    bottleneck = get_object_or_404(Bottleneck, pk=bottleneck_id, case=case)
    form = ResolveForm(request.POST, auto_id=f"oplossen{bottleneck.pk}_%s")
    return _act(
        request,
        user,
        case,
        key=f"resolve{bottleneck.pk}",
        form=form,
        perform=lambda: bottleneck_resolve(
            bottleneck=bottleneck, resolved_by=user, note=form.cleaned_data["toelichting"]
        ),
        done="Het knelpunt is opgelost.",
    )


# --- the expert panel ----------------------------------------------------------------------


@login_required
@require_GET
def panel_agenda_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not may_decide_panel(user):
        raise Http404("pagina niet gevonden")
    items = selectors.panel_agenda(today=timezone.localdate())
    plan_of = dict(
        Plan.objects.filter(case__in=[item.case.pk for item in items]).values_list("case_id", "pk")
    )
    audit_record(actor=user, action="panel_agenda_viewed", subject=user, items=len(items))
    audit_record_many(
        actor=user,
        action="panel_agenda_listed",
        subject=user,
        person_keys=[item.case.person_key for item in items],
    )
    return render(
        request,
        "plans/panel.html",
        {"rows": [(item, plan_of.get(item.case.pk)) for item in items]},
    )


def _plan_for_panel(user: User, plan_id: int) -> Plan:
    if not may_decide_panel(user):
        raise Http404("geen plan")
    return get_object_or_404(
        Plan.objects.select_related("case__regisseur"),
        pk=plan_id,
        case__status__in=CaseStatus.participant_states(),
    )


def _plan_review_page(
    request: HttpRequest,
    plan: Plan,
    *,
    form: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    case = plan.case
    return render(
        request,
        "plans/plan_review.html",
        {
            "plan": plan,
            "case": case,
            "approach": approach_label(case.approach),
            "partners": list(case.partners.select_related("organisation")),
            "domains": _plan_tree(plan, case=case, may_edit=False, may_update=False, bound={}),
            "decisions": list(plan.decisions.select_related("decided_by")),
            "decision_form": (form or PanelDecisionForm(auto_id="besluit_%s"))
            if plan.status == PlanStatus.SUBMITTED
            else None,
        },
        status=status,
    )


@login_required
@require_GET
def plan_review(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = _user(request)
    plan = _plan_for_panel(user, plan_id)
    audit_record(actor=user, action="plan_viewed", subject=plan, status=plan.status)
    return _plan_review_page(request, plan)


@login_required
@require_POST
def panel_decide_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = _user(request)
    plan = _plan_for_panel(user, plan_id)
    form = PanelDecisionForm(request.POST, auto_id="besluit_%s")
    if form.is_valid():
        try:
            decision = panel_decide(
                plan=plan,
                decided_by=user,
                decision=form.cleaned_data["besluit"],
                remarks=form.cleaned_data["opmerkingen"],
            )
        except PlanActionRefused as refused:
            messages.error(request, _sentence(str(refused)))
        else:
            messages.success(request, f"Besluit vastgelegd: {decision.get_decision_display()}.")
            return redirect("plans:plan_review", plan_id=plan.pk)
    plan.refresh_from_db()
    return _plan_review_page(request, plan, form=form, status=400)


# --- overviews -----------------------------------------------------------------------------


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The regisseur's own participants: what is due, overdue, waiting, open."""
    user = _user(request)
    _require(user, PlanPage.MINE)
    overview = selectors.regisseur_overview(user, today=timezone.localdate())
    audit_record(
        actor=user, action="regisseur_overview_viewed", subject=user, cases=overview.total_cases
    )
    audit_record_many(
        actor=user,
        action="regisseur_overview_listed",
        subject=user,
        person_keys=[line.case.person_key for line in overview.cases],
    )
    return render(request, "plans/mine.html", {"overview": overview})


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require(user, PlanPage.OVERVIEW)
    figures = selectors.manager_overview(today=timezone.localdate())
    audit_record(actor=user, action="manager_overview_viewed", subject=user)
    audit_record_many(
        actor=user,
        action="manager_overview_listed",
        subject=user,
        # the persons the page names: those with an open bottleneck or something overdue
        person_keys=[b.case.person_key for b in figures.open_bottlenecks]
        + [item.case.person_key for item in figures.overdue],
    )
    return render(request, "plans/overview.html", {"overview": figures})


@login_required
@require_GET
def overview_csv(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require(user, PlanPage.OVERVIEW)
    text = export.manager_overview_csv(selectors.manager_overview(today=timezone.localdate()))
    audit_record(actor=user, action="manager_overview_exported", subject=user)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{CSV_FILENAME}"'
    return response


@login_required
@require_GET
def provider(request: HttpRequest) -> HttpResponse:
    """The participants in whose case the provider's organisation is a partner."""
    user = _user(request)
    _require(user, PlanPage.PROVIDER)
    if user.organisation_id is None:
        raise Http404("geen organisatie")
    involved = CasePartner.objects.filter(organisation_id=user.organisation_id).values("case_id")
    cases = list(
        Case.objects.filter(pk__in=involved, status__in=CaseStatus.participant_states()).order_by(
            "achternaam", "voornamen", "pk"
        )
    )
    audit_record(actor=user, action="provider_cases_viewed", subject=user, cases=len(cases))
    audit_record_many(
        actor=user,
        action="provider_cases_listed",
        subject=user,
        person_keys=[case.person_key for case in cases],
    )
    return render(request, "plans/provider.html", {"cases": cases})
