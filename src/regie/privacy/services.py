"""Writing privacy: producing an access request, recording a correction or objection.

Each service checks that its actor is the privacy officer, runs in one transaction and
writes its audit record (with the person's key) in it. Refusals are
:class:`PrivacyRefused` with a Dutch message; nothing is written then.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from regie.accounts.models import User
from regie.audit.services import audit_record
from regie.cases.models import Case
from regie.privacy.constants import RightsDecision, RightsRequestKind
from regie.privacy.models import RightsRequest
from regie.privacy.permissions import PrivacyPermission, has_permission
from regie.privacy.rendering import access_request_render
from regie.privacy.selectors import access_request_build, person_known


class PrivacyRefused(Exception):
    """The request cannot be handled as asked; the message says why, in Dutch."""


@dataclass(frozen=True)
class AccessRequest:
    data: dict[str, Any]
    pdf: bytes | None

    def as_json(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, indent=2)


def _check(user: User, permission: PrivacyPermission) -> None:
    if not has_permission(user, permission):
        raise PrivacyRefused(
            f"{user.username} is geen functionaris gegevensbescherming en mag dit niet."
        )


def _not_in_future(day: date, what: str) -> None:
    if day > timezone.localdate():
        raise PrivacyRefused(f"De datum {what} ligt in de toekomst.")


@transaction.atomic
def access_request_produce(
    *, person_key: str, requested_on: date, produced_by: User, as_pdf: bool
) -> AccessRequest:
    """Everything Regie holds about ``person_key`` (AVG art. 15), as JSON data and, with
    ``as_pdf``, as a PDF letter. Producing it is itself in the access log, and so in the
    document: the record is written first."""
    _check(produced_by, PrivacyPermission.ACCESS_REQUEST)
    _not_in_future(requested_on, "van het verzoek")
    if person_known(person_key) is None:
        raise PrivacyRefused("Regie heeft geen gegevens over deze persoon.")
    produced_at = timezone.now()
    audit_record(
        actor=produced_by,
        action="access_request_produced",
        subject=produced_by,
        person_key=person_key,
        requested_on=requested_on.isoformat(),
        format="pdf" if as_pdf else "json",
    )
    data = access_request_build(
        person_key=person_key, requested_on=requested_on, produced_at=produced_at
    )
    return AccessRequest(data, access_request_render(data) if as_pdf else None)


def _decision_check(
    *, decision: str, reasons: str, decided_on: date | None, received_on: date
) -> None:
    if not decision:
        if reasons or decided_on is not None:
            raise PrivacyRefused("Kies een besluit, of laat onderbouwing en datum leeg.")
        return
    if decision not in RightsDecision.values:
        raise PrivacyRefused(f"Onbekend besluit: {decision}.")
    if not reasons:
        raise PrivacyRefused("Schrijf bij een besluit de onderbouwing.")
    if decided_on is None:
        raise PrivacyRefused("Vul bij een besluit de datum van het besluit in.")
    _not_in_future(decided_on, "van het besluit")
    if decided_on < received_on:
        raise PrivacyRefused("Het besluit kan niet eerder zijn dan de ontvangst van het verzoek.")


@transaction.atomic
def rights_request_record(
    *,
    case: Case,
    kind: RightsRequestKind,
    received_on: date,
    request: str,
    recorded_by: User,
    decision: str = "",
    reasons: str = "",
    decided_on: date | None = None,
) -> RightsRequest:
    """Record a person's request for correction (AVG art. 16) or their objection (art. 21)
    on ``case``; with ``decision`` also the decision, its reasons and date."""
    _check(recorded_by, PrivacyPermission.RIGHTS_REQUEST)
    request, reasons = request.strip(), reasons.strip()
    if not request:
        raise PrivacyRefused("Schrijf op wat de persoon vraagt.")
    _not_in_future(received_on, "van ontvangst")
    _decision_check(
        decision=decision, reasons=reasons, decided_on=decided_on, received_on=received_on
    )
    case = Case.objects.select_for_update().get(pk=case.pk)
    rights = RightsRequest.objects.create(
        case=case,
        person_key=case.person_key,
        kind=kind,
        received_on=received_on,
        request=request,
        decision=decision,
        reasons=reasons,
        decided_on=decided_on,
        handled_by=recorded_by,
    )
    audit_record(
        actor=recorded_by,
        action="rights_request_recorded",
        subject=rights,
        person_key=case.person_key,
        case=case.pk,
        kind=kind.value,
        received_on=received_on.isoformat(),
        decision=decision,
    )
    if decision:
        audit_record(
            actor=recorded_by,
            action="rights_request_decided",
            subject=rights,
            person_key=case.person_key,
            case=case.pk,
            decision=decision,
            decided_on=decided_on.isoformat() if decided_on else None,
        )
    return rights


@transaction.atomic
def rights_request_decide(
    *,
    rights: RightsRequest,
    decision: str,
    reasons: str,
    decided_on: date,
    decided_by: User,
) -> RightsRequest:
    """Record the decision on an open request, once."""
    _check(decided_by, PrivacyPermission.RIGHTS_REQUEST)
    rights = RightsRequest.objects.select_for_update().get(pk=rights.pk)
    if rights.decision:
        raise PrivacyRefused(f"Over dit verzoek is al besloten: {rights.get_decision_display()}.")
    reasons = reasons.strip()
    if not decision:
        raise PrivacyRefused("Kies een besluit.")
    _decision_check(
        decision=decision, reasons=reasons, decided_on=decided_on, received_on=rights.received_on
    )
    rights.decision, rights.reasons, rights.decided_on = decision, reasons, decided_on
    rights.handled_by = decided_by
    rights.save(update_fields=["decision", "reasons", "decided_on", "handled_by"])
    audit_record(
        actor=decided_by,
        action="rights_request_decided",
        subject=rights,
        person_key=rights.person_key,
        case=rights.case_id,
        decision=decision,
        decided_on=decided_on.isoformat(),
    )
    return rights
