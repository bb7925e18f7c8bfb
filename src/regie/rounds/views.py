"""Rounds in the browser: the list, starting one, its progress and outcomes, and each
person's explanation in plain Dutch.

Analysts see and start rounds; the programme manager sees them. Others get the same 404
as for a round that does not exist (``permissions.round_for_user``); the programme
manager who opens the start page gets 403, like the identity pages do for a role that
may look but not act.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from regie.accounts.models import User
from regie.audit.services import audit_record, audit_record_many
from regie.cases.permissions import case_scope
from regie.rounds.constants import OutcomeKind, RoundStatus
from regie.rounds.explain import age_on, explanation_build, partner_names
from regie.rounds.forms import OutcomeFilterForm, RoundStartForm, approach_label
from regie.rounds.models import Round
from regie.rounds.permissions import (
    RoundPermission,
    has_permission,
    outcome_for_user,
    round_for_user,
)
from regie.rounds.selectors import is_interrupted, outcomes_filtered, round_preflight
from regie.rounds.services import RoundNotAllowed, RoundNotReady, round_start

ROUNDS_PER_PAGE: Final = 25
OUTCOMES_PER_PAGE: Final = 50
#: The columns of a round's figures: the outcome, and what the page calls it.
COUNT_COLUMNS: Final = (
    (OutcomeKind.INFLOW, "nieuwe kandidaten"),
    (OutcomeKind.OUTFLOW, "voorstellen uitstroom"),
    (OutcomeKind.STAYS, "blijft deelnemer"),
    (OutcomeKind.UNKNOWN, "onbekend"),
    (OutcomeKind.NEAR_MISS, "net niet"),
)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required ran first
    return request.user


def _view_check(user: User) -> None:
    if not has_permission(user, RoundPermission.VIEW):
        raise Http404("geen instroommomenten")


def _start_check(user: User) -> None:
    _view_check(user)
    if not has_permission(user, RoundPermission.START):
        raise PermissionDenied("Alleen analisten starten een instroommoment.")


def status_label(round: Round) -> str:
    if is_interrupted(round):
        return "onderbroken"
    return round.get_status_display()


# --- the list and the start page ---------------------------------------------------------


@dataclass(frozen=True)
class RoundLine:
    round: Round
    status: str
    totals: list[int]


@login_required
@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _view_check(user)
    page = Paginator(Round.objects.select_related("started_by"), ROUNDS_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    lines = [
        RoundLine(
            round=r,
            status=status_label(r),
            totals=[
                sum(int(by_kind.get(kind, 0)) for by_kind in r.counts.values())
                for kind, _ in COUNT_COLUMNS
            ],
        )
        for r in page.object_list
    ]
    return render(
        request,
        "rounds/list.html",
        {
            "page": page,
            "lines": lines,
            "columns": [label for _, label in COUNT_COLUMNS],
            "may_start": has_permission(user, RoundPermission.START),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request: HttpRequest) -> HttpResponse:
    """The preflight (what the round would use and miss) and the form that starts it."""
    user = _user(request)
    _start_check(user)
    preflight = round_preflight()
    today = timezone.localdate()
    form = RoundStartForm(
        request.POST or None,
        missing=preflight.missing,
        today=today,
        initial={"peildatum": today.replace(day=1)},
    )
    if request.method == "POST":
        if preflight.blocking:
            for reason in preflight.blocking:
                messages.error(request, reason)
        elif form.is_valid():
            try:
                round = round_start(
                    peildatum=form.cleaned_data["peildatum"], started_by=user, background=True
                )
            except RoundNotAllowed:
                raise PermissionDenied("Alleen analisten starten een instroommoment.") from None
            except RoundNotReady as refused:
                for reason in refused.reasons:
                    messages.error(request, reason)
            else:
                messages.success(
                    request,
                    f"Instroommoment {round.pk} met peildatum "
                    f"{round.peildatum:%d-%m-%Y} is gestart.",
                )
                return redirect("rounds:detail", round_id=round.pk)
    return render(
        request,
        "rounds/new.html",
        {
            "preflight": preflight,
            "form": form,
            "deliveries": preflight.deliveries,
            "stale": partner_names(preflight.stale),
            "never": partner_names(preflight.never),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- one round ---------------------------------------------------------------------------


def _counts(round: Round) -> list[dict[str, Any]]:
    return [
        {
            "approach": approach,
            "label": approach_label(approach),
            "cells": [
                {"kind": kind.value, "n": int(by_kind.get(kind, 0))} for kind, _ in COUNT_COLUMNS
            ],
        }
        for approach, by_kind in sorted(round.counts.items())
    ]


@login_required
@require_GET
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    user = _user(request)
    round = round_for_user(user, round_id)
    context: dict[str, Any] = {
        "round": round,
        "status": status_label(round),
        "is_interrupted": is_interrupted(round),
        "is_active": round.status in (RoundStatus.QUEUED, RoundStatus.RUNNING),
        "missing": partner_names(round.missing_partners),
    }
    if round.status == RoundStatus.DONE:
        filters = OutcomeFilterForm(request.GET)
        chosen = filters.filters()
        page = Paginator(outcomes_filtered(round, **chosen), OUTCOMES_PER_PAGE).get_page(
            request.GET.get("pagina")
        )
        query = request.GET.copy()
        query.pop("pagina", None)
        context |= {
            "counts": _counts(round),
            "columns": [label for _, label in COUNT_COLUMNS],
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "receipt": round.receipt,
        }
        audit_record(
            actor=user,
            action="round_viewed",
            subject=round,
            approach=chosen["approach"],
            outcome=chosen["outcome"],
            searched=bool(chosen["search"]),  # never the search words: they may be a name
            page=page.number,
        )
        audit_record_many(
            actor=user,
            action="round_outcome_listed",
            subject=round,
            person_keys=[outcome.person_key for outcome in page.object_list],
            page=page.number,
        )
    return render(request, "rounds/detail.html", context)


@never_cache
@login_required
@require_GET
def round_progress(request: HttpRequest, round_id: int) -> JsonResponse:
    """A round's progress, for the progress bar that polls it (static/regie/progress.js)."""
    round = round_for_user(_user(request), round_id)
    return JsonResponse(
        {
            "status": round.status,
            "status_label": status_label(round),
            "step": round.step,
            "steps_done": round.steps_done,
            "steps_total": round.steps_total,
            "error": round.error,
            "interrupted": is_interrupted(round),
        }
    )


@login_required
@require_GET
def outcome_detail(request: HttpRequest, round_id: int, outcome_id: int) -> HttpResponse:
    """One person's outcome in a round, and why: every criterion with the facts behind it."""
    user = _user(request)
    outcome = outcome_for_user(user, round_id, outcome_id)
    audit_record(
        actor=user,
        action="round_outcome_viewed",
        subject=outcome,
        round=outcome.round_id,
        approach=outcome.approach,
        outcome=outcome.outcome,
    )
    case = (
        case_scope(user)
        .filter(person_key=outcome.person_key, approach=outcome.approach)
        .order_by("-created_at", "-pk")
        .first()
    )
    return render(
        request,
        "rounds/outcome.html",
        {
            "outcome": outcome,
            "round": outcome.round,
            "age": age_on(outcome.geboortedatum, outcome.round.peildatum),
            "explanation": explanation_build(outcome),
            "case": case,
        },
    )
