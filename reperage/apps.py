from django.apps import AppConfig

# Public content of this app: a change must refresh cached API responses (hub.api.cache).
# The answers are not content.
MODELES_CONTENU = {
    "reperage.domainetnd",
    "reperage.questionnairetnd",
    "reperage.questiontnd",
    "reperage.conseiltnd",
}


class ReperageConfig(AppConfig):
    name = "reperage"
    verbose_name = "Repérage TND"

    def ready(self):
        try:
            from hub.api.cache import EXTRA_CONTENT_MODELS
        except ImportError:  # the hub without a response cache
            return
        EXTRA_CONTENT_MODELS.update(MODELES_CONTENU)
