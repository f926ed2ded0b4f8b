from django.apps import AppConfig

# Bookkeeping of the webhooks: saving them is no content change (the response cache stays valid).
MODELES_TECHNIQUES = {"contenus.abonnementwebhook", "contenus.livraisonwebhook", "contenus.tentativewebhook"}


class ContenusConfig(AppConfig):
    name = "contenus"
    verbose_name = "Contenus"

    def ready(self):
        from contenus import signals

        signals.connecter()
        try:
            from hub.api.cache import IGNORED_MODELS
        except ImportError:  # the hub without a response cache
            return
        IGNORED_MODELS.update(MODELES_TECHNIQUES)
