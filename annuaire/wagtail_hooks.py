"""Admin of the annuaire (snippets with search and filters, "mark as verified", professionals'
self-service: update links and proposals to review) and its GraphQL root fields."""

from __future__ import annotations

import django_filters
from django.urls import include, path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.widgets.button import Button
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet, SnippetViewSetGroup

from annuaire import admin_suggestions, admin_views
from annuaire.admin_formulaires import FicheGeocodeeForm
from annuaire.importers import neutraliser_formule
from annuaire.models import (
    Departement,
    Lieu,
    Professionnel,
    TypeDeLieu,
    condition_a_verifier,
)
from hub.api.cache import advance_generation


def _filtrer_a_verifier(queryset, name, value):
    if value is None:
        return queryset
    a_verifier = condition_a_verifier()
    return queryset.filter(a_verifier) if value else queryset.exclude(a_verifier)


class _FicheFilterSet(WagtailFilterSet):
    a_verifier = django_filters.BooleanFilter(
        label="À vérifier (jamais vérifié ou vérification trop ancienne)", method=_filtrer_a_verifier
    )
    departement = django_filters.ModelChoiceFilter(
        queryset=Departement.objects.order_by("code"), label="Département"
    )


class ProfessionnelFilterSet(_FicheFilterSet):
    class Meta:
        model = Professionnel
        fields = ["profession", "departement", "publie", "conventionne", "teleconsultation"]


class LieuFilterSet(_FicheFilterSet):
    class Meta:
        model = Lieu
        fields = ["type", "departement", "publie"]


class ProfessionnelEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            Button(
                "Envoyer un lien de mise à jour",
                url=reverse("annuaire_modifications:envoyer_lien", args=[self.object.pk]),
                icon_name="mail",
                priority=5,
            ),
        ]


class FicheIndexView(IndexView):
    """The list and its CSV export: a cell a spreadsheet would run as a formula is written as
    text (the XLSX export already stores such cells as strings)."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                champ: neutraliser_formule(self.preprocess_field_value(champ, valeur, self.FORMAT_CSV))
                for champ, valeur in row_dict.items()
            }
        )


# Admin search uses the ORM (icontains on these columns) rather than Wagtail's search index,
# which bulk imports do not maintain.
class ProfessionnelViewSet(SnippetViewSet):
    model = Professionnel
    icon = "user"
    menu_label = "Professionnels"
    list_display = ["__str__", "profession", "commune", "departement", "publie", "verifie_le"]
    list_export = [
        "identifiant_externe",
        "nom",
        "prenom",
        "profession",
        "telephone",
        "email",
        "code_postal",
        "commune",
        "verifie_le",
    ]
    filterset_class = ProfessionnelFilterSet
    search_backend_name = None
    search_fields = ["nom", "prenom", "commune", "code_postal", "identifiant_externe"]
    ordering = ["nom", "prenom"]
    edit_view_class = ProfessionnelEditView
    index_view_class = FicheIndexView
    edit_handler = ObjectList(Professionnel.panels, base_form_class=FicheGeocodeeForm)


class LieuViewSet(SnippetViewSet):
    model = Lieu
    icon = "site"
    menu_label = "Lieux"
    list_display = ["nom", "type", "commune", "departement", "publie", "verifie_le"]
    list_export = ["identifiant_externe", "nom", "type", "telephone", "code_postal", "commune", "verifie_le"]
    filterset_class = LieuFilterSet
    search_backend_name = None
    search_fields = ["nom", "commune", "code_postal", "identifiant_externe"]
    ordering = ["nom"]
    index_view_class = FicheIndexView
    edit_handler = ObjectList(Lieu.panels, base_form_class=FicheGeocodeeForm)


class TypeDeLieuViewSet(SnippetViewSet):
    model = TypeDeLieu
    icon = "tag"
    menu_label = "Types de lieux"
    list_display = ["nom", "code", "categorie", "ordre"]
    list_filter = ["categorie"]
    search_backend_name = None
    search_fields = ["nom", "code"]
    ordering = ["ordre", "nom"]


class DepartementViewSet(SnippetViewSet):
    model = Departement
    icon = "list-ul"
    menu_label = "Départements"
    list_display = ["code", "nom", "region"]
    list_filter = ["region"]
    search_backend_name = None
    search_fields = ["code", "nom"]
    ordering = ["code"]


class _ListeAVerifierMenuItem(MenuItem):
    """A shortcut to an entry list filtered on « À vérifier », for editors who may change it."""

    def __init__(self, model, label, order):
        self.model = model
        url = format_lazy(
            "{}?a_verifier=true", reverse_lazy(f"wagtailsnippets_annuaire_{model._meta.model_name}:list")
        )
        super().__init__(label, url, icon_name="warning", order=order)

    def is_shown(self, request):
        return request.user.has_perm(f"annuaire.change_{self.model._meta.model_name}")


class AnnuaireViewSetGroup(SnippetViewSetGroup):
    menu_label = "Annuaire"
    menu_icon = "group"
    menu_order = 300
    items = (ProfessionnelViewSet, LieuViewSet, TypeDeLieuViewSet, DepartementViewSet)

    def get_submenu_items(self):
        return [
            *super().get_submenu_items(),
            _ListeAVerifierMenuItem(Professionnel, "Professionnels à vérifier", 900),
            _ListeAVerifierMenuItem(Lieu, "Lieux à vérifier", 901),
            admin_views.FILE.menu(902),
            admin_suggestions.FILE.menu(903),
        ]


register_snippet(AnnuaireViewSetGroup)


_urls_modifications = [
    path("modifications/", include(admin_views.FILE.urls())),
    path("professionnels/<int:pk>/lien-mise-a-jour/", admin_views.envoyer_lien, name="envoyer_lien"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("annuaire/", include((_urls_modifications, "annuaire_modifications"))),
        path("annuaire/suggestions/", include((admin_suggestions.FILE.urls(), "annuaire_suggestions"))),
    ]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("annuaire.lien_envoye", "Lien de mise à jour", "Lien de mise à jour envoyé")
    actions.register_action(
        "annuaire.modification_approuvee", "Modification approuvée", "Modification proposée approuvée"
    )
    actions.register_action(
        "annuaire.suggestion_acceptee", "Suggestion acceptée", "Suggestion de lieu acceptée"
    )
    actions.register_action("annuaire.suggestion_rejetee", "Suggestion rejetée", "Suggestion de lieu rejetée")
    actions.register_action(
        "annuaire.modification_rejetee", "Modification rejetée", "Modification proposée rejetée"
    )


@hooks.register("register_bulk_action")
class MarquerVerifieBulkAction(SnippetBulkAction):
    """Sets `verifie_le` to today on the selected entries."""

    display_name = "Marquer comme vérifié"
    action_type = "marquer_verifie"
    aria_label = "Marquer les fiches sélectionnées comme vérifiées aujourd'hui"
    template_name = "annuaire/bulk_actions/confirmer_verification.html"
    action_priority = 20
    models = [Professionnel, Lieu]

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(self.request.user, "change", obj)

    @classmethod
    def execute_action(cls, objects, **kwargs):
        if not objects:
            return 0, 0
        model = type(objects[0])
        nombre = model.objects.filter(pk__in=[o.pk for o in objects]).update(verifie_le=timezone.localdate())
        advance_generation()  # update() sends no post_save: the API cache must still see it
        return nombre, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} fiche(s) marquée(s) comme vérifiée(s) aujourd'hui."


@hooks.register("register_schema_query")
def register_annuaire_query(query_mixins):
    from annuaire.schema import AnnuaireQuery

    query_mixins.append(AnnuaireQuery)


@hooks.register("register_schema_mutation")
def register_annuaire_mutation(mutation_mixins):
    from annuaire.schema import AnnuaireMutation

    mutation_mixins.append(AnnuaireMutation)
