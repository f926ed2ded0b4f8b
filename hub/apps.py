from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Hub"

    def ready(self):
        from hub.api.cache import connect_signals

        connect_signals()
