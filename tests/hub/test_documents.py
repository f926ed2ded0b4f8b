"""Documents parsed and validated once per process: the verdicts stay those of each request."""

import json

import pytest

from hub.api import documents

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


@pytest.mark.django_db
def test_a_document_is_parsed_and_validated_once(client):
    documents._parse_cached.cache_clear()
    documents._static_errors_cached.cache_clear()
    for _ in range(3):
        assert post(client, "{ etapes { slug } }") == (200, [])
    assert documents._parse_cached.cache_info().misses == 1
    assert documents._parse_cached.cache_info().hits >= 2
    assert documents._static_errors_cached.cache_info().misses == 1


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
    documents._parse_cached.cache_clear()
    assert post(client, "{ etapes { slug } }") == (200, [])
    assert post(client, NESTED, {"n": 100}) == (400, ["COUT_TROP_ELEVE"])
    assert documents._parse_cached.cache_info().currsize == 0


@pytest.mark.django_db
def test_a_mutation_sent_by_get_is_refused(client):
    response = client.get("/graphql/", {"query": "mutation { __typename }"})
    assert response.status_code == 405
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUETE_INVALIDE"
