"""GraphQL documents parsed and validated once per process, not on every request.

Parsing a document and checking it against the schema depend on its text only, never on its
variables. Front-ends send the same few operations over and over, and graphql-core spent more
time re-reading them (≈ 8 ms for `Parcours` on a 2-core machine) than resolving a small query.
Both are kept in a bounded per-process cache keyed by the text and the settings that change
the verdict. The walk of `hub.api.analysis` (depth, cost, fragments, caps) sizes lists by
`first`/`limit`, often variables: its verdict is cached per document and values of those
variables only (never the others, which may hold personal data).

Parsing is bounded too: at most GRAPHQL_MAX_TOKENS tokens (graphql-core's `max_tokens`), and
brackets nested at most `inputs.MAX_NESTING` deep (the parser recurses once per level).
"""

from __future__ import annotations

import json
import sys
import threading
from collections import OrderedDict

from django.conf import settings
from graphene_django.settings import graphene_settings
from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLArgument,
    GraphQLDirective,
    GraphQLError,
    GraphQLField,
    GraphQLNamedType,
    GraphQLSchema,
    Node,
    Source,
    Token,
    VariableNode,
    Visitor,
    parse,
    specified_rules,
    validate,
    visit,
)
from graphql.language import Location

from hub.api.analysis import BOUNDED_ARGUMENTS, Limits, Verdict, analyse
from hub.api.errors import ErreurRequete
from hub.api.inputs import MAX_NESTING, nesting_exceeds
from hub.api.limits import DisableIntrospection
from hub.sized_cache import SizedLRU, deep_size, share

# Documents longer than this (hand-written, rare) are parsed and validated each time.
MAX_CACHED_LENGTH = 20_000
# A parsed document keeps ≈ 400–740 bytes per token alive (tokens, nodes, locations: measured
# over lists, objects, arguments, strings, nesting), plus its text's slices: weighed as this
# much per token, an upper bound for every shape (tests/hub/test_documents.py checks it).
BYTES_PER_TOKEN = 800
# The walk's verdicts of one document kept at most (one per value of its size variables).
MAX_VERDICTS = 16

share(GraphQLSchema, GraphQLNamedType, GraphQLField, GraphQLDirective, GraphQLArgument)


class _Entry:
    """One document's text, its parse (or the error), and what is derived from it: its bounded
    variables, graphql-core's errors, the walk's verdicts. Weighed as one entry of the
    documents' cache (GRAPHQL_DOCUMENT_CACHE_BYTES), evicted as one."""

    __slots__ = ("result", "base_size", "derived")

    def __init__(self, query: str, result):
        self.result = result
        self.base_size = document_size(query, result) + 200
        self.derived: OrderedDict[tuple, tuple[object, int]] = OrderedDict()


documents_cache = SizedLRU(lambda: settings.GRAPHQL_DOCUMENT_CACHE_BYTES)
# Inside an entry: what the document owns is already weighed with it.
_OWNED = (Node, Token, Location, Source)


def document_size(query: str, result) -> int:
    """The bytes a cached parse keeps alive: its text, and per token an upper bound."""
    if not isinstance(result, DocumentNode) or result.loc is None:
        return deep_size((query, result))
    tokens = 0
    token = result.loc.start_token
    while token is not None:
        tokens += 1
        token = token.next
    return 2 * sys.getsizeof(query) + tokens * BYTES_PER_TOKEN


def _entry(query: str) -> _Entry | None:
    """The cache entry of a document (parsed now if unknown); None for a long one."""
    if len(query) > MAX_CACHED_LENGTH:
        return None
    max_tokens = settings.GRAPHQL_MAX_TOKENS
    key = (query, max_tokens)
    entry = documents_cache.get(key)
    if entry is None:
        entry = _Entry(query, _parse(query, max_tokens))
        documents_cache.put(key, entry, size=entry.base_size)
    return entry


def _derived(query: str, key: tuple, build):
    """`build()` for this document, kept with it (its weight added to the entry's)."""
    entry = _entry(query)
    if entry is None:
        return build()
    found = entry.derived.get(key)
    if found is not None:
        return found[0]
    value = build()
    weight = deep_size((key, value), shared=_OWNED)
    with _derived_lock:
        while len(entry.derived) >= MAX_VERDICTS:
            entry.derived.popitem(last=False)
        entry.derived[key] = (value, weight)
        total = sum(w for _v, w in entry.derived.values())
    # The entry's weight: its parse and every derived value it holds now (evicted if too heavy).
    documents_cache.resize((query, settings.GRAPHQL_MAX_TOKENS), entry, entry.base_size + total)
    return value


_derived_lock = threading.Lock()


def _too_big(message: str) -> ErreurRequete:
    return ErreurRequete("DOCUMENT_TROP_GRAND", message)


def _parse(query: str, max_tokens: int) -> DocumentNode | GraphQLError:
    if nesting_exceeds(query, graphql=True):
        return ErreurRequete(
            "PROFONDEUR_TROP_GRANDE", f"Requête trop imbriquée (au plus {MAX_NESTING} niveaux)."
        )
    try:
        return parse(query, max_tokens=max_tokens)
    except GraphQLError as error:
        if "tokens" in error.message and "Parsing aborted" in error.message:
            return _too_big(f"Requête trop longue : au plus {max_tokens} éléments (tokens).")
        return error
    except RecursionError:  # the nesting scan and the lexer disagree on a string: still refused
        return ErreurRequete("PROFONDEUR_TROP_GRANDE", "Requête trop imbriquée.")


def parse_document(query: str) -> DocumentNode:
    """The parsed document; raises the GraphQLError of a syntax error, or of a document too
    long or too deeply nested."""
    entry = _entry(query)
    result = _parse(query, settings.GRAPHQL_MAX_TOKENS) if entry is None else entry.result
    if isinstance(result, GraphQLError):
        raise result
    return result


def _static_errors(schema: GraphQLSchema, query: str, introspection: bool) -> tuple[GraphQLError, ...]:
    document = parse_document(query)
    # graphene's `validate(schema, document, rules)` replaces the standard rules: keep them.
    rules = [*specified_rules]
    if not introspection:
        rules.append(DisableIntrospection)
    return tuple(validate(schema, document, rules, graphene_settings.MAX_VALIDATION_ERRORS))


def _static_errors_cached(schema: GraphQLSchema, query: str, introspection: bool) -> tuple[GraphQLError, ...]:
    return _derived(
        query, ("static", schema, introspection), lambda: _static_errors(schema, query, introspection)
    )


def bounded_variables(document: DocumentNode) -> frozenset[str]:
    """Names of the variables given to a size, offset or id argument: the only ones the walk
    depends on."""
    names: set[str] = set()

    class _Collect(Visitor):
        def enter_argument(self, node: ArgumentNode, *_args):
            if node.name.value in BOUNDED_ARGUMENTS and isinstance(node.value, VariableNode):
                names.add(node.value.name.value)

    visit(document, _Collect())
    return frozenset(names)


def _bounded_variables_cached(query: str) -> frozenset[str]:
    return _derived(query, ("bounded",), lambda: bounded_variables(parse_document(query)))


def _limits() -> Limits:
    return Limits(
        max_depth=settings.GRAPHQL_MAX_DEPTH,
        max_cost=settings.GRAPHQL_MAX_COST,
        default_size=settings.GRAPHQL_DEFAULT_LIST_SIZE,
        max_fields=settings.GRAPHQL_MAX_FIELDS,
        max_aliases=settings.GRAPHQL_MAX_ALIASES,
    )


def _verdict(schema: GraphQLSchema, query: str, sizes: str, limits: Limits) -> Verdict:
    return analyse(schema, parse_document(query), json.loads(sizes), limits)


def _verdict_cached(schema: GraphQLSchema, query: str, sizes: str, limits: Limits) -> Verdict:
    return _derived(query, ("verdict", schema, sizes, limits), lambda: _verdict(schema, query, sizes, limits))


def verdict(schema: GraphQLSchema, query: str, document: DocumentNode, variables: dict | None) -> Verdict:
    """The walk's errors and cost, for this document and the values of its bounded variables."""
    if len(query) > MAX_CACHED_LENGTH:
        return analyse(schema, document, variables, _limits())
    values = variables if isinstance(variables, dict) else {}
    sizes = json.dumps(
        {name: values.get(name) for name in sorted(_bounded_variables_cached(query))}, default=str
    )
    return _verdict_cached(schema, query, sizes, _limits())


def validation_errors(
    schema: GraphQLSchema, query: str, document: DocumentNode, variables: dict | None
) -> list[GraphQLError]:
    """Errors of the linear walk (fragments, caps, depth, repeated mutations, cost), then of
    graphql-core's standard rules and the introspection switch."""
    walked = verdict(schema, query, document, variables)
    if walked.errors:
        return list(walked.errors)
    introspection = bool(settings.GRAPHQL_INTROSPECTION)
    if len(query) > MAX_CACHED_LENGTH:
        return list(_static_errors(schema, query, introspection))
    return list(_static_errors_cached(schema, query, introspection))


def declared_variables(query: str, operation_name: str | None, variables: dict | None) -> dict:
    """The values of the variables that the operation declares; undeclared ones are dropped."""
    from graphql import GraphQLError, get_operation_ast

    if not variables:
        return {}
    try:
        operation = get_operation_ast(parse_document(query), operation_name)
    except GraphQLError:
        return {}
    if operation is None:
        return {}
    names = {d.variable.name.value for d in operation.variable_definitions or ()}
    return {name: value for name, value in variables.items() if name in names}
