from django.apps import AppConfig


class EpdsConfig(AppConfig):
    name = "epds"
    verbose_name = "EPDS"
