"""EPDS in the admin (content snippets, partners, the follow-up queue) and in the GraphQL schema."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from epds import models
from epds.admin_views import FileSuiviViewSet, PolitiqueFileSuivi

# --- Admin -------------------------------------------------------------------------------------


class QuestionnaireEpdsViewSet(SnippetViewSet):
    model = models.QuestionnaireEpds
    icon = "form"
    list_display = ["version", "locale", "publie", "publie_le"]
    list_filter = ["locale", "publie"]


class RessourceEpdsViewSet(SnippetViewSet):
    model = models.RessourceEpds
    icon = "help"
    list_display = ["titre", "urgence", "locale", "ordre"]
    list_filter = ["locale", "urgence"]


class LangueEpdsViewSet(SnippetViewSet):
    model = models.LangueEpds
    icon = "globe"
    list_display = ["code", "nom", "nom_natif", "droite_a_gauche"]


class EpdsContenusGroup(SnippetViewSetGroup):
    menu_label = "EPDS"
    menu_icon = "form"
    menu_order = 240
    items = (QuestionnaireEpdsViewSet, RessourceEpdsViewSet, LangueEpdsViewSet)


register_snippet(EpdsContenusGroup)


class PartenaireViewSet(ModelViewSet):
    model = models.Partenaire
    icon = "group"
    menu_label = "Partenaires"
    add_to_settings_menu = True
    name = "partenaires"
    list_display = ["nom", "slug", "actif"]
    list_filter = ["actif"]
    search_fields = ["nom"]
    panels = models.Partenaire.panels


register_permission_policy(models.DossierSuivi, PolitiqueFileSuivi(models.DossierSuivi))


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [PartenaireViewSet(), FileSuiviViewSet()]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("epds.ouverture", "Ouverture", "Dossier ouvert (score ou question 10)")
    actions.register_action("epds.demande_contact", "Demande de contact", "Demande de contact reçue")
    actions.register_action("epds.statut", "Changement de statut", "Statut du dossier changé")
    actions.register_action("epds.assignation", "Assignation", "Dossier assigné")
    actions.register_action("epds.purge", "Purge", "Données personnelles purgées")
    actions.register_action("epds.consultation", "Consultation", "Données du dossier consultées")


# --- GraphQL -----------------------------------------------------------------------------------
# The EPDS API is written by hand (epds/schema.py, names from the contract). grapple generates a
# type for every model of the app: keep only Partenaire (contenus' `Article.source`), so that
# follow-up cases, contact requests and notifications never get any GraphQL type.
PRIVE_POUR_GRAPPLE = (
    models.LangueEpds,
    models.QuestionnaireEpds,
    models.QuestionEpds,
    models.RessourceEpds,
    models.ParametresEpds,
    models.SoumissionEpds,
    models.DossierSuivi,
    models.DemandeContact,
    models.Notification,
)


def cacher_modeles_prives():
    from grapple.registry import registry

    for modele in PRIVE_POUR_GRAPPLE:
        for section in (registry.django_models, registry.snippets, registry.settings):
            section.pop(modele, None)


@hooks.register("register_schema_query")
def register_schema_query(query_mixins):
    from epds.schema import EpdsQuery

    cacher_modeles_prives()
    query_mixins.append(EpdsQuery)


@hooks.register("register_schema_mutation")
def register_schema_mutation(mutation_mixins):
    from epds.mutations import EpdsMutation

    mutation_mixins.append(EpdsMutation)
