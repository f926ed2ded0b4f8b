from django.apps import AppConfig


class ContenusConfig(AppConfig):
    name = "contenus"
    verbose_name = "Contenus"
