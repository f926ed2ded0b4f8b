"""Admin menus of the editorial content, and the GraphQL fields of the domain."""

import django_filters
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from contenus import admin_formulaires as formulaires
from contenus.admin_webhooks import PolitiqueLivraisons, WebhooksGroup
from contenus.models import (
    ArticlePage,
    DocumentParentheque,
    Etape,
    Evenement,
    LivraisonWebhook,
    Mesure,
    Thematique,
    VideoParentheque,
)


def _fenetre(objet) -> str:
    if getattr(objet, "situation", ""):
        return objet.get_situation_display()
    return formulaires.fenetre(objet.debut, objet.fin)


def _dates_exemple(objet) -> str:
    return formulaires.dates_exemple(objet.debut, objet.fin)


def _essentiel(evenement) -> str:
    return "Essentiel" if evenement.essentiel else "Facultatif"


class EtapeViewSet(SnippetViewSet):
    model = Etape
    icon = "list-ol"
    menu_label = "Étapes"
    list_display = [
        "ordre",
        "nom",
        Column("plage", label="Situation ou plage (fin exclue)", accessor=_fenetre),
        Column("dates", label=formulaires.libelle_exemple(), accessor=_dates_exemple),
    ]
    ordering = ["ordre"]
    edit_handler = formulaires.panneaux_avec_slug(Etape.panels, formulaires.SlugDepuisTitreForm, "nom")


class ThematiqueViewSet(SnippetViewSet):
    model = Thematique
    icon = "tag"
    menu_label = "Thématiques"
    list_display = ["nom", "slug", "ordre"]
    edit_handler = formulaires.panneaux_avec_slug(Thematique.panels, formulaires.SlugDepuisTitreForm, "nom")


class EvenementViewSet(SnippetViewSet):
    model = Evenement
    icon = "date"
    menu_label = "Calendrier"
    list_display = [
        "nom",
        Column("fenetre", label="Fenêtre (fin exclue)", accessor=_fenetre),
        Column("dates", label=formulaires.libelle_exemple(), accessor=_dates_exemple),
        Column("essentiel", label="Essentiel ?", accessor=_essentiel),
        "thematique",
    ]
    list_filter = ["essentiel", "thematique"]
    search_fields = ["nom", "description"]
    edit_handler = formulaires.EVENEMENT_PANELS


class MesureViewSet(SnippetViewSet):
    model = Mesure
    icon = "pick"
    menu_label = "Mesures"
    list_display = ["titre", "axe", "porteur"]
    list_filter = ["axe"]
    edit_handler = formulaires.panneaux_avec_slug(Mesure.panels, formulaires.TitreForm, "titre")


class DocumentParenthequeViewSet(SnippetViewSet):
    model = DocumentParentheque
    icon = "doc-full"
    menu_label = "Parenthèque : documents"


class VideoParenthequeViewSet(SnippetViewSet):
    model = VideoParentheque
    icon = "media"
    menu_label = "Parenthèque : vidéos"


class ParcoursGroup(SnippetViewSetGroup):
    menu_label = "Parcours"
    menu_icon = "calendar-alt"
    menu_order = 200
    items = (
        EtapeViewSet,
        ThematiqueViewSet,
        EvenementViewSet,
        MesureViewSet,
        DocumentParenthequeViewSet,
        VideoParenthequeViewSet,
    )


register_snippet(ParcoursGroup)


def _filtrer_a_reverifier(queryset, name, value):
    from annuaire.models import condition_a_verifier

    if value is None:
        return queryset
    a_verifier = condition_a_verifier()  # the annuaire's rule: never checked, or over a year ago
    return queryset.filter(a_verifier) if value else queryset.exclude(a_verifier)


class ArticleFilterSet(PageFilterSet):
    a_reverifier = django_filters.BooleanFilter(
        label="À revérifier (jamais vérifié ou vérifié il y a plus d'un an)", method=_filtrer_a_reverifier
    )

    class Meta:
        model = ArticlePage
        fields = []


def _etat_verification(article) -> str:
    return "À revérifier" if article.a_reverifier else "À jour"


class ArticleListingViewSet(PageListingViewSet):
    """Every article in one list, with the date each was last checked against its official source."""

    model = ArticlePage
    icon = "doc-full-inverse"
    menu_label = "Articles"
    menu_order = 190
    add_to_admin_menu = True
    name = "articles"
    filterset_class = ArticleFilterSet
    columns = [
        *PageIndexView.base_columns,
        Column("verifie_le", label="Vérifié le"),
        Column("etat_verification", label="Vérification", accessor=_etat_verification),
    ]


@hooks.register("register_admin_viewset")
def register_articles_listing():
    return ArticleListingViewSet()


register_permission_policy(LivraisonWebhook, PolitiqueLivraisons(LivraisonWebhook))


@hooks.register("register_admin_viewset")
def register_webhooks_viewsets():
    return WebhooksGroup()


@hooks.register("register_schema_query", order=-10)
def register_contenus_query(query_mixins):
    from contenus.schema import ContenusQuery

    query_mixins.append(ContenusQuery)
