from django.apps import AppConfig


class ContenusConfig(AppConfig):
    name = "contenus"
    verbose_name = "Contenus"

    def ready(self):
        from contenus import signals

        signals.connecter()
