from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "regie.letters"
    label = "letters"
    verbose_name = "brieven"
