from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "regie.audit"
    label = "audit"
    verbose_name = "Audit"
