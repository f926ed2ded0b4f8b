"""Relay connections for long lists (contract: `first` default 20, max 100, `after`, totalCount).

The cursor is an opaque base64 offset. `PageInfo` is graphene's relay type, shared by every
domain so that the schema holds one `PageInfo`.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import graphene
from django.conf import settings
from django.db.models import Count, QuerySet, Window
from graphene.relay import PageInfo

from hub.api.errors import ErreurRequete

DEFAULT_SIZE = 20
_PREFIX = "offset:"


def check_page_size(name: str, size: int | None) -> None:
    """The one page-size rule of every list, ours (`first`) and grapple's (`limit`, `perPage`)."""
    maximum = settings.GRAPHQL_MAX_PAGE_SIZE
    if isinstance(size, int) and not 0 <= size <= maximum:
        raise ErreurRequete("PAGE_TROP_GRANDE", f"« {name} » doit être compris entre 0 et {maximum}.")


def check_offset(offset: int | None) -> None:
    """grapple's `offset`: a huge one would reach the database (an OFFSET it refuses or scans)."""
    maximum = settings.GRAPHQL_MAX_OFFSET
    if isinstance(offset, int) and not 0 <= offset <= maximum:
        raise ErreurRequete("PAGE_TROP_GRANDE", f"« offset » doit être compris entre 0 et {maximum}.")


def encode_cursor(position: int) -> str:
    return base64.b64encode(f"{_PREFIX}{position}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
        if not text.startswith(_PREFIX):
            raise ValueError
        position = int(text[len(_PREFIX) :])
        if not 0 <= position < 2**31:  # a forged huge offset would overflow the SQL OFFSET
            raise ValueError
        return position
    except (ValueError, UnicodeError):
        raise ErreurRequete("CURSEUR_INVALIDE", "Le curseur de pagination est invalide.") from None


@dataclass
class Edge:
    cursor: str
    node: Any


@dataclass
class PageInfoData:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@dataclass
class Connection:
    edges: list[Edge]
    page_info: PageInfoData
    total_count: int


def paginate(elements, first: int | None = None, after: str | None = None) -> Connection:
    """Slices a queryset (or list) into a connection; a queryset costs one query (two for a
    page past the end)."""
    if first is None:
        first = DEFAULT_SIZE
    check_page_size("first", first)
    start = decode_cursor(after) + 1 if after else 0
    if isinstance(elements, QuerySet):
        rows, total = _rows_and_total(elements, start, first)
    else:
        rows, total = list(elements[start : start + first]), len(elements)
    edges = [Edge(cursor=encode_cursor(start + i), node=node) for i, node in enumerate(rows)]
    return Connection(
        edges=edges,
        page_info=PageInfoData(
            has_next_page=start + len(rows) < total,
            has_previous_page=start > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total,
    )


def _rows_and_total(elements: QuerySet, start: int, first: int) -> tuple[list, int]:
    """The page and the total in one query: a window count over the filtered rows rides along
    with the page, instead of a COUNT(*) that repeats the same joins first. A page past the
    end (or `first: 0`) has no row to carry it: a COUNT then answers."""
    if first == 0 or elements.query.distinct or elements._fields is not None:
        # DISTINCT applies after the window, and values() rows are not models: count apart.
        total = elements.count()
        return (list(elements[start : start + first]) if first else []), total
    rows = list(elements.annotate(_connection_total=Window(Count("*")))[start : start + first])
    if rows:
        return rows, rows[0]._connection_total
    return [], elements.count() if start else 0


def connection_type(node_type, name: str) -> type[graphene.ObjectType]:
    """`<name>Connection { edges { cursor node } pageInfo totalCount }` for a node type."""
    edge = type(
        f"{name}Edge",
        (graphene.ObjectType,),
        {"cursor": graphene.String(required=True), "node": graphene.Field(node_type, required=True)},
    )
    return type(
        f"{name}Connection",
        (graphene.ObjectType,),
        {
            "edges": graphene.List(graphene.NonNull(edge), required=True),
            "page_info": graphene.Field(PageInfo, required=True),
            "total_count": graphene.Int(required=True),
        },
    )
