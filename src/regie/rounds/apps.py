from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "regie.rounds"
    label = "rounds"
    verbose_name = "instroommomenten"
