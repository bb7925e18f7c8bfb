"""Rounds in the browser: the list, starting one, its progress and outcomes, and each
person's explanation in plain Dutch.

Analysts see and start rounds; the programme manager sees them. Others get the same 404
as for a round that does not exist (``permissions.round_for_user``); the programme
manager who opens the start page gets 403, like the identity pages do for a role that
may look but not act.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
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
from regie.audit.services import audit_record
from regie.cases.permissions import case_scope
from regie.criteria.plain import (
    date_long,
    fact_sentence,
    partner_name,
    threshold_phrase,
    window_phrase,
)
from regie.criteria.regeling import (
    AgeRule,
    FactRule,
    Regeling,
    RegelingError,
    Rule,
    regeling_for,
)
from regie.criteria.selection import Evidence
from regie.rounds.constants import OutcomeKind, RoundStatus
from regie.rounds.forms import OutcomeFilterForm, RoundStartForm, approach_label
from regie.rounds.models import Round, RoundOutcome
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
RESULT_MARKS: Final = {"voldaan": "✔", "niet voldaan": "✘", "onbekend": "?"}


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


def partner_names(codes: list[str]) -> list[str]:
    """Partner codes as the page names them: "de politie (politie)"."""
    names = []
    for code in codes:
        try:
            names.append(f"{partner_name(code)} ({code})")
        except ValueError:
            names.append(code)
    return names


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


# --- a person's explanation --------------------------------------------------------------


@dataclass(frozen=True)
class FactLine:
    sentence: str
    bron: str
    bron_id: str


@dataclass(frozen=True)
class CriterionRow:
    id: str
    label: str
    source: str
    result: str  # voldaan, niet voldaan, onbekend
    depth: int
    count: str
    threshold: str
    window: str
    note: str
    facts: tuple[FactLine, ...]
    missing: tuple[str, ...]

    @property
    def mark(self) -> str:
        return RESULT_MARKS.get(self.result, "?")

    @property
    def css_class(self) -> str:
        return self.result.replace(" ", "-")


@dataclass(frozen=True)
class Section:
    title: str
    intro: str
    rows: tuple[CriterionRow, ...]


@dataclass(frozen=True)
class Explanation:
    """A stored explanation (``RoundOutcome.explanation``) ready for the page."""

    approach: str
    outcome: str
    headline: str
    reasons: tuple[str, ...]
    near_miss: str
    outflow_reason: str
    missing: tuple[str, ...]
    sections: tuple[Section, ...]
    regeling_file: str
    regeling_sha256: str
    regeling_changed: bool


@lru_cache(maxsize=32)
def _regeling(approach: str, peildatum: date) -> Regeling | None:
    """The regeling in force on ``peildatum`` (loaded once per process: files change only
    with a new release); ``None`` when it does not load."""
    try:
        return regeling_for(approach, peildatum)
    except (RegelingError, OSError):
        return None


def _figures(criterion: dict[str, Any], rule: Rule | None) -> tuple[str, str]:
    """What was counted, and the threshold, in words: ("2 van de 7 onderdelen", "minstens 3")."""
    count = criterion.get("aantal")
    drempel = criterion.get("drempel") or {}
    parts = criterion.get("onderdelen")
    if parts is not None:
        unit = ""
        counted = f"{count} van de {len(parts)} onderdelen voldaan"
    else:
        if isinstance(rule, AgeRule):
            unit = "jaar"
        elif isinstance(rule, FactRule):
            unit = {"telling": "keer", "dagen_in_periode": "dagen"}.get(rule.block, "")
        else:
            unit = ""
        counted = f"{count} {unit}".strip()
    if count is None:
        counted = "onbekend"
    try:
        threshold = threshold_phrase(drempel, unit) if drempel else ""
    except ValueError:
        threshold = str(drempel)
    return counted, threshold


def _fact_line(item: dict[str, Any], rule: Rule | None) -> FactLine:
    evidence = Evidence(
        bron=item["bron"],
        bron_id=item["bron_id"],
        datum=date.fromisoformat(item["datum"]),
        einddatum=date.fromisoformat(item["einddatum"]) if item.get("einddatum") else None,
        categorie=item.get("categorie"),
        detail=item.get("detail"),
    )
    sentence = ""
    if isinstance(rule, FactRule):
        try:
            sentence = fact_sentence(evidence, rule.fact, addressed=False)
        except ValueError:  # a code this version of the regeling no longer knows
            sentence = ""
    if not sentence:
        codes = ", ".join(c for c in (evidence.categorie, evidence.detail) if c)
        sentence = f"Op {date_long(evidence.datum)} geregistreerd door {evidence.bron}: {codes}."
    return FactLine(sentence=sentence, bron=evidence.bron, bron_id=evidence.bron_id)


def _row(criterion: dict[str, Any], rule: Rule | None, depth: int) -> CriterionRow:
    count, threshold = _figures(criterion, rule)
    venster = criterion.get("venster")
    try:
        window = window_phrase(venster) if venster else ""
    except ValueError:
        window = str(venster)
    return CriterionRow(
        id=criterion["id"],
        label=criterion["label"],
        source=criterion.get("bron", ""),
        result=criterion["uitkomst"],
        depth=depth,
        count=count,
        threshold=threshold,
        window=window,
        note=criterion.get("toelichting", ""),
        facts=tuple(_fact_line(item, rule) for item in criterion.get("bewijs", [])),
        missing=tuple(partner_names(criterion.get("ontbrekende_bronnen", []))),
    )


def _tree(
    root: str,
    criteria: dict[str, dict[str, Any]],
    regeling: Regeling | None,
) -> list[CriterionRow]:
    """The criterion ``root`` and its parts, depth first, each once."""
    rows: list[CriterionRow] = []
    seen: set[str] = set()

    def visit(rule_id: str, depth: int) -> None:
        criterion = criteria.get(rule_id)
        if criterion is None or rule_id in seen:
            return
        seen.add(rule_id)
        rule = regeling.rules.get(rule_id) if regeling is not None else None
        rows.append(_row(criterion, rule, depth))
        for child in criterion.get("onderdelen", []):
            visit(child, depth + 1)

    visit(root, 0)
    return rows


_OUTCOME_WORDS: Final = {"blijft": "Blijft deelnemer", "uitstroom": "Voorstel uitstroom"}


def _outflow_reason(reasons: list[str], regeling: Regeling | None) -> str:
    """The outflow step that decided, in words; the steps before it did not apply."""
    if not reasons:
        return ""
    reason = reasons[0]
    if regeling is None:
        return f"Reden: {reason}."
    for number, step in enumerate(regeling.outflow):
        if step.reason != reason:
            continue
        decided = _OUTCOME_WORDS.get(step.outcome, step.outcome)
        if step.condition is not None:
            label = regeling.rules[step.condition].label
            holds = "dit geldt niet" if step.negate else "dit geldt"
            return f"{decided}. Reden: {holds}: de persoon {label} (reden: {reason})."
        earlier = [
            f"{'dit geldt wel' if s.negate else 'dit geldt niet'}: de persoon "
            f"{regeling.rules[s.condition].label}"
            for s in regeling.outflow[:number]
            if s.condition is not None
        ]
        return (
            f"{decided}. Reden: geen van de stappen hiervoor is van toepassing; "
            + "; ".join(earlier)
            + f" (reden: {reason})."
        )
    return f"Reden: {reason}."


def _near_miss(
    reasons: list[str], criteria: dict[str, dict[str, Any]], regeling: Regeling | None
) -> str:
    parts = []
    for rule_id in reasons:
        criterion = criteria.get(rule_id)
        if criterion is None:
            parts.append(rule_id)
            continue
        drempel = criterion.get("drempel") or {}
        count = criterion.get("aantal")
        if set(drempel) == {"ten_minste"} and count is not None:
            figures = f"{count} van {drempel['ten_minste']}"
        else:
            rule = regeling.rules.get(rule_id) if regeling is not None else None
            counted, threshold = _figures(criterion, rule)
            figures = f"{counted}; nodig: {threshold}"
        parts.append(f"{criterion['label']} ({figures})")
    how_many = "één criterium" if len(parts) == 1 else f"{len(parts)} criteria"
    return f"Niet geselecteerd: {how_many} niet voldaan: " + "; ".join(parts)


def _headline(outcome: str, approach: str) -> str:
    headlines: dict[str, str] = {
        OutcomeKind.INFLOW: (
            f"Voldoet aan de instroomcriteria van de {approach}: voorgesteld als nieuwe kandidaat."
        ),
        OutcomeKind.NEAR_MISS: f"Net niet geselecteerd voor de {approach}.",
        OutcomeKind.STAYS: f"Deelnemer van de {approach}: blijft in de aanpak.",
        OutcomeKind.OUTFLOW: f"Deelnemer van de {approach}: de criteria stellen uitstroom voor.",
        OutcomeKind.UNKNOWN: (
            "Onbekend: een partner leverde niet, en zonder die gegevens is niet te zeggen of "
            f"deze persoon aan de criteria van de {approach} voldoet."
        ),
    }
    return headlines.get(outcome, outcome)


def is_participant(outcome: RoundOutcome) -> bool:
    """Whether the person was a participant of the approach when the round started."""
    if outcome.outcome != OutcomeKind.UNKNOWN:
        return outcome.outcome in (OutcomeKind.STAYS, OutcomeKind.OUTFLOW)
    return any(
        p.get("person_key") == outcome.person_key and p.get("approach") == outcome.approach
        for p in outcome.round.participants
    )


def explanation_build(outcome: RoundOutcome) -> Explanation:
    """The explanation of ``outcome`` for the page (rounds/_explanation.html).

    The criteria come from what the round stored; the regeling in force on the peildatum
    only gives each fact's kind (for its sentence) and the order: the inflow tree, then
    the outflow steps (for a participant the other way round).
    """
    data = outcome.explanation
    criteria: dict[str, dict[str, Any]] = {c["id"]: c for c in data.get("criteria", [])}
    regeling = _regeling(outcome.approach, outcome.round.peildatum)
    approach = approach_label(outcome.approach)
    sections: list[Section] = []
    if regeling is not None and regeling.inflow_rule in criteria:
        inflow = Section(
            "Instroomcriteria",
            "Iemand die nog niet in de aanpak zit, komt in aanmerking als alles hieronder "
            "voldaan is.",
            tuple(_tree(regeling.inflow_rule, criteria, regeling)),
        )
        outflow_rows: list[CriterionRow] = []
        for step in regeling.outflow:
            if step.condition is not None:
                shown = {r.id for r in outflow_rows}
                outflow_rows += [
                    r for r in _tree(step.condition, criteria, regeling) if r.id not in shown
                ]
        outflow = Section(
            "Uitstroomcriteria",
            "Voor een deelnemer gelden de uitstroomstappen in volgorde; de eerste stap die van "
            "toepassing is, beslist.",
            tuple(outflow_rows),
        )
        sections = [outflow, inflow] if is_participant(outcome) else [inflow, outflow]
        shown = {r.id for s in sections for r in s.rows}
        rest = [
            _row(c, regeling.rules.get(c["id"]), 0)
            for c in data.get("criteria", [])
            if c["id"] not in shown
        ]
        if rest:
            sections.append(Section("Overige criteria", "", tuple(rest)))
    else:
        sections = [
            Section(
                "Criteria",
                "",
                tuple(_row(c, None, 0) for c in data.get("criteria", [])),
            )
        ]
    reasons = list(data.get("redenen", outcome.reasons))
    kind = outcome.outcome
    missing = sorted({p for c in criteria.values() for p in c.get("ontbrekende_bronnen", [])})
    return Explanation(
        approach=approach,
        outcome=kind,
        headline=_headline(kind, approach),
        reasons=tuple(criteria[r]["label"] for r in reasons if r in criteria)
        if kind == OutcomeKind.INFLOW
        else (),
        near_miss=_near_miss(reasons, criteria, regeling) if kind == OutcomeKind.NEAR_MISS else "",
        outflow_reason=_outflow_reason(reasons, regeling)
        if kind in (OutcomeKind.STAYS, OutcomeKind.OUTFLOW)
        else "",
        missing=tuple(partner_names(missing)),
        sections=tuple(sections),
        regeling_file=data.get("regeling", ""),
        regeling_sha256=data.get("regeling_sha256", ""),
        regeling_changed=regeling is None or regeling.sha256 != data.get("regeling_sha256"),
    )


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


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
