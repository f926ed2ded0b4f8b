"""Generated queries on the annuaire's root fields, over real rows: never an internal error."""

import json

import pytest
from graphql import print_schema
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis_graphql import strategies as gql_strategies

from hub.schema import schema
from tests.annuaire.generation import creer_professionnels

SDL = print_schema(schema.graphql_schema)


@pytest.fixture
def donnees(departements):
    from annuaire.models import Lieu

    creer_professionnels(300, seed=3)
    lieu = Lieu(nom="Maternité", type="maternite", etapes=["accouchement"], code_postal="75014", latitude=48.84,
                longitude=2.34)  # fmt: skip
    lieu.save()


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
@given(
    query=gql_strategies.queries(
        SDL, fields=["professionnels", "professionnel", "lieux", "lieu", "departements", "professions"]
    )
)
def test_generated_annuaire_queries(client, settings, donnees, query):
    settings.GRAPHQL_CACHE_SECONDS = 0
    response = client.post("/graphql/", json.dumps({"query": query}), content_type="application/json")
    assert response.status_code in (200, 400), (response.status_code, query)
    body = response.json()
    assert "data" in body or "errors" in body
    for error in body.get("errors", []):
        assert error.get("extensions", {}).get("code") not in (None, "ERREUR_INTERNE"), (error, query)
