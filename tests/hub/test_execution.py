"""The hub's execution context (hub.api.views.HubExecutionContext) answers exactly as
graphql-core's: the same data and the same errors, its direct path for plain scalar fields
included (dicts and objects, enums, nulls, values that do not serialize)."""

import enum
from types import SimpleNamespace

import graphene
from graphql import ExecutionContext, execute, parse

from hub.api.views import HubExecutionContext


class Couleur(enum.Enum):
    ROUGE = "rouge"
    BLEU = "bleu"


CouleurEnum = graphene.Enum.from_enum(Couleur)


class Element(graphene.ObjectType):
    nom = graphene.String(required=True)
    note = graphene.Int()
    obligatoire = graphene.Int(required=True)
    couleur = graphene.Field(CouleurEnum)
    actif = graphene.Boolean(required=True)
    calcule = graphene.String()
    avec_argument = graphene.String(prefixe=graphene.String())

    @staticmethod
    def resolve_calcule(element, info):
        return "calculé"

    @staticmethod
    def resolve_avec_argument(element, info, prefixe=""):
        return prefixe + "x"


class Query(graphene.ObjectType):
    elements = graphene.List(Element)

    @staticmethod
    def resolve_elements(root, info):
        return [
            {"nom": "un", "note": 3, "obligatoire": 1, "couleur": "rouge", "actif": True},
            SimpleNamespace(nom="deux", note=None, obligatoire=2, couleur=Couleur.BLEU, actif=False),
            {"nom": "trois", "note": "pas un nombre", "obligatoire": 3, "actif": True},  # serialize fails
            {"nom": "quatre", "obligatoire": None, "actif": True},  # null in a non-null field
            {"nom": 5, "obligatoire": 4.0, "actif": 0},  # coerced as graphql-core coerces
        ]


SCHEMA = graphene.Schema(query=Query).graphql_schema
REQUETE = parse(
    '{ elements { nom note obligatoire couleur actif calcule avecArgument(prefixe: "p") __typename } }'
)


def test_same_answer_and_errors_as_graphql_core():
    attendu = execute(SCHEMA, REQUETE, execution_context_class=ExecutionContext)
    obtenu = execute(SCHEMA, REQUETE, execution_context_class=HubExecutionContext)
    assert obtenu.data == attendu.data
    assert [(e.message, e.path) for e in obtenu.errors] == [(e.message, e.path) for e in attendu.errors]
    assert len(attendu.errors) == 2  # the unserializable note, the null in a non-null field
    assert attendu.data["elements"][0] == {
        "nom": "un",
        "note": 3,
        "obligatoire": 1,
        "couleur": "ROUGE",
        "actif": True,
        "calcule": "calculé",
        "avecArgument": "px",
        "__typename": "Element",
    }
