"""Each published article's public representation, computed once per content generation.

A representation is a plain dict holding what the contract's `Article` shows, every key named
as the GraphQL type's field (`contenus.types.Article` reads it with graphene's default
resolver): the body already rendered (rich text expanded, StreamField read), the canonical URL,
licence and attribution resolved, the stages and themes as the shared instances of their
memos (`etapes_ordonnees`, `thematiques_ordonnees`), the image and the source as instances
kept once per process and generation (the image with its renditions, so that a rendition of a
known filter costs no query).

Kept in each process's memory (`hub.api.cache.memo_many`): bounded in bytes, keyed by the
content generation, which every publish, unpublish, move, delete and every change to a stage,
a theme, an image, a partner or the syndication settings advances (`hub.registry`). The next
response after a change therefore builds the representation again, in whichever worker
answers: no answer from the old rows. A list selects its ids by index (keyset pages,
`hub.api.pagination`) and reads the representations of that page: the pages themselves, their
prefetches and the rendering are skipped whenever this process has already built them.

Drafts (`apercuArticle`) are represented by the same function, from the page as edited, and
never stored.
"""

from __future__ import annotations

from django.db.models import Model
from django.utils import timezone

from contenus import services, syndication
from contenus.blocks import corps_rendu
from contenus.models import ArticlePage, Visuel
from hub.api.cache import memo_many
from hub.api.pagination import Connection


def representer(article: ArticlePage, *, etapes, thematiques, visuel, source, reglages) -> dict:
    """The public representation of one article, with its relations already loaded."""
    return {
        "id": article.pk,
        "slug": article.slug,
        "titre": article.title,
        "resume": article.resume,
        "visuel": visuel,
        "corps": corps_rendu(article.corps),
        "le_saviez_vous": article.le_saviez_vous or None,
        "en_bref": [dict(ligne.value) for ligne in article.en_bref],
        "liens": [dict(lien.value) for lien in article.liens],
        "mots_cles": article.liste_mots_cles,
        "handicap": article.handicap,
        "securite_enfant": article.securite_enfant,
        "etapes": list(etapes),
        "thematiques": list(thematiques),
        "source": source,
        "source_officielle": article.source_officielle or None,
        "verifie_le": article.verifie_le,
        "url": syndication.url_article(article),
        "publie_le": article.first_published_at or article.latest_revision_created_at or timezone.now(),
        "mis_a_jour_le": article.last_published_at or article.latest_revision_created_at or timezone.now(),
        "licence": syndication.licence(article, reglages),
        "attribution": syndication.attribution(article, reglages),
    }


def representer_brouillon(page: ArticlePage) -> dict:
    """A draft as edited (preview): its own relations, nothing kept."""
    return representer(
        page,
        etapes=page.etapes.all(),
        thematiques=page.thematiques.all(),
        visuel=page.visuel,
        source=page.source,
        reglages=syndication.parametres(),
    )


# What representations point to and are kept in memos of their own (stages, themes, images,
# partners): not weighed again with each representation.
_PARTAGES = (Model,)


# The partners' model, as the article's `source` names it (hub imports no domain app's models).
_SOURCES = ArticlePage._meta.get_field("source").related_model


def _instances(prefix: str, objets, ids) -> dict:
    """Instances by id, each loaded once per process and generation (a few images, a few partners
    shared by thousands of articles)."""
    ids = {i for i in ids if i is not None}
    return memo_many(prefix, ids, lambda manquants: objets.in_bulk(manquants))


def _construire(ids: list[int]) -> dict[int, dict]:
    """The representations of the live, public articles among `ids`, in a constant number of
    queries: the articles, their stage and theme links, their images and sources."""
    articles = list(
        services.articles_publies(services.SANS_RELATIONS).filter(pk__in=ids).defer("texte_recherche")
    )
    trouves = [a.pk for a in articles]
    etapes = {e.pk: e for e in services.etapes_ordonnees()}
    thematiques = {t.pk: t for t in services.thematiques_ordonnees()}
    etapes_de: dict[int, list] = {}
    for article, etape in ArticlePage.etapes.through.objects.filter(articlepage_id__in=trouves).values_list(
        "articlepage_id", "etape_id"
    ):
        if etape in etapes:
            etapes_de.setdefault(article, []).append(etapes[etape])
    thematiques_de: dict[int, list] = {}
    liens = ArticlePage.thematiques.through.objects.filter(articlepage_id__in=trouves)
    for article, thematique in liens.values_list("articlepage_id", "thematique_id"):
        if thematique in thematiques:
            thematiques_de.setdefault(article, []).append(thematiques[thematique])
    rang_etape = {pk: i for i, pk in enumerate(etapes)}
    rang_thematique = {pk: i for i, pk in enumerate(thematiques)}
    visuels = _instances(
        "contenus:visuel", Visuel.objects.prefetch_related("renditions"), (a.visuel_id for a in articles)
    )
    sources = _instances("contenus:partenaire", _SOURCES.objects, (a.source_id for a in articles))
    reglages = syndication.parametres()
    return {
        a.pk: representer(
            a,
            etapes=sorted(etapes_de.get(a.pk, ()), key=lambda e: rang_etape[e.pk]),
            thematiques=sorted(thematiques_de.get(a.pk, ()), key=lambda t: rang_thematique[t.pk]),
            visuel=visuels.get(a.visuel_id),
            source=sources.get(a.source_id),
            reglages=reglages,
        )
        for a in articles
    }


def representations(ids) -> list[dict]:
    """The representations of the published articles among `ids`, in that order; an unknown or
    unpublished id is absent."""
    ids = list(ids)
    trouvees = memo_many("contenus:article", ids, _construire, shared=_PARTAGES)
    return [trouvees[i] for i in ids if trouvees.get(i) is not None]


def page(connection: Connection) -> Connection:
    """A page of articles selected by index (rows holding their ids), each node replaced by its
    representation. A row whose article is no longer published (changed between the page's
    query and this one) leaves the page."""
    ids = [edge.node.pk for edge in connection.edges]
    return connection.with_nodes({r["id"]: r for r in representations(ids)})
