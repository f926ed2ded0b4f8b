"""Generated EPDS operations (valid and invalid) never crash: no 500, no ERREUR_INTERNE."""

import pytest
from hypothesis import given
from hypothesis_graphql import Mode
from hypothesis_graphql import strategies as gql_strategies

from tests.support.fuzz import CUSTOM_SCALARS, FUZZ, SDL, check

CHAMPS = ["questionnaireEpds", "langues", "statistiquesEpds", "soumettreEpds", "demanderContact"]


@pytest.mark.django_db
@FUZZ
@given(query=gql_strategies.from_schema(SDL, fields=CHAMPS, custom_scalars=CUSTOM_SCALARS))
def test_generated_epds_operations(client, settings, epds, partenaire, query):
    settings.RATE_LIMIT_PER_ADDRESS = 100_000
    check(client, query)


@pytest.mark.django_db
@FUZZ
@given(
    query=gql_strategies.from_schema(SDL, fields=CHAMPS, mode=Mode.NEGATIVE, custom_scalars=CUSTOM_SCALARS)
)
def test_invalid_epds_operations_are_refused_cleanly(client, settings, epds, partenaire, query):
    settings.RATE_LIMIT_PER_ADDRESS = 100_000
    check(client, query)
