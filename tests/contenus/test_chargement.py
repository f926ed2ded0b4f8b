"""Lists load only what the query selects: same answers as with every column, never more queries.

Each field of Mesure is asked alone, then with the column maps emptied (every field unknown,
so every column loaded): the answers must be equal and the selective load must not cost a query
more (a column it forgot would cost one per item). Articles are read from their stored
representations (tests/contenus/test_representations.py): their pages select ids; events from
the published calendar each process keeps (contenus.services.evenements_du_calendrier).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql import GraphQLObjectType, get_named_type

from contenus import types
from contenus.models import ArticlePage, Etape, Evenement, Mesure, Thematique
from hub.schema import schema
from tests.support.factories import article, image


def _selection(type_name: str, field: str) -> str:
    named = get_named_type(schema.graphql_schema.get_type(type_name).fields[field].type)
    if not isinstance(named, GraphQLObjectType):
        return field
    sub = "id" if "id" in named.fields else next(n for n, f in named.fields.items() if not f.args)
    return f"{field} {{ {sub} }}"


def _fields(type_name: str):
    return [n for n, f in schema.graphql_schema.get_type(type_name).fields.items() if not f.args]


LISTS = {
    "Mesure": "{ mesures { id %s } }",
}
MAPS = {"Mesure": "COLONNES_MESURE"}


def _run(gql, query):
    with CaptureQueriesContext(connection) as queries:
        data = gql.execute(query)
    assert "errors" not in data, data
    return data["data"], len(queries)


@pytest.fixture
def contenu(reference, media, settings):
    settings.GRAPHQL_CACHE_SECONDS = 0  # count SQL, not the response cache
    etape = Etape.objects.get(slug="les-3-premiers-mois")
    theme = Thematique.objects.first()
    for i in range(3):
        article(f"charge-{i}", etapes=[etape], thematiques=[theme], visuel=image(f"v{i}"))
    assert ArticlePage.objects.live().count() > 3 and Mesure.objects.filter(live=True).count() > 1
    assert Evenement.objects.filter(live=True).count() > 3


@pytest.mark.parametrize(
    ("type_name", "field"), [(t, f) for t in LISTS for f in _fields(t) if f not in ("id", "__typename")]
)
def test_each_field_alone_answers_as_with_every_column(gql, contenu, monkeypatch, type_name, field):
    from django.core.cache import cache

    query = LISTS[type_name] % _selection(type_name, field)
    _run(gql, query)  # warms per-process caches (site root paths, content types)
    cache.clear()  # a new content generation: stage data is read again
    selective, selective_queries = _run(gql, query)
    monkeypatch.setattr(types, MAPS[type_name], {})
    cache.clear()
    complete, complete_queries = _run(gql, query)
    assert selective == complete
    assert selective_queries <= complete_queries


def test_every_listed_field_exists_in_the_schema():
    for type_name, map_name in MAPS.items():
        fields = set(schema.graphql_schema.get_type(type_name).fields) | {"__typename"}
        assert set(getattr(types, map_name)) <= fields, type_name


def test_a_page_of_articles_selects_ids_only(gql, contenu):
    """The page is chosen by index and reads no article column; the representations of its
    articles are built apart, once per generation."""
    with CaptureQueriesContext(connection) as queries:
        gql.execute("{ articles(first: 10) { edges { node { slug titre } } } }")
    page = [q["sql"] for q in queries if '"contenus_articlepage"' in q["sql"] and "_cle_tri_" in q["sql"]]
    assert len(page) == 1
    assert '"corps"' not in page[0] and '"resume"' not in page[0] and '"slug"' not in page[0]


def test_unknown_field_loads_every_column(gql, contenu, monkeypatch):
    monkeypatch.setattr(types, "COLONNES_MESURE", {"slug": ("slug",)})
    data, _ = _run(gql, "{ mesures { slug resume } }")
    assert all(m["resume"] for m in data["mesures"])
