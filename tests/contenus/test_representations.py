"""Articles' stored representations: no stale answer, a publish is visible in the next response.

Each article's public representation (contenus.representations) is built once per process and
content generation. These tests read a list and an article (building the representations),
change what they were built from — the article itself, a stage, a theme, an image, a rendition —
and check that the very next `articles`, `article` and `articlesParIds` answers show the change,
with the response cache on (GRAPHQL_CACHE_SECONDS=300) as in production.
"""

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage

from contenus.models import ArticlePage, Etape, Thematique
from tests.support.factories import article, image

LISTE = """query($first: Int) { articles(first: $first) { edges { node {
  id slug titre resume url
  visuel { url rendition(width: 600) { url width } }
  etapes { slug nom } thematiques { slug nom }
} } } }"""
UN = """query($slug: String!) { article(slug: $slug) {
  slug titre corps { type titre texte } motsCles visuel { url } etapes { nom } thematiques { nom }
} }"""
PAR_IDS = "query($ids: [ID!]!) { articlesParIds(ids: $ids) { slug titre } }"


@pytest.fixture
def suivi(reference, media, settings):
    """An article with a stage, a theme and an image, its representation already built."""
    settings.GRAPHQL_CACHE_SECONDS = 300
    etape = Etape.objects.get(slug="les-3-premiers-mois")
    theme = Thematique.objects.order_by("ordre").first()
    page = article("aaa-suivi", titre="AAA suivi", etapes=[etape], thematiques=[theme], visuel=image("suivi"))
    return page


def _noeud(gql, slug="aaa-suivi"):
    data = gql.execute(LISTE, {"first": 100})
    assert "errors" not in data, data
    return next((e["node"] for e in data["data"]["articles"]["edges"] if e["node"]["slug"] == slug), None)


def _article(gql, slug="aaa-suivi"):
    data = gql.execute(UN, {"slug": slug})
    assert "errors" not in data, data
    return data["data"]["article"]


def _par_ids(gql, *ids):
    data = gql.execute(PAR_IDS, {"ids": [str(i) for i in ids]})
    assert "errors" not in data, data
    return data["data"]["articlesParIds"]


def _publier(page: ArticlePage, **champs):
    page = ArticlePage.objects.get(pk=page.pk)
    for nom, valeur in champs.items():
        setattr(page, nom, valeur)
    page.save_revision().publish()


def test_an_edit_and_publish_shows_in_the_next_list_and_article(gql, suivi):
    avant = _noeud(gql)
    assert avant["titre"] == "AAA suivi" and _article(gql)["titre"] == "AAA suivi"
    assert _par_ids(gql, suivi.pk) == [{"slug": "aaa-suivi", "titre": "AAA suivi"}]

    _publier(
        suivi,
        title="AAA suivi, corrigé",
        resume="Nouveau résumé.",
        mots_cles="sommeil, bain",
        corps=[("paragraphe", "<p>Texte <b>revu</b>.</p>")],
    )

    apres = _noeud(gql)
    assert apres["titre"] == "AAA suivi, corrigé" and apres["resume"] == "Nouveau résumé."
    detail = _article(gql)
    assert detail["titre"] == "AAA suivi, corrigé"
    assert detail["motsCles"] == ["sommeil", "bain"]
    assert detail["corps"] == [{"type": "paragraphe", "titre": None, "texte": "<p>Texte <b>revu</b>.</p>"}]
    assert _par_ids(gql, suivi.pk) == [{"slug": "aaa-suivi", "titre": "AAA suivi, corrigé"}]


def test_a_new_slug_moves_the_article_and_its_url(gql, suivi):
    url = _noeud(gql)["url"]
    _publier(suivi, slug="aaa-suivi-renomme")
    assert _noeud(gql) is None and _article(gql) is None
    renomme = _noeud(gql, "aaa-suivi-renomme")
    assert renomme["url"] != url and renomme["url"].rstrip("/").endswith("aaa-suivi-renomme")


def test_an_unpublish_removes_the_article_from_the_next_answers(gql, suivi):
    assert _noeud(gql) is not None and _article(gql) is not None and _par_ids(gql, suivi.pk)
    ArticlePage.objects.get(pk=suivi.pk).unpublish()
    assert _noeud(gql) is None
    assert _article(gql) is None
    assert _par_ids(gql, suivi.pk) == []
    _publier(suivi)  # and back
    assert _noeud(gql)["slug"] == "aaa-suivi" and _par_ids(gql, suivi.pk)


def test_a_deleted_article_is_gone_from_the_next_answers(gql, suivi):
    assert _noeud(gql) is not None
    ArticlePage.objects.get(pk=suivi.pk).delete()
    assert _noeud(gql) is None and _article(gql) is None and _par_ids(gql, suivi.pk) == []


def test_a_stage_renamed_shows_in_the_next_answers(gql, suivi):
    assert {"slug": "les-3-premiers-mois", "nom": Etape.objects.get(slug="les-3-premiers-mois").nom} in (
        _noeud(gql)["etapes"]
    )
    etape = Etape.objects.get(slug="les-3-premiers-mois")
    etape.nom = "Les trois premiers mois (renommée)"
    etape.save()
    assert {"slug": "les-3-premiers-mois", "nom": "Les trois premiers mois (renommée)"} in _noeud(gql)[
        "etapes"
    ]
    assert {"nom": "Les trois premiers mois (renommée)"} in _article(gql)["etapes"]


def test_a_theme_renamed_or_unlinked_shows_in_the_next_answers(gql, suivi):
    theme = Thematique.objects.get(pk=_theme_pk(suivi))
    assert [t["slug"] for t in _noeud(gql)["thematiques"]] == [theme.slug]
    theme.nom = "Thème renommé"
    theme.save()
    assert _noeud(gql)["thematiques"] == [{"slug": theme.slug, "nom": "Thème renommé"}]
    assert _article(gql)["thematiques"] == [{"nom": "Thème renommé"}]
    page = ArticlePage.objects.get(pk=suivi.pk)
    page.thematiques.set([])
    page.save_revision().publish()
    assert _noeud(gql)["thematiques"] == []


def _theme_pk(page):
    return ArticlePage.objects.get(pk=page.pk).thematiques.get().pk


def _nouveau_fichier(nom: str) -> ImageFile:
    contenu = io.BytesIO()
    PILImage.new("RGB", (1000, 500), "#3050a0").save(contenu, "PNG")
    return ImageFile(contenu, name=f"{nom}.png")


def test_an_image_replaced_shows_its_new_renditions_in_the_next_answers(gql, suivi):
    avant = _noeud(gql)["visuel"]
    assert avant["rendition"]["width"] == 600 and "suivi" in avant["url"]
    visuel = ArticlePage.objects.get(pk=suivi.pk).visuel
    # What Wagtail's image edit view does when the file is replaced: new file, renditions gone.
    visuel.file = _nouveau_fichier("remplacee")
    visuel.width, visuel.height = 1000, 500
    visuel.save()
    visuel.renditions.all().delete()
    apres = _noeud(gql)["visuel"]
    assert "remplacee" in apres["url"] and "remplacee" in apres["rendition"]["url"]
    assert apres["rendition"]["url"] != avant["rendition"]["url"]
    assert "remplacee" in _article(gql)["visuel"]["url"]


def test_a_rendition_deleted_alone_is_made_again_for_the_next_answer(gql, suivi):
    """Renditions are not content (made on read), but an answer must not point to a deleted one."""
    _noeud(gql)  # makes the rendition (and fills the image's size and hash: a change of content)
    avant = _noeud(gql)["visuel"]["rendition"]  # built in this generation, the rendition with it
    visuel = ArticlePage.objects.get(pk=suivi.pk).visuel
    ancien = visuel.renditions.get(filter_spec="width-600")
    ancien.delete()
    apres = _noeud(gql)["visuel"]["rendition"]
    assert apres["width"] == 600
    nouveau = visuel.renditions.get(filter_spec="width-600")
    assert nouveau.pk != ancien.pk and apres["url"].endswith(nouveau.file.url)
    assert avant["width"] == 600


def test_an_image_changed_on_an_article_shows_in_the_next_answers(gql, suivi):
    assert "suivi" in _noeud(gql)["visuel"]["url"]
    _publier(suivi, visuel=image("autre-visuel"))
    assert "autre-visuel" in _noeud(gql)["visuel"]["url"]
    _publier(suivi, visuel=None)
    assert _noeud(gql)["visuel"] is None and _article(gql)["visuel"] is None


def test_representations_are_reused_within_a_generation(gql, suivi, settings, django_assert_num_queries):
    """The second list in the same generation reads the page by index and nothing else: no
    article row, no stage or theme link, no image, no rendition."""
    settings.GRAPHQL_CACHE_SECONDS = 0  # count what the list costs, not the response cache
    query = "{ articles(first: 5) { edges { node { slug titre corps { texte } visuel { rendition(width: 600) { url } } etapes { nom } thematiques { nom } } } } }"
    gql.execute(query)  # makes the renditions (and fills the image's size and hash: a change)
    premier = gql.execute(query)
    with django_assert_num_queries(1):  # the page of ids, by keyset
        assert gql.execute(query) == premier


def test_an_event_linked_renamed_or_unpublished_shows_in_the_next_article(gql, suivi):
    from contenus.models import Evenement

    requete = 'query { article(slug: "aaa-suivi") { evenements { slug nom } } }'

    def evenements():
        data = gql.execute(requete)
        assert "errors" not in data, data
        return data["data"]["article"]["evenements"]

    assert evenements() == []
    evenement = Evenement.objects.filter(live=True).order_by("pk").first()
    page = ArticlePage.objects.get(pk=suivi.pk)
    page.evenements.set([evenement])
    page.save_revision().publish()
    assert evenements() == [{"slug": evenement.slug, "nom": evenement.nom}]
    evenement.nom = "Rendez-vous renommé"
    evenement.save()
    assert evenements() == [{"slug": evenement.slug, "nom": "Rendez-vous renommé"}]
    evenement.live = False
    evenement.save()
    assert evenements() == []
