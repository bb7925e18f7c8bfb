from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from regie.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the audit trail is never edited, not even by an administrator."""

    list_display = ("sequence", "at", "actor", "action", "person_key", "purpose", "subject_type")
    list_filter = ("action", "subject_type")
    search_fields = ("subject_id", "person_key", "actor__username")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
