"""EPDS in the admin (content snippets, partners, the follow-up queue) and in the GraphQL schema."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from epds import admin_views, models
from epds.admin_views import PolitiqueFileSuivi

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


class LibelleEpdsViewSet(SnippetViewSet):
    model = models.LibelleEpds
    icon = "edit"
    menu_label = "Textes du widget"
    list_display = ["cle", "texte", "locale"]
    list_filter = ["locale"]
    search_fields = ["cle", "texte"]
    search_backend_name = None  # plain database search: the texts are not in the search index


class EpdsContenusGroup(SnippetViewSetGroup):
    menu_label = "EPDS"
    menu_icon = "form"
    menu_order = 240
    items = (QuestionnaireEpdsViewSet, RessourceEpdsViewSet, LangueEpdsViewSet, LibelleEpdsViewSet)


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
    return [PartenaireViewSet()]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "epds/file-suivi/", include((admin_views.urls(), "file_suivi_epds"), namespace="file_suivi_epds")
        )
    ]


class MenuSuivi(MenuItem):
    def __init__(self, label, url_name, permission, **kwargs):
        super().__init__(label, reverse(url_name), **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.is_active and request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_menu_file():
    return MenuSuivi(
        "File de suivi EPDS",
        "file_suivi_epds:index",
        admin_views.PERMISSION_FILE,
        icon_name="clipboard-list",
        order=250,
    )


@hooks.register("register_admin_menu_item")
def register_menu_tableau():
    return MenuSuivi(
        "Impact du suivi EPDS",
        "file_suivi_epds:tableau",
        admin_views.PERMISSION_TABLEAU,
        icon_name="table",
        order=251,
    )


class DeVers(LogFormatter):
    """A change shown as « from → to », in words (Wagtail's history and reports)."""

    def __init__(self, label, action):
        self.label, self.action = label, action

    def format_message(self, log_entry):
        data = log_entry.data or {}
        de = admin_views.libelle_valeur(self.action, data.get("de"))
        vers = admin_views.libelle_valeur(self.action, data.get("vers"))
        return f"{self.label} : {de} → {vers}"


@hooks.register("register_log_actions")
def register_log_actions(actions):
    for action, label in (
        ("epds.statut", "Statut"),
        ("epds.assignation", "Assignation"),
        ("epds.issue", "Issue"),
    ):
        actions.register_action(action)(lambda label=label, action=action: DeVers(label, action))
    actions.register_action("epds.ouverture", "Ouverture", "Dossier ouvert (score ou question 10)")
    actions.register_action("epds.demande_contact", "Demande de contact", "Demande de contact reçue")
    actions.register_action("epds.purge", "Purge", "Données personnelles purgées")
    actions.register_action("epds.contact", "Contact", "Contact noté au journal")
    actions.register_action("epds.consultation", "Consultation", "Données du dossier consultées")


# --- GraphQL -----------------------------------------------------------------------------------
# The EPDS API is written by hand (epds/schema.py, names from the contract); grapple exposes only
# the models EpdsConfig allows (hub.registry).
@hooks.register("register_schema_query")
def register_schema_query(query_mixins):
    from epds.schema import EpdsQuery

    query_mixins.append(EpdsQuery)


@hooks.register("register_schema_mutation")
def register_schema_mutation(mutation_mixins):
    from epds.mutations import EpdsMutation

    mutation_mixins.append(EpdsMutation)
