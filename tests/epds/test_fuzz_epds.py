"""Generated EPDS operations (valid and invalid) never crash: no 500, no ERREUR_INTERNE."""

import json

import pytest
from graphql import print_schema
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis_graphql import Mode
from hypothesis_graphql import strategies as gql_strategies

from hub.schema import schema

SDL = print_schema(schema.graphql_schema)
CHAMPS = ["questionnaireEpds", "langues", "statistiquesEpds", "soumettreEpds", "demanderContact"]
FUZZ = hypothesis_settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


def verifier(client, query):
    reponse = client.post("/graphql/", json.dumps({"query": query}), content_type="application/json")
    assert reponse.status_code in (200, 400, 429), (reponse.status_code, query)
    corps = reponse.json()
    for erreur in corps.get("errors", []):
        assert erreur.get("extensions", {}).get("code") not in (None, "ERREUR_INTERNE"), (erreur, query)
    for payload in (corps.get("data") or {}).values():
        if isinstance(payload, dict) and payload.get("errors"):
            # only the selected fields are there; those must be filled
            assert all(e.get(k, "x") for e in payload["errors"] for k in ("code", "message")), query


@pytest.mark.django_db
@FUZZ
@given(query=gql_strategies.from_schema(SDL, fields=CHAMPS))
def test_generated_epds_operations(client, settings, epds, partenaire, query):
    settings.RATE_LIMIT_PER_ADDRESS = 100_000
    verifier(client, query)


@pytest.mark.django_db
@FUZZ
@given(query=gql_strategies.from_schema(SDL, fields=CHAMPS, mode=Mode.NEGATIVE))
def test_invalid_epds_operations_are_refused_cleanly(client, settings, epds, partenaire, query):
    settings.RATE_LIMIT_PER_ADDRESS = 100_000
    verifier(client, query)
