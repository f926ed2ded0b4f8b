"""Queries and mutations generated from the live schema never produce a 500 or a malformed answer."""

import json

import pytest
from graphql import print_schema
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes
from hypothesis_graphql import strategies as gql_strategies

from hub.schema import schema

SDL = print_schema(schema.graphql_schema)
# Custom scalars get generated values too: valid ones and garbage.
_text = st.text(max_size=30).map(nodes.String)
CUSTOM_SCALARS = {
    "Date": st.one_of(st.dates().map(lambda d: nodes.String(d.isoformat())), _text),
    "DateTime": st.one_of(st.datetimes().map(lambda d: nodes.String(d.isoformat() + "+01:00")), _text),
    "PositiveInt": st.integers(min_value=-5, max_value=10**6).map(nodes.Int),
    "UUID": st.one_of(st.uuids().map(lambda u: nodes.String(str(u))), _text),
    "JSONString": st.one_of(st.just(nodes.String("{}")), _text),
}
FUZZ = hypothesis_settings(
    max_examples=120,
    deadline=None,
    derandomize=True,  # reproducible in CI
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


def check(client, query: str) -> None:
    response = client.post("/graphql/", json.dumps({"query": query}), content_type="application/json")
    assert response.status_code in (200, 400, 413, 429), (response.status_code, query)
    body = response.json()
    assert isinstance(body, dict) and ("data" in body or "errors" in body), query
    for error in body.get("errors", []):
        assert isinstance(error.get("message"), str), query
        assert error.get("extensions", {}).get("code"), (error, query)
        assert error["extensions"]["code"] != "ERREUR_INTERNE", (error, query)


@pytest.mark.django_db
@FUZZ
@given(query=gql_strategies.queries(SDL, custom_scalars=CUSTOM_SCALARS))
def test_generated_queries(client, settings, query):
    settings.GRAPHQL_CACHE_SECONDS = 0
    check(client, query)


if schema.graphql_schema.mutation_type is not None:

    @pytest.mark.django_db
    @FUZZ
    @given(query=gql_strategies.mutations(SDL, custom_scalars=CUSTOM_SCALARS))
    def test_generated_mutations(client, settings, query):
        settings.RATE_LIMIT_PER_ADDRESS = 10_000
        check(client, query)
