from django.apps import AppConfig


class ReperageConfig(AppConfig):
    name = "reperage"
    verbose_name = "Repérage TND"
    # Public content (hub.registry): a change refreshes cached API responses. The anonymous
    # answers (ReponseTnd) are not content; grapple exposes none of these models.
    content_models = ("DomaineTnd", "QuestionnaireTnd", "QuestionTnd", "ConseilTnd")
