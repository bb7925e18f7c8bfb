from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from regie.identity.models import LinkageRun, PairDecision


class _ReadOnly:
    """Runs and decisions are made in the application and audited; never edited here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LinkageRun)
class LinkageRunAdmin(_ReadOnly, admin.ModelAdmin[LinkageRun]):
    list_display = ("pk", "started_at", "started_by", "finished_at")


@admin.register(PairDecision)
class PairDecisionAdmin(_ReadOnly, admin.ModelAdmin[PairDecision]):
    list_display = ("record_l", "record_r", "is_link", "decided_by", "decided_at")
    list_filter = ("is_link",)
