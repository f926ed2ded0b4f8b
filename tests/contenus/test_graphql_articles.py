"""`articles`/`article`: filters, accent-insensitive search, Relay pagination, published only, SQL cost."""

import base64

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contenus.models import Etape, Thematique
from tests.support.factories import article, image


def _slugs(data):
    assert "errors" not in data, data
    return [e["node"]["slug"] for e in data["data"]["articles"]["edges"]]


def test_reference_articles_have_their_fields(gql, reference):
    data = gql.operation("Article", {"slug": "entretien-prenatal-precoce"})
    a = data["data"]["article"]
    assert a["titre"].startswith("L'entretien prénatal précoce")
    assert [b["type"] for b in a["corps"]] == ["section", "section"]
    assert a["corps"][0]["titre"] and a["corps"][0]["texte"].startswith("<p>")
    assert a["leSaviezVous"]
    assert [ligne["icone"] for ligne in a["enBref"]] == ["PARENT", "PARENT", "BEBE"]
    assert a["liens"][0]["url"].startswith("https://")
    assert "sage-femme" in a["motsCles"]
    # possible as soon as the pregnancy is declared: both pregnancy stages
    assert [e["slug"] for e in a["etapes"]] == ["debut-de-grossesse", "suite-et-fin-de-grossesse"]
    assert [e["slug"] for e in a["evenements"]] == ["entretien-prenatal-precoce"]
    assert a["source"] == {
        "nom": "Assurance maladie",
        "slug": "assurance-maladie",
        "siteWeb": "https://www.ameli.fr/",
    }
    assert a["url"].endswith("/articles/entretien-prenatal-precoce/")
    assert a["publieLe"] and a["misAJourLe"]


def test_filters_by_stage_theme_and_handicap(gql, reference):
    assert set(_slugs(gql.operation("Articles", {"etape": "les-3-premiers-mois"}))) == {
        "baby-blues-ou-depression",
        "vaccins-obligatoires-du-nourrisson",
    }
    assert _slugs(gql.operation("Articles", {"thematique": "vaccination"})) == [
        "vaccins-obligatoires-du-nourrisson"
    ]
    assert _slugs(gql.operation("Articles", {"handicap": True})) == [
        "devenir-parent-en-situation-de-handicap"
    ]
    assert "devenir-parent-en-situation-de-handicap" not in _slugs(
        gql.operation("Articles", {"handicap": False})
    )
    assert _slugs(gql.operation("Articles", {"etape": "inconnue"})) == []


@pytest.mark.parametrize(
    ("recherche", "attendu"),
    [
        ("depression", ["baby-blues-ou-depression"]),  # title has « dépression »
        ("DÉPRESSION", ["baby-blues-ou-depression"]),
        ("Dépréssion", ["baby-blues-ou-depression"]),  # a wrong accent still matches
        ("meningocoque", ["vaccins-obligatoires-du-nourrisson"]),  # keywords
        ("sage femme bienvenu", ["entretien-prenatal-precoce"]),  # body text, all words required
        ("MDPH", ["devenir-parent-en-situation-de-handicap"]),
        ("grossesse introuvablemot", []),
    ],
)
def test_accent_insensitive_search(gql, reference, recherche, attendu):
    assert _slugs(gql.operation("Articles", {"recherche": recherche})) == attendu


def test_search_ignores_unpublished_draft_text(gql, reference):
    page = article("brouillon-test", titre="Sommeil du bébé", etapes=[Etape.objects.get(ordre=6)])
    page.title = "Sommeil du bébé et mot-secret-du-brouillon"
    page.save_revision()  # a draft: not published
    assert _slugs(gql.operation("Articles", {"recherche": "secret du brouillon"})) == []
    assert _slugs(gql.operation("Articles", {"recherche": "sommeil bebe"})) == ["brouillon-test"]
    page.get_latest_revision().publish()
    assert _slugs(gql.operation("Articles", {"recherche": "secret du brouillon"})) == ["brouillon-test"]


def test_only_published_articles_are_visible(gql, reference):
    article("jamais-publie", etapes=[Etape.objects.get(ordre=6)], publier=False)
    assert "jamais-publie" not in _slugs(gql.operation("Articles", {"first": 100}))
    assert gql.operation("Article", {"slug": "jamais-publie"})["data"]["article"] is None
    publie = article("retire", etapes=[Etape.objects.get(ordre=6)])
    assert "retire" in _slugs(gql.operation("Articles", {"first": 100}))
    publie.unpublish()
    assert "retire" not in _slugs(gql.operation("Articles", {"first": 100}))


def test_relay_pagination(gql, reference):
    tous = _slugs(gql.operation("Articles", {"first": 100}))
    assert len(tous) == 5
    vus, after = [], None
    while True:
        data = gql.operation("Articles", {"first": 2, "after": after})
        connexion = data["data"]["articles"]
        assert connexion["totalCount"] == 5
        vus += [e["node"]["slug"] for e in connexion["edges"]]
        if not connexion["pageInfo"]["hasNextPage"]:
            break
        after = connexion["pageInfo"]["endCursor"]
    assert vus == tous


def test_total_count_past_the_end_and_with_first_zero(gql, reference):
    from hub.api.pagination import encode_cursor

    requete = (
        "query($first: Int, $after: String) { articles(first: $first, after: $after) "
        "{ totalCount pageInfo { hasNextPage } edges { node { slug } } } }"
    )

    def page(**variables):
        connexion = gql.execute(requete, variables)["data"]["articles"]
        return connexion["totalCount"], len(connexion["edges"]), connexion["pageInfo"]["hasNextPage"]

    assert page(first=0) == (5, 0, True)  # nothing shown, more to come
    assert page(first=2, after=encode_cursor(4)) == (5, 0, False)  # just past the end
    assert page(after=encode_cursor(50)) == (5, 0, False)
    assert page(first=2, after=encode_cursor(2)) == (5, 2, False)  # the last page
    assert page(first=2) == (5, 2, True)


def test_articles_under_a_view_restriction_are_hidden(gql, reference, settings):
    from wagtail.models import PageViewRestriction

    settings.GRAPHQL_CACHE_SECONDS = 0
    etape = Etape.objects.get(slug="les-3-premiers-mois")
    prive = article("reserve-aux-pros", etapes=[etape])
    parcours = {"situation": "ENFANT", "date": "2026-03-10", "aujourdhui": "2026-04-01"}

    def visible():
        return (
            "reserve-aux-pros" in _slugs(gql.operation("Articles", {"first": 100})),
            "reserve-aux-pros"
            in [
                e["node"]["slug"]
                for e in gql.operation("Parcours", parcours)["data"]["parcours"]["articles"]["edges"]
            ],
            gql.operation("Article", {"slug": "reserve-aux-pros"})["data"]["article"] is not None,
        )

    assert visible() == (True, True, True)
    restriction = PageViewRestriction.objects.create(page=prive, restriction_type=PageViewRestriction.LOGIN)
    assert visible() == (False, False, False)
    restriction.delete()
    # a restriction on the folder hides what is under it
    PageViewRestriction.objects.create(page=prive.get_parent(), restriction_type=PageViewRestriction.LOGIN)
    assert visible() == (False, False, False)
    assert _slugs(gql.operation("Articles", {"first": 100})) == []


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        # the hub's GraphQL middleware checks sizes first (PAGE_TROP_GRANDE), the helper after it
        ({"first": 101}, {"PAGE_TROP_GRANDE"}),
        ({"first": -1}, {"PAGE_TROP_GRANDE"}),
        ({"after": "pas-un-curseur"}, {"CURSEUR_INVALIDE"}),
        ({"after": base64.b64encode(b"offset:99999999999999999999999").decode()}, {"CURSEUR_INVALIDE"}),
        ({"after": base64.b64encode(b"offset:-5").decode()}, {"CURSEUR_INVALIDE"}),
        ({"recherche": "x" * 201}, {"RECHERCHE_TROP_LONGUE"}),
    ],
)
def test_bad_list_arguments_are_coded(gql, reference, variables, code):
    data = gql.operation("Articles", variables)
    assert data["data"] is None
    assert len(data["errors"]) == 1 and data["errors"][0]["extensions"]["code"] in code


def _articles_avec_visuels(nombre):
    etapes = list(Etape.objects.filter(ordre__in=[6, 7]))
    thematiques = list(Thematique.objects.all()[:3])
    for i in range(nombre):
        visuel = image(f"visuel-{i}")
        visuel.get_rendition("width-600")  # renditions already made, as in production
        article(f"article-{i:03d}", etapes=etapes, thematiques=thematiques, visuel=visuel)


def _compter(gql, first):
    with CaptureQueriesContext(connection) as requetes:
        data = gql.operation("Articles", {"thematique": "sante-des-parents", "first": first, "largeur": 600})
    edges = data["data"]["articles"]["edges"]
    assert len(edges) == first
    for edge in edges:
        node = edge["node"]
        assert node["visuel"]["rendition"]["width"] == 600
        assert [e["slug"] for e in node["etapes"]] == ["les-3-premiers-mois", "de-4-mois-a-1-an"]
        assert len(node["thematiques"]) == 3
    return len(requetes)


def test_list_of_articles_costs_a_constant_number_of_queries(
    gql, reference, media, settings, django_assert_max_num_queries
):
    settings.GRAPHQL_CACHE_SECONDS = 0  # count SQL, not the response cache
    # 40 articles, each with its image and rendition: enough for a per-item query to show (4×
    # the items), without the 100 image files that made this test the slowest of its file.
    _articles_avec_visuels(40)
    _compter(gql, 1)  # warms the per-process caches (site root paths, content types)
    dix = _compter(gql, 10)
    quarante = _compter(gql, 40)
    print(f"SQL queries: 10 articles → {dix}, 40 articles → {quarante}")
    assert quarante <= dix  # a last page needs no COUNT: its total is known
    with django_assert_max_num_queries(8):
        gql.operation("Articles", {"thematique": "sante-des-parents", "first": 40, "largeur": 600})


def test_a_publish_is_visible_in_the_next_page_and_total(gql, reference, settings):
    """totalCount is kept per content generation, pages read by keyset: a publish or an
    unpublish shows in the very next response, with the response cache on."""
    settings.GRAPHQL_CACHE_SECONDS = 300
    requete = "query($after: String) { articles(first: 2, after: $after) { totalCount edges { node { slug } } pageInfo { endCursor } } }"

    def lire(after=None):
        return gql.execute(requete, {"after": after})["data"]["articles"]

    avant = lire()
    nouveau = article("aaa-tout-premier", titre="AAA tout premier")
    apres = lire()
    assert apres["totalCount"] == avant["totalCount"] + 1
    suite = lire(apres["pageInfo"]["endCursor"])  # the next page, by keyset
    assert suite["totalCount"] == apres["totalCount"]
    assert "aaa-tout-premier" in _slugs(gql.operation("Articles", {"first": 100}))
    nouveau.unpublish()
    assert lire()["totalCount"] == avant["totalCount"]
    assert lire(apres["pageInfo"]["endCursor"])["totalCount"] == avant["totalCount"]
    assert "aaa-tout-premier" not in _slugs(gql.operation("Articles", {"first": 100}))
