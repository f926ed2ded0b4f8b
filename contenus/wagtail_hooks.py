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


class EtapeViewSet(SnippetViewSet):
    model = Etape
    icon = "list-ol"
    menu_label = "Étapes"
    list_display = ["ordre", "nom", "situation", "debut", "fin"]
    ordering = ["ordre"]


class ThematiqueViewSet(SnippetViewSet):
    model = Thematique
    icon = "tag"
    menu_label = "Thématiques"
    list_display = ["nom", "slug", "ordre"]


class EvenementViewSet(SnippetViewSet):
    model = Evenement
    icon = "date"
    menu_label = "Calendrier"
    list_display = ["nom", "debut", "fin", "essentiel", "thematique"]
    list_filter = ["essentiel", "thematique"]
    search_fields = ["nom", "description"]


class MesureViewSet(SnippetViewSet):
    model = Mesure
    icon = "pick"
    menu_label = "Mesures"
    list_display = ["titre", "axe", "porteur"]
    list_filter = ["axe"]


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
    from grapple.registry import registry

    from contenus.schema import ContenusQuery

    # grapple builds a type for every model of the apps in settings.GRAPPLE; the contract's
    # types (Etape, Evenement, Mesure…) are written by hand in contenus.types, so drop
    # grapple's namesakes of the non-page models (pages keep their grapple types).
    for liste in (registry.snippets, registry.django_models, registry.settings):
        for model in [m for m in liste if m._meta.app_label == "contenus"]:
            del liste[model]
    query_mixins.append(ContenusQuery)
