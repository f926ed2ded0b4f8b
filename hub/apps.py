from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Hub"

    def ready(self):
        from hub import registry
        from hub.api import cache, partners

        registry.register_grapple_models()
        cache.connect_signals()
        partners.connect_signals()
