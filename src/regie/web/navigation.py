"""The navigation in the page header: one link per part of Regie the user may use."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from regie.accounts.models import User
from regie.accounts.selectors import is_verified
from regie.cases.permissions import CasePermission
from regie.cases.permissions import has_permission as has_case_permission
from regie.deliveries.permissions import DeliveryPermission, has_permission
from regie.identity.permissions import IdentityPermission
from regie.identity.permissions import has_permission as has_identity_permission
from regie.plans.permissions import PlanPage, may_open
from regie.privacy.permissions import PrivacyPermission
from regie.privacy.permissions import has_permission as has_privacy_permission
from regie.retention.permissions import RetentionPermission
from regie.retention.permissions import has_permission as has_retention_permission
from regie.rounds.permissions import RoundPermission
from regie.rounds.permissions import has_permission as has_round_permission


@dataclass(frozen=True)
class Link:
    label: str
    url: str


def links_for(user: User) -> list[Link]:
    links = [Link("Start", reverse("home"))]
    if has_permission(user, DeliveryPermission.DELIVER):
        links.append(Link("Aanleveringen", reverse("deliveries:list")))
    if has_identity_permission(user, IdentityPermission.REVIEW):
        links.append(Link("Te beoordelen paren", reverse("identity:queue")))
    if has_round_permission(user, RoundPermission.VIEW):
        links.append(Link("Instroommomenten", reverse("rounds:list")))
    if has_case_permission(user, CasePermission.VIEW_ALL):
        links.append(Link("Kandidaten en deelnemers", reverse("cases:list")))
    elif has_case_permission(user, CasePermission.VIEW_OWN):
        links.append(Link("Mijn deelnemers", reverse("cases:list")))
    links += _case_direction_links(user)
    if has_privacy_permission(user, PrivacyPermission.ACCESS_REQUEST):
        links.append(Link("Privacy", reverse("privacy:index")))
    if has_privacy_permission(user, PrivacyPermission.AUDIT_LOG):
        links.append(Link("Logboek", reverse("privacy:audit_log")))
    if has_retention_permission(user, RetentionPermission.VIEW):
        links.append(Link("Bewaartermijnen", reverse("retention:list")))
    if user.is_staff:
        links.append(Link("API-documentatie", reverse("api:openapi-view")))
        links.append(Link("Beheer", reverse("admin:index")))
    return links


def _case_direction_links(user: User) -> list[Link]:
    pages = (
        (PlanPage.MINE, "Mijn regie", "plans:mine"),
        (PlanPage.OVERVIEW, "Overzicht regie", "plans:overview"),
        (PlanPage.PANEL, "Expertpanel", "plans:panel"),
        (PlanPage.PROVIDER, "Mijn interventies", "plans:provider"),
    )
    return [Link(label, reverse(name)) for page, label, name in pages if may_open(user, page)]


def navigation(request: HttpRequest) -> dict[str, list[Link]]:
    """Context processor: ``navigation`` holds the links of the signed-in user."""
    user = request.user
    # before the second factor a session has the password only: no links yet (they would
    # all lead to the second step anyway)
    if not isinstance(user, User) or not user.is_authenticated or not is_verified(user):
        return {"navigation": []}
    return {"navigation": links_for(user)}
