"""Documents parsed and validated once per process: the verdicts stay those of each request."""

import gc
import json
import tracemalloc

import pytest
from graphql import DocumentNode

from hub.api import documents
from hub.sized_cache import deep_size

# Cost: each page counts 1 + limit × (1 + children); 100 × 100 × 2 is over GRAPHQL_MAX_COST.
NESTED = "query($n: PositiveInt) { pages(limit: $n) { id children(limit: $n) { id title } } }"


@pytest.fixture(autouse=True)
def _no_response_cache(settings):
    settings.GRAPHQL_CACHE_SECONDS = 0  # every request is validated, none is answered from the cache


def post(client, query, variables=None):
    response = client.post(
        "/graphql/",
        json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
    )
    codes = [e.get("extensions", {}).get("code") for e in response.json().get("errors", [])]
    return response.status_code, codes


def _counting(monkeypatch, name):
    calls = []
    original = getattr(documents, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(documents, name, counted)
    return calls


@pytest.mark.django_db
def test_a_document_is_parsed_and_validated_once(client, monkeypatch):
    documents.documents_cache.clear()
    parsed = _counting(monkeypatch, "parse")
    validated = _counting(monkeypatch, "validate")
    for _ in range(3):
        assert post(client, "{ etapes { slug } }") == (200, [])
    assert len(parsed) == 1
    assert len(validated) == 1


@pytest.mark.django_db
def test_the_cost_limit_follows_the_variables_of_a_cached_document(client):
    assert post(client, NESTED, {"n": 5}) == (200, [])
    assert post(client, NESTED, {"n": 100}) == (400, ["COUT_TROP_ELEVE"])
    assert post(client, NESTED, {"n": 5}) == (200, [])
    # a variable that sizes nothing does not split the cache, nor change the verdict
    with_other = "query($n: PositiveInt, $t: String) { pages(limit: $n, searchQuery: $t) { id children(limit: $n) { id title } } }"
    assert post(client, with_other, {"n": 100, "t": "a"})[1] == ["COUT_TROP_ELEVE"]
    assert post(client, with_other, {"n": 100, "t": "b"})[1] == ["COUT_TROP_ELEVE"]


@pytest.mark.django_db
def test_settings_change_the_verdict_of_the_same_document(client, settings):
    query = "{ __schema { queryType { name } } }"
    settings.GRAPHQL_INTROSPECTION = False
    assert post(client, query) == (400, ["INTROSPECTION_DESACTIVEE"])
    settings.GRAPHQL_INTROSPECTION = True
    assert post(client, query) == (200, [])
    deep = "{ pages { children { children { children { id } } } } }"
    assert post(client, deep)[0] == 200
    settings.GRAPHQL_MAX_DEPTH = 2
    assert post(client, deep) == (400, ["PROFONDEUR_TROP_GRANDE"])


@pytest.mark.django_db
def test_syntax_errors_stay_coded_errors(client):
    for _ in range(2):
        status, codes = post(client, "{ etapes { slug }")
        assert status == 400 and codes == ["REQUETE_INVALIDE"]


@pytest.mark.django_db
def test_long_documents_are_checked_without_being_kept(client, monkeypatch):
    monkeypatch.setattr(documents, "MAX_CACHED_LENGTH", 10)
    documents.documents_cache.clear()
    assert post(client, "{ etapes { slug } }") == (200, [])
    assert post(client, NESTED, {"n": 100}) == (400, ["COUT_TROP_ELEVE"])
    assert len(documents.documents_cache) == 0


def _large_document(number: int, fields: int = 1_800) -> str:
    """A distinct document of about 19 800 characters and 1 800 tokens (near both limits): a
    megabyte once parsed."""
    return f"query Grand{number} {{ " + " ".join(["__typename"] * fields) + " }"


@pytest.mark.django_db
def test_the_document_cache_stays_within_its_budget_in_bytes(client, settings):
    settings.GRAPHQL_DOCUMENT_CACHE_BYTES = 8 * 1024 * 1024
    settings.RATE_LIMIT_READ_COST_PER_ADDRESS = 10**12  # refused documents weigh on the limit
    documents.documents_cache.clear()
    for number in range(20):  # 20 × ≈ 0.75 MiB (text, parse, verdict): far over 8 MiB
        query = _large_document(number, fields=900)
        assert len(query) < documents.MAX_CACHED_LENGTH
        assert post(client, query) == (400, ["DOCUMENT_TROP_GRAND"])  # over GRAPHQL_MAX_FIELDS
        assert documents.documents_cache.size <= settings.GRAPHQL_DOCUMENT_CACHE_BYTES
    assert 4 <= len(documents.documents_cache) < 20  # entries were evicted, recent ones kept
    assert (_large_document(19, 900), settings.GRAPHQL_MAX_TOKENS) in documents.documents_cache
    assert (_large_document(0, 900), settings.GRAPHQL_MAX_TOKENS) not in documents.documents_cache


SHAPES = {
    "fields": _large_document(1),
    "short names": "{ " + " ".join(["a"] * 1_900) + " }",
    "arguments": "{ " + " ".join(f"f{i}(a: 1, b: $x)" for i in range(150)) + " }",
    "nesting": "{ " + "a { " * 5 + " ".join(["b"] * 1_800) + " }" * 5 + " }",
    "strings": "{ " + " ".join(f'f(a: "{"y" * 60}")' for _ in range(250)) + " }",
    "lists": "{ f(a: [" + ",".join(["1"] * 1_900) + "]) }",
    "objects": "{ f(a: {" + ",".join(f"k{i}: 1" for i in range(600)) + "}) }",
}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_parse_is_weighed_at_least_as_the_memory_it_keeps(settings, shape):
    """The accounted size of a parsed document bounds the memory it holds (measured), and is
    not wildly over it (the budget would hold too few documents)."""
    query = SHAPES[shape]
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    document = documents._parse(query, settings.GRAPHQL_MAX_TOKENS)
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert isinstance(document, DocumentNode)
    assert held * 1.1 <= documents.document_size(query, document) <= held * 3
    assert deep_size(document) <= documents.document_size(query, document)


@pytest.mark.django_db
def test_a_mutation_sent_by_get_is_refused(client):
    response = client.get("/graphql/", {"query": "mutation { __typename }"})
    assert response.status_code == 405
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUETE_INVALIDE"
