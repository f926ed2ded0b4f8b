"""The documented operations of the contenus domain are valid against the live schema."""

import pytest
from graphql import OperationDefinitionNode, parse, validate

from hub.schema import schema
from tests.operations import load_operation

OPERATIONS = [
    "Etapes",
    "Etape",
    "Thematiques",
    "Parcours",
    "Articles",
    "Article",
    "ApercuArticle",
    "Mesures",
    "Evenements",
    "Calendrier",
    "Parentheque",
    "ArticlesParIds",
    "Evenement",
    "ConfigurationApplication",
    "TypesLieu",
    "SuggererLieu",
]


@pytest.mark.parametrize("nom", OPERATIONS)
def test_operation_is_valid_and_named_after_its_file(nom):
    document = parse(load_operation(nom))
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    assert [o.name.value for o in operations] == [nom]
    # graphql's specified rules: fields, arguments and variable types all exist as written
    assert validate(schema.graphql_schema, document) == []
