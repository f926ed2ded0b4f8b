"""The one translator of refused input into the public API's errors.

Domain code raises `ErreurDomaine` (hub/erreurs.py: the registry of codes). Queries: a domain
error that escapes a resolver becomes a GraphQL error whose `extensions.code` names the cause
(the view's `format_error` calls `erreur_requete`); mutations: bad input is data, a list of
`ErreurChamp` in the payload. Requests refused before GraphQL runs are `RequeteRefusee`.
"""

from __future__ import annotations

import graphene
from graphql import GraphQLError

from hub.erreurs import CODES, CodeErreur, ErreurDomaine

CodeErreurType = graphene.Enum.from_enum(
    CodeErreur,
    description=lambda code: CODES[code.value] if code else "Code machine d'une erreur (docs/erreurs.md).",
)


class ErreurRequete(GraphQLError):
    """A query refused because of its input: French message, machine code."""

    def __init__(self, code: str, message: str, **kwargs):
        super().__init__(message, extensions={"code": code}, **kwargs)


def erreur_requete(erreur: ErreurDomaine, **kwargs) -> ErreurRequete:
    return ErreurRequete(erreur.code, erreur.message, **kwargs)


class RequeteRefusee(Exception):
    """A request refused before GraphQL runs (size, CSRF, partner, rate limit): an HTTP status,
    a machine code and a French message, answered as `{"errors": [...]}`."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class ErreurSaisie(ErreurDomaine):
    """Bad input to a mutation, one per field at fault, turned into `ErreurChamp` data."""


class ErreurChamp(graphene.ObjectType):
    champ = graphene.String()
    code = graphene.Field(CodeErreurType, required=True)
    message = graphene.String(required=True)

    @classmethod
    def depuis(cls, erreurs: list[ErreurSaisie]) -> list[ErreurChamp]:
        return [cls(champ=e.champ, code=e.code, message=e.message) for e in erreurs]
