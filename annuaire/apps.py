from django.apps import AppConfig


class AnnuaireConfig(AppConfig):
    name = "annuaire"
    verbose_name = "Annuaire"
    # hub.registry: the professionals and places are public content; the update links and the
    # changes professionals propose are private requests. grapple exposes nothing: the annuaire's
    # types are written by hand (annuaire/schema.py, named by the contract).
    content_models = "__all__"
    not_content_models = ("lienmodification", "modificationproposee", "suggestionlieu")
