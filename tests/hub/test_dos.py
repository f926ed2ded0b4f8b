"""Denial of service: what a document may cost is measured in one linear walk, before it runs.

One test per class of attack (exponential fragments, fragment cycles and unknown fragments,
oversized documents, aliases, repeated mutations, expensive reads, read bursts); each refusal
is a coded 4xx, never a 500.
"""

import json

import pytest
from django.test import Client

from hub.api.documents import parse_document, validation_errors
from hub.schema import schema
from tests.bench.bench_dos import exponential_fragments


def post(client, query: str, variables=None, **extra):
    body = {"query": query}
    if variables is not None:
        body["variables"] = variables
    return client.post("/graphql/", json.dumps(body), content_type="application/json", **extra)


def codes(response):
    return [e.get("extensions", {}).get("code") for e in response.json().get("errors", [])]


class _Counting(tuple):
    """A selection list that counts how many times it is read."""

    reads = 0

    def __iter__(self):
        type(self).reads += 1
        return super().__iter__()


def test_validation_and_cost_visit_each_fragment_once():
    """12 fragments each spreading the next one twice: 2**11 paths, 13 selection lists. A walk
    that expands spreads where they appear reads the lists thousands of times."""
    query = exponential_fragments(12)
    document = parse_document(query)
    for definition in document.definitions:
        definition.selection_set.selections = _Counting(definition.selection_set.selections)
    _Counting.reads = 0
    errors = validation_errors(schema.graphql_schema, query, document, {})
    assert errors == []  # 2**11 × __typename: cheap, once every spread is merged
    assert _Counting.reads <= 5 * len(document.definitions), _Counting.reads


@pytest.mark.django_db
def test_exponential_document_is_refused_with_a_code(client, settings):
    settings.GRAPHQL_CACHE_SECONDS = 0
    response = post(client, exponential_fragments(60))  # 2**59 paths
    assert response.status_code == 400
    assert codes(response) == ["COUT_TROP_ELEVE"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, code",
    [
        ("query { ...Absent }", "FRAGMENT_INCONNU"),
        ("query { pages { ...Absent } }", "FRAGMENT_INCONNU"),
        ("query { ...A } fragment A on Query { ...A }", "FRAGMENT_CYCLIQUE"),
        (
            "query { ...A } fragment A on Query { ...B } fragment B on Query { __typename ...A }",
            "FRAGMENT_CYCLIQUE",
        ),
        (
            "query { pages { ...P } } fragment P on PageInterface { children { ...Q } }"
            " fragment Q on PageInterface { id ...P }",
            "FRAGMENT_CYCLIQUE",
        ),
    ],
)
def test_unknown_and_cyclic_fragments_are_refused_before_execution(client, query, code):
    response = post(client, query)
    assert response.status_code == 400, response.content
    assert codes(response) == [code]


@pytest.mark.django_db
def test_documents_are_capped_in_tokens_fields_and_aliases(client, settings):
    settings.GRAPHQL_MAX_TOKENS = 500
    long = "{ " + " ".join(f"f{i}: __typename" for i in range(200)) + " }"  # 600 tokens
    assert codes(post(client, long)) == ["DOCUMENT_TROP_GRAND"]
    aliases = "{ " + " ".join(f"a{i}: __typename" for i in range(settings.GRAPHQL_MAX_ALIASES + 1)) + " }"
    assert codes(post(client, aliases)) == ["DOCUMENT_TROP_GRAND"]
    fields = "{ pages(limit: 1) { " + " ".join(["id"] * (settings.GRAPHQL_MAX_FIELDS + 1)) + " } }"
    assert codes(post(client, fields)) == ["DOCUMENT_TROP_GRAND"]
    nested = "{ pages " + "{ children " * 70 + "{ id }" + " }" * 71
    assert codes(post(client, nested)) == ["PROFONDEUR_TROP_GRANDE"]
    within = "{ " + " ".join(f"a{i}: __typename" for i in range(settings.GRAPHQL_MAX_ALIASES)) + " }"
    assert post(client, within).status_code == 200


@pytest.mark.django_db
def test_aliases_of_an_expensive_root_field_are_counted(client):
    search = (
        'professionnels(first: 20, recherche: {autourDe: {latitude: 48.85, longitude: 2.35}, texte: "sage"})'
    )
    one = post(client, "{ " + search + " { edges { node { nom } } } }")
    assert one.status_code == 200, one.content
    many = post(
        client, "{ " + " ".join(f"a{i}: {search} {{ edges {{ node {{ nom }} }} }}" for i in range(20)) + " }"
    )
    assert many.status_code == 400
    assert codes(many) == ["COUT_TROP_ELEVE"]


@pytest.mark.django_db
def test_the_cost_follows_what_the_server_does(client, settings):
    """A distance or text search costs more than a plain list; lists of lists multiply."""
    settings.GRAPHQL_MAX_COST = 200
    plain = "{ professionnels(first: 10) { edges { node { nom } } } }"
    assert post(client, plain).status_code == 200
    distance = "{ professionnels(first: 10, recherche: {autourDe: {latitude: 48.85, longitude: 2.35}}) { edges { node { nom } } } }"
    assert codes(post(client, distance)) == ["COUT_TROP_ELEVE"]
    text = '{ articles(first: 10, recherche: "sommeil") { edges { node { slug } } } }'
    assert codes(post(client, text)) == ["COUT_TROP_ELEVE"]
    grapple_search = '{ pages(limit: 10, searchQuery: "sommeil") { id } }'
    assert codes(post(client, grapple_search)) == ["COUT_TROP_ELEVE"]
    # a variable may hold a distance search: counted as one
    variable = "query ($r: RechercheProfessionnels) { professionnels(first: 10, recherche: $r) { edges { node { nom } } } }"
    assert codes(post(client, variable, {"r": {}})) == ["COUT_TROP_ELEVE"]
    lists_of_lists = "{ pages(limit: 10) { children(limit: 10) { children(limit: 10) { id } } } }"
    assert codes(post(client, lists_of_lists)) == ["COUT_TROP_ELEVE"]


@pytest.mark.django_db
def test_a_public_mutation_runs_at_most_once_per_request(client, settings):
    settings.GRAPHQL_MUTATIONS_REQUIRE_PARTNER = False
    contact = 'demanderContact(input: {resultat: "1", jeton: "j", prenom: "A", canal: SMS}) { reference }'
    twice = f"mutation {{ a: {contact} b: {contact} }}"
    response = post(client, twice)
    assert response.status_code == 400
    assert codes(response) == ["MUTATION_REPETEE"]
    through_fragments = """mutation { ...M ...M }
      fragment M on Mutation { soumettreEpds(input: {version: "v", reponses: []}) { resultat { id } } }"""
    assert codes(post(client, through_fragments)) == ["MUTATION_REPETEE"]


@pytest.mark.django_db
def test_reads_are_rate_limited_by_their_cost(settings):
    settings.RATE_LIMIT_READ_COST_PER_ADDRESS = 1000
    settings.GRAPHQL_CACHE_SECONDS = 0
    client = Client(REMOTE_ADDR="203.0.113.20")
    query = "{ pages(limit: 20) { id title } }"  # cost 20 + 1 + 20 × 2 = 61
    statuses = [post(client, query).status_code for _ in range(20)]
    assert statuses[:16] == [200] * 16
    assert statuses[16:] == [429] * 4
    refused = post(client, query)
    assert codes(refused) == ["LIMITE_DEPASSEE"] and refused["Retry-After"] == "60"
    # another address has its own budget
    assert post(Client(REMOTE_ADDR="203.0.113.21"), query).status_code == 200


@pytest.mark.django_db
def test_answers_from_the_response_cache_weigh_one(settings):
    settings.RATE_LIMIT_READ_COST_PER_ADDRESS = 200
    client = Client(REMOTE_ADDR="203.0.113.30")
    query = "{ pages(limit: 20) { id title } }"
    statuses = [post(client, query).status_code for _ in range(100)]
    assert statuses == [200] * 100  # 61 once, then 1 each


@pytest.mark.django_db
def test_refused_documents_weigh_the_maximum_cost(settings):
    """Making the hub parse and refuse documents is not free: each weighs GRAPHQL_MAX_COST."""
    settings.RATE_LIMIT_READ_COST_PER_ADDRESS = 2 * settings.GRAPHQL_MAX_COST
    client = Client(REMOTE_ADDR="203.0.113.40")
    refused = [post(client, exponential_fragments(40)), post(client, "{ pages { id }")]
    assert [r.status_code for r in refused] == [400, 400]
    assert codes(post(client, "{ __typename }")) == ["LIMITE_DEPASSEE"]
