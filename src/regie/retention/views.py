"""The privacy officer's page of retention runs: per run, per kind, count and term."""

from __future__ import annotations

from typing import Final

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from regie.accounts.models import User
from regie.retention.permissions import RetentionPermission, has_permission
from regie.retention.selectors import retention_runs
from regie.retention.services import retention_terms

RUNS_PER_PAGE: Final = 25


@login_required
@require_GET
def retention_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User) or not has_permission(user, RetentionPermission.VIEW):
        raise Http404("geen pagina")
    page = Paginator(retention_runs(), RUNS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "retention/list.html",
        {"page": page, "terms": [(kind.label, term) for kind, term in retention_terms().items()]},
    )
