"""Reading what Regie holds about one person: finding them, and their access request.

:func:`access_request_build` gathers, for one ``person_key``, everything Regie holds about
the person (AVG art. 15) as one JSON-ready document in plain Dutch: identity records,
delivered facts, round outcomes with their explanation, cases (with their history,
dossier, letters, plan, panel decisions, meetings, reviews, exclusion grounds,
bottlenecks and the person's corrections and objections), and the access log. The PDF
(``regie.privacy.rendering``) and the JSON download are made from the same document.
Its structure is described in docs/privacy.md.

Retention removes old cases, facts and outcomes at any time: every part is read on its
own and may be empty; a missing part is never an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final

from django.db.models import Q
from django.utils import timezone

from regie.accounts.models import User
from regie.audit.models import AuditEvent
from regie.cases.models import Case
from regie.criteria.plain import code_label, date_long, fact_sentence, partner_name
from regie.criteria.selection import Evidence
from regie.deliveries.models import Fact
from regie.identity.models import IdentityRecord
from regie.letters.models import Letter
from regie.linkage.records import record_id_of
from regie.plans.models import Bottleneck, CaseMeeting, CasePartner, Exclusion, Plan, Review
from regie.privacy.actions import action_sentence
from regie.privacy.models import RightsRequest
from regie.rounds.explain import explanation_build
from regie.rounds.forms import approach_label
from regie.rounds.models import RoundOutcome

#: The version of the document's structure (docs/privacy.md); raise it on a change.
STRUCTURE_VERSION: Final = 1

#: Each kind of delivered fact in plain words, as the access request names it.
FACT_KIND_WORDS: Final[dict[str, str]] = {
    "inschrijving": "inschrijving in een gemeente",
    "aanhouding": "aanhouding door de politie",
    "verdachte": "verdachte van een strafbaar feit",
    "voorgeleiding": "voorgeleiding",
    "veroordeling": "veroordeling",
    "maatregel": "maatregel",
    "detentie": "detentie (vastzitten)",
    "leerplicht": "melding over leerplicht",
    "huiselijk_geweld": "melding over huiselijk geweld",
    "jeugdgroep": "jeugdgroep",
}

SYSTEM_ACTOR: Final = "Regie zelf (automatisch)"


# --- finding a person --------------------------------------------------------------------


@dataclass
class PersonFound:
    person_key: str
    name: str
    geboortedatum: date
    where: set[str] = field(default_factory=set)  # where Regie holds them, in words

    @property
    def where_text(self) -> str:
        return ", ".join(sorted(self.where))


def _name(voornamen: str, tussenvoegsel: str | None, achternaam: str) -> str:
    prefix = f"{tussenvoegsel} " if tussenvoegsel else ""
    return f"{voornamen} {prefix}{achternaam}"


def persons_found(*, achternaam: str, geboortedatum: date) -> list[PersonFound]:
    """The persons whose surname contains ``achternaam`` and who were born on
    ``geboortedatum``: in a case, a round outcome or an identity record."""
    found: dict[str, PersonFound] = {}
    sources: tuple[tuple[Iterable[Any], str], ...] = (
        (
            Case.objects.filter(achternaam__icontains=achternaam, geboortedatum=geboortedatum),
            "dossier",
        ),
        (
            RoundOutcome.objects.filter(
                achternaam__icontains=achternaam, geboortedatum=geboortedatum
            ),
            "uitkomst van een instroommoment",
        ),
        (
            IdentityRecord.objects.filter(
                achternaam__icontains=achternaam, geboortedatum=geboortedatum
            ),
            "geleverde gegevens",
        ),
    )
    for rows, where in sources:
        for row in rows:
            person = found.setdefault(
                row.person_key,
                PersonFound(
                    row.person_key,
                    _name(row.voornamen, row.tussenvoegsel, row.achternaam),
                    row.geboortedatum,
                ),
            )
            person.where.add(where)
    return sorted(found.values(), key=lambda p: (p.name, p.person_key))


def person_known(person_key: str) -> PersonFound | None:
    """The person with ``person_key`` as Regie names them (latest case first), or None
    when Regie holds nothing about them."""
    for model, where in (
        (Case, "dossier"),
        (RoundOutcome, "uitkomst van een instroommoment"),
        (IdentityRecord, "geleverde gegevens"),
    ):
        row: Any = model.objects.filter(person_key=person_key).order_by("-pk").first()
        if row is not None:
            return PersonFound(
                person_key,
                _name(row.voornamen, row.tussenvoegsel, row.achternaam),
                row.geboortedatum,
                {where},
            )
    return None


def rights_requests_for_case(case: Case) -> list[RightsRequest]:
    """The corrections and objections recorded on ``case``, the latest first."""
    return list(RightsRequest.objects.filter(case=case).select_related("handled_by"))


# --- the access request ------------------------------------------------------------------


def _who(user: User | None) -> dict[str, str]:
    if user is None:
        return {"naam": SYSTEM_ACTOR, "rol": "", "organisatie": ""}
    return {
        "naam": user.get_full_name() or user.username,
        "rol": user.get_role_display() if user.role else "",
        "organisatie": user.organisation.name if user.organisation is not None else "",
    }


def _day(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _moment(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _moment_words(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{date_long(local.date())} om {local:%H:%M}"


def _municipality(code: str | None) -> str:
    if not code:
        return "onbekend"
    try:
        return code_label("inschrijving", "categorie", code) or code
    except ValueError:
        return code


def _partner(code: str) -> str:
    try:
        return partner_name(code)
    except ValueError:
        return code


def _identity(person_key: str) -> tuple[list[dict[str, Any]], list[IdentityRecord]]:
    """The person's identity records, each identity once (the latest run's version)."""
    latest: dict[str, IdentityRecord] = {}
    for record in IdentityRecord.objects.filter(person_key=person_key).order_by("-run_id", "pk"):
        latest.setdefault(record.record_id, record)
    records = sorted(latest.values(), key=lambda r: r.record_id)
    entries = [
        {
            "naam": _name(r.voornamen, r.tussenvoegsel, r.achternaam),
            "achternaam": r.achternaam,
            "tussenvoegsel": r.tussenvoegsel or "",
            "voornamen": r.voornamen,
            "geboortedatum": r.geboortedatum.isoformat(),
            "geboortedatum_tekst": date_long(r.geboortedatum),
            "gemeente": _municipality(r.gemeente),
            "bsn_geleverd": r.bsn_pseudonym is not None,
            "geleverd_door": [
                {"partner": _partner(code), "rijen": int(n)} for code, n in r.partners.items()
            ],
            "koppeling": (
                "Gekoppeld op je burgerservicenummer (BSN)."
                if not person_key.startswith("~")
                else "Gekoppeld op naam en geboortedatum: er is geen BSN geleverd."
            ),
        }
        for r in records
    ]
    return entries, records


def _facts(person_key: str, records: list[IdentityRecord]) -> list[dict[str, Any]]:
    """The facts delivered about the person: those with their BSN pseudonym, and those
    whose identity (BSN, names, birth date) is one of the person's identity records."""
    record_ids = {r.record_id for r in records}
    has_bsn = not person_key.startswith("~")
    match = Q(pk__in=[])
    if has_bsn:
        match |= Q(bsn_pseudonym=person_key)
    if records:
        match |= Q(
            achternaam__in={r.achternaam for r in records},
            geboortedatum__in={r.geboortedatum for r in records},
        )
    facts = []
    for fact in Fact.objects.filter(match).order_by("datum", "pk"):
        is_theirs = (has_bsn and fact.bsn_pseudonym == person_key) or record_id_of(
            fact.bsn_pseudonym,
            fact.achternaam,
            fact.tussenvoegsel,
            fact.voornamen,
            fact.geboortedatum,
        ) in record_ids
        if not is_theirs:
            continue
        evidence = Evidence(
            bron=fact.bron,
            bron_id=fact.bron_id,
            datum=fact.datum,
            einddatum=fact.einddatum,
            categorie=fact.categorie,
            detail=fact.detail,
        )
        try:
            sentence = fact_sentence(evidence, fact.soort, addressed=True)
        except ValueError:
            sentence = (
                f"Op {date_long(fact.datum)} heeft {_partner(fact.bron)} een "
                f"{FACT_KIND_WORDS.get(fact.soort, fact.soort)} over je geleverd."
            )
        facts.append(
            {
                "partner": _partner(fact.bron),
                "datum": fact.datum.isoformat(),
                "einddatum": _day(fact.einddatum),
                "soort": FACT_KIND_WORDS.get(fact.soort, fact.soort),
                "zin": sentence,
            }
        )
    return facts


def _outcomes(person_key: str) -> list[dict[str, Any]]:
    outcomes = []
    for outcome in (
        RoundOutcome.objects.filter(person_key=person_key)
        .select_related("round")
        .order_by("round__peildatum", "pk")
    ):
        entry: dict[str, Any] = {
            "peildatum": outcome.round.peildatum.isoformat(),
            "peildatum_tekst": date_long(outcome.round.peildatum),
            "aanpak": approach_label(outcome.approach),
            "uitkomst": outcome.get_outcome_display(),
            "uitleg": "",
            "redenen": [],
            "criteria": [],
        }
        try:
            explanation = explanation_build(outcome)
        except (KeyError, ValueError, TypeError):  # an explanation of an older form
            outcomes.append(entry)
            continue
        entry["uitleg"] = explanation.headline
        entry["redenen"] = list(explanation.reasons)
        entry["criteria"] = [
            {
                "criterium": row.label,
                "resultaat": row.result,
                "feiten": [fact.sentence for fact in row.facts],
            }
            for section in explanation.sections
            for row in section.rows
        ]
        outcomes.append(entry)
    return outcomes


def _letters(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "soort": letter.get_kind_display(),
            "gemaakt_op": _moment(letter.produced_at),
            "gemaakt_op_tekst": date_long(timezone.localdate(letter.produced_at)),
            "gericht_aan": letter.addressed_to,
            "overhandigd_op": _day(letter.handed_over_on),
            "overhandigd_hoe": letter.handed_over_how,
        }
        for letter in Letter.objects.filter(case=case).order_by("produced_at", "pk")
    ]


def _plan(case: Case) -> dict[str, Any] | None:
    plan = (
        Plan.objects.filter(case=case)
        .prefetch_related("goals__subgoals__actions__organisation", "decisions__decided_by")
        .first()
    )
    if plan is None:
        return None
    return {
        "status": plan.get_status_display(),
        "samenvatting": plan.summary,
        "doelen": [
            {
                "leefgebied": goal.get_life_domain_display(),
                "doel": goal.description,
                "subdoelen": [
                    {
                        "subdoel": subgoal.description,
                        "acties": [
                            {
                                "actie": action.description,
                                "partner": action.organisation.name,
                                "verantwoordelijke": action.responsible,
                                "uiterlijk": action.deadline.isoformat(),
                                "status": action.get_status_display(),
                            }
                            for action in subgoal.actions.all()
                        ],
                    }
                    for subgoal in goal.subgoals.all()
                ],
            }
            for goal in plan.goals.all()
        ],
        "panelbesluiten": [
            {
                "besluit": decision.get_decision_display(),
                "opmerkingen": decision.remarks,
                "datum": _moment(decision.decided_at),
                "door": _who(decision.decided_by)["naam"],
            }
            for decision in plan.decisions.all()
        ],
    }


def _direction(case: Case) -> dict[str, Any]:
    """The case direction around the case: partners, meetings, reviews, exclusion grounds
    and bottlenecks."""
    return {
        "partners": [
            {"organisatie": p.organisation.name, "rol": p.role}
            for p in CasePartner.objects.filter(case=case).select_related("organisation")
        ],
        "overleggen": [
            {"datum": m.held_on.isoformat(), "afspraken": m.notes}
            for m in CaseMeeting.objects.filter(case=case).order_by("held_on", "pk")
        ],
        "toetsen": [
            {
                "datum": r.held_on.isoformat(),
                "oordeel": r.get_judgement_display(),
                "onderbouwing": r.reasons,
                "door": _who(r.decided_by)["naam"],
            }
            for r in Review.objects.filter(case=case)
            .select_related("decided_by")
            .order_by("held_on", "pk")
        ],
        "uitsluitingsgronden": [
            {
                "grond": e.get_ground_display(),
                "toelichting": e.note,
                "datum": _moment(e.recorded_at),
            }
            for e in Exclusion.objects.filter(case=case).order_by("recorded_at", "pk")
        ],
        "knelpunten": [
            {
                "knelpunt": b.description,
                "niveau": b.get_level_display(),
                "opgelost": b.is_resolved,
                "gemeld_op": _moment(b.raised_at),
                "stappen": [
                    {"niveau": s.get_level_display(), "toelichting": s.note, "datum": _moment(s.at)}
                    for s in b.steps.all()
                ],
            }
            for b in Bottleneck.objects.filter(case=case)
            .prefetch_related("steps")
            .order_by("raised_at", "pk")
        ],
    }


def rights_request_entry(request: RightsRequest) -> dict[str, Any]:
    return {
        "soort": request.get_kind_display(),
        "ontvangen_op": request.received_on.isoformat(),
        "verzoek": request.request,
        "besluit": request.get_decision_display() if request.decision else "nog geen besluit",
        "onderbouwing": request.reasons,
        "besloten_op": _day(request.decided_on),
        "behandeld_door": _who(request.handled_by)["naam"],
    }


def _cases(person_key: str) -> list[dict[str, Any]]:
    cases = []
    for case in (
        Case.objects.filter(person_key=person_key)
        .select_related("regisseur")
        .order_by("created_at", "pk")
    ):
        cases.append(
            {
                "aanpak": approach_label(case.approach),
                "status": case.get_status_display(),
                "regisseur": _who(case.regisseur)["naam"] if case.regisseur else "",
                "in_aanpak_sinds": _day(case.instroomdatum),
                "dossiertekst": case.dossier,
                "reden_afsluiten": case.closed_reason,
                "overgedragen_aan": case.handover_organisation,
                "statusgeschiedenis": [
                    {
                        "datum": _moment(t.at),
                        "van": t.get_from_status_display() if t.from_status else "",
                        "naar": t.get_to_status_display(),
                        "door": _who(t.by)["naam"],
                        "reden": t.reason,
                    }
                    for t in case.transitions.select_related("by").order_by("at", "pk")
                ],
                "brieven": _letters(case),
                "plan": _plan(case),
                **_direction(case),
                "correcties_en_bezwaren": [
                    rights_request_entry(r) for r in rights_requests_for_case(case)
                ],
            }
        )
    return cases


def access_log(person_key: str) -> list[dict[str, Any]]:
    """Every audit record about the person, oldest first: when, who, what and why."""
    return [
        {
            "tijdstip": _moment(event.at),
            "tijdstip_tekst": _moment_words(event.at),
            "wie": _who(event.actor)["naam"],
            "rol": _who(event.actor)["rol"],
            "organisatie": _who(event.actor)["organisatie"],
            "wat": action_sentence(event.action),
            "handeling": event.action,
            "doel": event.purpose,
        }
        for event in AuditEvent.objects.filter(person_key=person_key)
        .select_related("actor__organisation")
        .order_by("sequence", "pk")
    ]


def access_request_build(
    *, person_key: str, requested_on: date, produced_at: datetime
) -> dict[str, Any]:
    """Everything Regie holds about ``person_key``, as the access request's document."""
    person = person_known(person_key)
    identity, records = _identity(person_key)
    produced_day = timezone.localdate(produced_at)
    return {
        "soort": "inzageverzoek",
        "versie": STRUCTURE_VERSION,
        "persoon": {
            "naam": person.name if person else "",
            "geboortedatum": person.geboortedatum.isoformat() if person else None,
            "geboortedatum_tekst": date_long(person.geboortedatum) if person else "",
        },
        "datum_verzoek": requested_on.isoformat(),
        "datum_verzoek_tekst": date_long(requested_on),
        "gemaakt_op": _moment(produced_at),
        "gemaakt_op_tekst": date_long(produced_day),
        "identiteit": identity,
        "feiten": _facts(person_key, records),
        "uitkomsten": _outcomes(person_key),
        "dossiers": _cases(person_key),
        "toegang": access_log(person_key),
    }
