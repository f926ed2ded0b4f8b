from django.apps import AppConfig

# Public content of this app: a change must refresh cached API responses (hub.api.cache).
# Submissions, cases, contact requests and notifications are not content.
MODELES_CONTENU = {
    "epds.partenaire",
    "epds.langueepds",
    "epds.questionnaireepds",
    "epds.questionepds",
    "epds.ressourceepds",
    "epds.parametresepds",
    "epds.libelleepds",
}


class EpdsConfig(AppConfig):
    name = "epds"
    verbose_name = "EPDS"

    def ready(self):
        try:
            from hub.api.cache import EXTRA_CONTENT_MODELS
        except ImportError:  # the hub without a response cache
            return
        EXTRA_CONTENT_MODELS.update(MODELES_CONTENU)
