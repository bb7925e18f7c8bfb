from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "regie.identity"
    label = "identity"
    verbose_name = "Identiteitsvaststelling"
