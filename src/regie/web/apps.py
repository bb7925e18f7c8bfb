from django.apps import AppConfig


class WebConfig(AppConfig):
    """The web layer as an app: it has no models, only the commands that span apps (demo)."""

    name = "regie.web"
    label = "web"
    verbose_name = "Webapplicatie"

    def ready(self) -> None:
        from regie.web import security  # noqa: F401  (registers the deploy check)
