"""Queries and mutations generated from the live schema never produce a 500 or a malformed answer."""

import pytest
from hypothesis import given
from hypothesis_graphql import strategies as gql_strategies

from hub.schema import schema
from tests.support.fuzz import CUSTOM_SCALARS, FUZZ, SDL, check


@pytest.mark.django_db
@FUZZ
@given(query=gql_strategies.queries(SDL, custom_scalars=CUSTOM_SCALARS))
def test_generated_queries(client, settings, query):
    settings.GRAPHQL_CACHE_SECONDS = 0
    settings.RATE_LIMIT_READ_COST_PER_ADDRESS = 10**12  # every example runs, none is a 429
    check(client, query)


if schema.graphql_schema.mutation_type is not None:

    @pytest.mark.django_db
    @FUZZ
    @given(query=gql_strategies.mutations(SDL, custom_scalars=CUSTOM_SCALARS))
    def test_generated_mutations(client, settings, query):
        settings.RATE_LIMIT_PER_ADDRESS = 10_000
        check(client, query)
