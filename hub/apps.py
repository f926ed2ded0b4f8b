from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Hub"

    def ready(self):
        from hub.api import cache, partners

        cache.connect_signals()
        partners.connect_signals()
