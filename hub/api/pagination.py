"""Relay connections for long lists (contract: `first` default 20, max 100, `after`, totalCount).

Cursors are opaque (base64). A queryset page is read by keyset: the cursor holds the sort key
of its row (every `order_by` value, the id last), and the next page starts with the rows after
it in that order — a page after 5 000 items costs what the first page costs, instead of an
OFFSET that reads and drops 5 000 rows. A cursor also holds its position (`hasPreviousPage`).
Offset cursors (`offset:<n>`, the former format, and lists that are not querysets) are still
read.

`totalCount` is computed only when a query asks for it, in a COUNT of its own (no window
function riding along with every page, which spilled to disk on large lists), kept in the
cache until the content changes: the same filters cost one count per content generation.
`hasNextPage` comes from one extra row of the page, never from the count.

`PageInfo` is graphene's relay type, shared by every domain so that the schema holds one
`PageInfo`.
"""

from __future__ import annotations

import base64
import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import graphene
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from graphene.relay import PageInfo

from hub.api.errors import ErreurRequete

DEFAULT_SIZE = 20
_PREFIX = "offset:"
_KEYSET = "keyset:"
_MAX_CURSOR = 1_000  # characters: a cursor holds a few sort values
_KEY_PREFIX = "_cle_tri_"


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


def _invalid() -> ErreurRequete:
    return ErreurRequete("CURSEUR_INVALIDE", "Le curseur de pagination est invalide.")


def encode_cursor(position: int) -> str:
    return base64.b64encode(f"{_PREFIX}{position}".encode()).decode()


def _encode_keyset(position: int, key: list) -> str:
    text = _KEYSET + json.dumps([position, key], separators=(",", ":"), default=_plain)
    return base64.urlsafe_b64encode(text.encode()).decode()


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)


@dataclass
class _Position:
    position: int  # the index of the cursor's row in the whole list
    key: list | None = None  # its sort key (keyset cursors)


def _decode(cursor: str) -> _Position:
    if not isinstance(cursor, str) or len(cursor) > _MAX_CURSOR:
        raise _invalid()
    try:
        text = base64.b64decode(cursor.encode(), altchars=b"-_", validate=True).decode()
        if text.startswith(_PREFIX):
            position = int(text[len(_PREFIX) :])
            key = None
        elif text.startswith(_KEYSET):
            position, key = json.loads(text[len(_KEYSET) :])
            if not isinstance(key, list) or not key:
                raise ValueError
            if not all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in key):
                raise ValueError
        else:
            raise ValueError
        if not isinstance(position, int) or not 0 <= position < 2**31:  # a forged huge OFFSET
            raise ValueError
        return _Position(position, key)
    except (ValueError, UnicodeError, TypeError):
        raise _invalid() from None


def decode_cursor(cursor: str) -> int:
    """The position a cursor stands for (offset and keyset cursors alike)."""
    return _decode(cursor).position


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


class Connection:
    """A page: its edges, its pageInfo, and the total (counted on first read only)."""

    def __init__(self, edges: list[Edge], page_info: PageInfoData, total_count):
        self.edges = edges
        self.page_info = page_info
        self._total = total_count

    def with_nodes(self, nodes: dict) -> Connection:
        """The same page with each node replaced by `nodes[node.pk]`; an edge whose node is not
        in `nodes` leaves the page. A new connection: a page kept in a memo stays as it is."""
        edges = [Edge(e.cursor, nodes[e.node.pk]) for e in self.edges if e.node.pk in nodes]
        return Connection(edges, self.page_info, self._total)

    @property
    def total_count(self) -> int:
        if callable(self._total):
            self._total = self._total()
        return self._total


def _ordering(elements: QuerySet) -> list[tuple[str, bool]] | None:
    """(field or annotation, descending) of the queryset's order, the id last; None when a
    keyset cannot follow it (expressions, random order, DISTINCT, values() rows)."""
    if elements.query.distinct or elements._fields is not None or not elements.query.order_by:
        return None
    order: list[tuple[str, bool]] = []
    for term in elements.query.order_by:
        if not isinstance(term, str) or term == "?" or "__" in term.lstrip("-"):
            return None
        name = term.lstrip("-")
        order.append(
            ("pk" if name in ("pk", "id", elements.model._meta.pk.attname) else name, term.startswith("-"))
        )
    if not order or order[-1][0] != "pk":  # the id makes the order total: no tie between rows
        return None
    return order


def _after(elements: QuerySet, order: list[tuple[str, bool]], key: list) -> QuerySet:
    """The rows after `key` in `order`: (a > x) or (a = x and b > y) or …"""
    if len(key) != len(order):
        raise _invalid()
    condition = Q()
    for index, (_name, descending) in enumerate(order):
        step = Q(**{f"{_KEY_PREFIX}{index}__{'lt' if descending else 'gt'}": key[index]})
        for before in range(index):
            step &= Q(**{f"{_KEY_PREFIX}{before}": key[before]})
        condition |= step
    try:
        return elements.filter(condition)
    except (ValueError, TypeError, ValidationError):
        raise _invalid() from None


def _counter(elements):
    if not isinstance(elements, QuerySet):
        return lambda: len(elements)

    def count() -> int:
        from hub.api.cache import memo

        try:
            sql, params = elements.query.sql_with_params()
        except Exception:  # noqa: BLE001 - an empty IN or the like: counted without the cache
            return elements.count()
        return memo(f"pagination:total:{sql}:{params!r}", elements.count)

    return count


def paginate(elements, first: int | None = None, after: str | None = None) -> Connection:
    """Slices a queryset (or list) into a connection: one query for the page (its rows after
    the cursor's, one more to know whether a next page exists); totalCount, when asked, one
    COUNT per content generation."""
    if first is None:
        first = DEFAULT_SIZE
    check_page_size("first", first)
    cursor = _decode(after) if after else None
    start = cursor.position + 1 if cursor else 0
    order = _ordering(elements) if isinstance(elements, QuerySet) else None
    if order is not None:
        keyed = elements.annotate(**{f"{_KEY_PREFIX}{i}": F(name) for i, (name, _d) in enumerate(order)})
        if cursor is not None and cursor.key is not None:
            keyed = _after(keyed, order, cursor.key)
            rows = list(keyed[: first + 1]) if first else []
        else:
            rows = list(keyed[start : start + first + 1]) if first else []
    else:
        rows = list(elements[start : start + first + 1]) if first else []
    more = len(rows) > first
    rows = rows[:first]

    def cursor_of(index: int, node) -> str:
        if order is not None:
            key = [getattr(node, f"{_KEY_PREFIX}{i}") for i in range(len(order))]
            if None not in key:
                return _encode_keyset(start + index, key)
        return encode_cursor(start + index)

    edges = [Edge(cursor=cursor_of(i, node), node=node) for i, node in enumerate(rows)]
    total = _counter(elements)
    if first == 0:
        more = total() > start  # nothing shown: is there anything after the cursor?
    elif not more and not (cursor and cursor.key) and (rows or not start):
        total = start + len(rows)  # the last page, reached by position: the total is known
    return Connection(
        edges=edges,
        page_info=PageInfoData(
            has_next_page=more,
            has_previous_page=start > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total,
    )


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
