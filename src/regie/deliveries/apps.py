from django.apps import AppConfig


class DeliveriesConfig(AppConfig):
    name = "regie.deliveries"
    label = "deliveries"
    verbose_name = "Aanleveringen"
