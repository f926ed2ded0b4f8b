"""The hub's one `Date` scalar (YYYY-MM-DD), whose bad values carry the code DATE_INVALIDE.

Every domain uses it: graphene keeps whichever type named "Date" comes first, silently.

graphene's own `Date` fails with a generic validation error; an impossible date such as
2027-02-30 must instead name its cause, as the contract requires for every query.
"""

from __future__ import annotations

import datetime

import graphene
from graphql.language import ast

from hub import formats
from hub.api.errors import ErreurRequete, erreur_requete


def _lire(valeur) -> datetime.date:
    if isinstance(valeur, datetime.date) and not isinstance(valeur, datetime.datetime):
        return valeur
    try:
        return formats.lire_date(valeur)
    except formats.DateInvalide as erreur:
        raise erreur_requete(erreur) from None


class Date(graphene.Scalar):
    """Une date calendaire au format AAAA-MM-JJ (ISO 8601)."""

    @staticmethod
    def serialize(valeur) -> str:
        return valeur if isinstance(valeur, str) else valeur.isoformat()

    @staticmethod
    def parse_value(valeur) -> datetime.date:
        return _lire(valeur)

    @classmethod
    def parse_literal(cls, node, _variables=None) -> datetime.date:
        if not isinstance(node, ast.StringValueNode):
            raise ErreurRequete(formats.DATE_INVALIDE, 'Une date s\'écrit entre guillemets : "AAAA-MM-JJ".')
        return _lire(node.value)
