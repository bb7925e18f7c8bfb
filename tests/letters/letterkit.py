"""The region of ``oversightkit`` after a round, with Daan in regie or Sem outflowed; PDF text."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
from oversightkit import PEILDATUM, region_ready

from regie.accounts.models import User
from regie.cases.models import Case, OutflowProposal
from regie.cases.services import (
    candidate_check,
    dossier_draw_up,
    outflow_confirm,
    regisseur_assign,
)
from regie.rounds.services import round_start

HANDOVER_ORGANISATION = "Wijkteam Noord"


def region_after_round(folder: Path) -> dict[str, User]:
    """The region, and a round in which Daan (16) is proposed and Sem's outflow too."""
    users = region_ready(folder)
    round_start(peildatum=PEILDATUM, started_by=users["analist"], background=False)
    return users


def daan(users: dict[str, User]) -> Case:
    return Case.objects.get(voornamen="Daan", approach="top400")


def sem(users: dict[str, User]) -> Case:
    return Case.objects.get(voornamen="Sem", approach="top400")


def daan_in_regie(users: dict[str, User]) -> Case:
    """Daan checked, with a dossier, and taken into regie with ``regisseur``."""
    case = daan(users)
    candidate_check(case=case, checked_by=users["analist"])
    dossier_draw_up(case=case, drawn_up_by=users["analist"], dossier="Synthetisch dossier.")
    return regisseur_assign(case=case, assigned_by=users["manager"], regisseur=users["regisseur"])


def sem_outflowed(users: dict[str, User]) -> Case:
    """The programme manager confirms the proposed outflow of Sem (20)."""
    proposal = OutflowProposal.objects.get(case=sem(users))
    outflow_confirm(
        proposal=proposal,
        decided_by=users["manager"],
        reason="Geen aanhoudingen meer; de aanpak heeft zijn werk gedaan.",
        handover_organisation=HANDOVER_ORGANISATION,
        care_needed="Begeleiding bij werk door het wijkteam.",
    )
    return Case.objects.get(pk=proposal.case_id)


def pdf_text(pdf: bytes) -> str:
    """The PDF's text with all whitespace (line breaks included) as single spaces."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
