"""Errors of the public API.

Queries: bad input raises `ErreurRequete`, a GraphQL error whose `extensions.code` names the
cause (the contract's rule). Mutations: bad input is data, a list of `ErreurChamp` in the
payload, built from `ErreurSaisie` raised by domain functions.
"""

from __future__ import annotations

from dataclasses import dataclass

import graphene
from graphql import GraphQLError


class ErreurRequete(GraphQLError):
    """A query refused because of its input: French message, machine code."""

    def __init__(self, code: str, message: str, **kwargs):
        super().__init__(message, extensions={"code": code}, **kwargs)


class RequeteRefusee(Exception):
    """A request refused before GraphQL runs (size, CSRF, partner, rate limit): an HTTP status,
    a machine code and a French message, answered as `{"errors": [...]}`."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass
class ErreurSaisie(Exception):
    """Bad input to a mutation, raised by domain code, turned into `ErreurChamp` data."""

    code: str
    message: str
    champ: str | None = None


class ErreurChamp(graphene.ObjectType):
    champ = graphene.String()
    code = graphene.String(required=True)
    message = graphene.String(required=True)

    @classmethod
    def depuis(cls, erreurs: list[ErreurSaisie]) -> list[ErreurChamp]:
        return [cls(champ=e.champ, code=e.code, message=e.message) for e in erreurs]
