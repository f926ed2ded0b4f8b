from django.apps import AppConfig


class EpdsConfig(AppConfig):
    name = "epds"
    verbose_name = "EPDS"
    # hub.registry: the questionnaire, its resources and the partners are public content (a
    # change refreshes cached API responses); submissions, cases, contact requests and
    # notifications are not. grapple exposes Partenaire only (contenus' `Article.source`): the
    # EPDS API is written by hand (epds/schema.py), private models never get a GraphQL type.
    content_models = (
        "partenaire",
        "langueepds",
        "questionnaireepds",
        "questionepds",
        "ressourceepds",
        "parametresepds",
        "libelleepds",
    )
    grapple_models = ("Partenaire",)
