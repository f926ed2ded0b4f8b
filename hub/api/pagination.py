"""Relay connections for long lists (contract: `first` default 20, max 100, `after`, totalCount).

The cursor is an opaque base64 offset. `PageInfo` is graphene's relay type, shared by every
domain so that the schema holds one `PageInfo`.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import graphene
from django.db.models import Count, QuerySet, Window
from graphene.relay import PageInfo

from hub.api.errors import ErreurRequete

PAR_DEFAUT = 20
MAXIMUM = 100
_PREFIXE = "offset:"


def encoder_curseur(position: int) -> str:
    return base64.b64encode(f"{_PREFIXE}{position}".encode()).decode()


def decoder_curseur(curseur: str) -> int:
    try:
        texte = base64.b64decode(curseur.encode(), validate=True).decode()
        if not texte.startswith(_PREFIXE):
            raise ValueError
        position = int(texte[len(_PREFIXE) :])
        if not 0 <= position < 2**31:  # a forged huge offset would overflow the SQL OFFSET
            raise ValueError
        return position
    except (ValueError, UnicodeError):
        raise ErreurRequete("CURSEUR_INVALIDE", "Le curseur de pagination est invalide.") from None


@dataclass
class Arete:
    cursor: str
    node: Any


@dataclass
class Page_:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@dataclass
class Connexion:
    edges: list[Arete]
    page_info: Page_
    total_count: int


def paginer(elements, first: int | None = None, after: str | None = None) -> Connexion:
    """Slices a queryset (or list) into a connection; a queryset costs one query (two for a
    page past the end)."""
    if first is None:
        first = PAR_DEFAUT
    if first < 0 or first > MAXIMUM:
        raise ErreurRequete("PAGINATION_INVALIDE", f"`first` doit être compris entre 0 et {MAXIMUM}.")
    debut = decoder_curseur(after) + 1 if after else 0
    if isinstance(elements, QuerySet):
        tranche, total = _tranche_et_total(elements, debut, first)
    else:
        tranche, total = list(elements[debut : debut + first]), len(elements)
    aretes = [Arete(cursor=encoder_curseur(debut + i), node=node) for i, node in enumerate(tranche)]
    return Connexion(
        edges=aretes,
        page_info=Page_(
            has_next_page=debut + len(tranche) < total,
            has_previous_page=debut > 0,
            start_cursor=aretes[0].cursor if aretes else None,
            end_cursor=aretes[-1].cursor if aretes else None,
        ),
        total_count=total,
    )


def _tranche_et_total(elements: QuerySet, debut: int, first: int) -> tuple[list, int]:
    """The page and the total in one query: a window count over the filtered rows rides along
    with the page, instead of a COUNT(*) that repeats the same joins first. A page past the
    end (or `first: 0`) has no row to carry it: a COUNT then answers."""
    if first == 0 or elements.query.distinct or elements._fields is not None:
        # DISTINCT applies after the window, and values() rows are not models: count apart.
        total = elements.count()
        return (list(elements[debut : debut + first]) if first else []), total
    tranche = list(elements.annotate(_total_connexion=Window(Count("*")))[debut : debut + first])
    if tranche:
        return tranche, tranche[0]._total_connexion
    return [], elements.count() if debut else 0


def connection_type(node_type, nom: str) -> type[graphene.ObjectType]:
    """`<nom>Connection { edges { cursor node } pageInfo totalCount }` for a node type."""
    edge = type(
        f"{nom}Edge",
        (graphene.ObjectType,),
        {"cursor": graphene.String(required=True), "node": graphene.Field(node_type, required=True)},
    )
    return type(
        f"{nom}Connection",
        (graphene.ObjectType,),
        {
            "edges": graphene.List(graphene.NonNull(edge), required=True),
            "page_info": graphene.Field(PageInfo, required=True),
            "total_count": graphene.Int(required=True),
        },
    )
