"""The analysts' review queue: pairs of records that may be one person."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regie.accounts.models import User
from regie.audit.services import audit_record_many
from regie.identity.forms import DecisionForm
from regie.identity.models import IdentityRecord, ReviewPair
from regie.identity.permissions import IdentityPermission, has_permission, pair_for_user
from regie.identity.selectors import linkage_run_latest, review_queue
from regie.identity.services import PairAlreadyDecided, linkage_run_start, pair_decide

PAIRS_PER_PAGE: Final = 50
COLUMN_LABELS: Final = {
    "achternaam": "achternaam",
    "voornamen": "voornamen",
    "geboortedatum": "geboortedatum",
    "gemeente": "gemeente",
}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required ran first
    return request.user


def _review_check(user: User) -> None:
    if not has_permission(user, IdentityPermission.REVIEW):
        raise PermissionDenied("Alleen analisten beoordelen paren.")


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _review_check(user)
    page = Paginator(review_queue(), PAIRS_PER_PAGE).get_page(request.GET.get("pagina"))
    audit_record_many(
        actor=user,
        action="identity_queue_listed",
        subject=user,
        person_keys=[
            key
            for pair in page.object_list
            for key in (pair.record_l.person_key, pair.record_r.person_key)
        ],
        page=page.number,
    )
    return render(request, "identity/queue.html", {"page": page, "run": linkage_run_latest()})


@dataclass(frozen=True)
class Row:
    label: str
    left: str
    right: str

    @property
    def differs(self) -> bool:
        return self.left != self.right


def _side(record: IdentityRecord) -> dict[str, str]:
    return {
        "achternaam": record.achternaam,
        "tussenvoegsel": record.tussenvoegsel or "",
        "voornamen": record.voornamen,
        "geboortedatum": record.geboortedatum.strftime("%d-%m-%Y"),
        "gemeente": record.gemeente or "onbekend",
        "bsn": "bekend" if record.bsn_pseudonym else "geen BSN geleverd",
        "persoon": "hoort bij een persoon met BSN"
        if not record.person_key.startswith("~")
        else "staat los: nog bij geen persoon met BSN",
        "geleverd": ", ".join(f"{bron} ({n})" for bron, n in record.partners.items()),
        "rijen": str(record.rows),
    }


_SIDE_LABELS: Final = (
    ("achternaam", "Achternaam"),
    ("tussenvoegsel", "Tussenvoegsel"),
    ("voornamen", "Voornamen"),
    ("geboortedatum", "Geboortedatum"),
    ("gemeente", "Gemeente"),
    ("bsn", "BSN"),
    ("persoon", "Persoon"),
    ("geleverd", "Geleverd door (rijen)"),
)


def _explanation(pair: ReviewPair) -> list[dict[str, Any]]:
    return [
        {
            "label": COLUMN_LABELS.get(c["column"], c["column"]),
            "level": c["level"],
            "weight": c["weight"],
            "value_l": c["value_l"] or "–",
            "value_r": c["value_r"] or "–",
        }
        for c in pair.comparisons
    ]


def _percent(probability: float) -> str:
    """A probability as a Dutch percentage; never "100,0" for what is not certain."""
    if probability >= 0.9995:
        return "meer dan 99,9"
    return f"{100 * probability:.1f}".replace(".", ",")


@login_required
@require_http_methods(["GET", "POST"])
def pair_detail(request: HttpRequest, pair_id: int) -> HttpResponse:
    user = _user(request)
    _review_check(user)
    pair = pair_for_user(user, pair_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pair_decide(
                pair=pair,
                decided_by=user,
                is_link=form.is_link(),
                note=form.cleaned_data["toelichting"],
            )
        except PairAlreadyDecided as exc:
            messages.error(request, str(exc))
            return redirect("identity:queue")
        what = "gekoppeld" if form.is_link() else "apart gehouden"
        messages.success(
            request,
            f"Paar {pair.pk} {what}. Het besluit geldt vanaf de volgende koppelronde, "
            "in elke ronde daarna.",
        )
        following = review_queue().exclude(pk=pair.pk).first()
        if following is not None:
            return redirect("identity:pair", pair_id=following.pk)
        return redirect("identity:queue")
    if request.method == "GET":
        # two records may be two persons: one audit record for each
        audit_record_many(
            actor=user,
            action="identity_pair_viewed",
            subject=pair,
            person_keys=[pair.record_l.person_key, pair.record_r.person_key],
        )
    left, right = _side(pair.record_l), _side(pair.record_r)
    rows = [Row(label, left[key], right[key]) for key, label in _SIDE_LABELS]
    parameters = pair.run.parameters
    return render(
        request,
        "identity/pair.html",
        {
            "pair": pair,
            "rows": rows,
            "rijen": (left["rijen"], right["rijen"]),
            "explanation": _explanation(pair),
            "probability_percent": _percent(pair.match_probability),
            "upper": pair.run.receipt.get("drempel_automatisch"),
            "lower": pair.run.receipt.get("drempel_apart"),
            "upper_evidence": parameters.get("upper_evidence_weight"),
            "lower_evidence": parameters.get("lower_evidence_weight"),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def run_start(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _review_check(user)
    run = linkage_run_start(started_by=user)
    figures = run.figures
    messages.success(
        request,
        f"Koppelronde {run.pk} klaar: {int(figures.get('records', 0))} identiteitsrecords, "
        f"{int(figures.get('automatic_links', 0))} automatisch gekoppeld, "
        f"{int(figures.get('review_pairs', 0))} paren te beoordelen.",
    )
    return redirect("identity:queue")
