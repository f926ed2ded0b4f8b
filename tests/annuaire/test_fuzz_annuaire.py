"""Generated queries on the annuaire's root fields, over real rows: never an internal error."""

import pytest
from hypothesis import given
from hypothesis_graphql import strategies as gql_strategies

from tests.annuaire.generation import creer_professionnels
from tests.support.fuzz import CUSTOM_SCALARS, FUZZ, SDL, check


@pytest.fixture
def donnees(departements):
    from annuaire.models import Lieu

    creer_professionnels(300, seed=3)
    lieu = Lieu(nom="Maternité", type="maternite", etapes=["accouchement"], code_postal="75014", latitude=48.84,
                longitude=2.34)  # fmt: skip
    lieu.save()


@pytest.mark.django_db
@FUZZ
@given(
    query=gql_strategies.queries(
        SDL,
        fields=["professionnels", "professionnel", "lieux", "lieu", "departements", "professions"],
        custom_scalars=CUSTOM_SCALARS,
    )
)
def test_generated_annuaire_queries(client, settings, donnees, query):
    settings.GRAPHQL_CACHE_SECONDS = 0
    check(client, query)
