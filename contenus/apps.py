from django.apps import AppConfig


class ContenusConfig(AppConfig):
    name = "contenus"
    verbose_name = "Contenus"
    # hub.registry: every model is public content (the response cache), but the webhooks'
    # bookkeeping; grapple exposes the pages only (the other types are written in contenus.types).
    content_models = "__all__"
    not_content_models = ("abonnementwebhook", "livraisonwebhook", "tentativewebhook")
    grapple_models = ("ArticleIndexPage", "ArticlePage")

    def ready(self):
        from contenus import signals

        signals.connecter()
