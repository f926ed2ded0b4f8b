"""GraphQL documents parsed and validated once per process, not on every request.

Parsing a document and checking it against the schema depend on its text only, never on its
variables. Front-ends send the same few operations over and over, and graphql-core spent more
time re-reading them (≈ 8 ms for `Parcours` on a 2-core machine) than resolving a small query.
Both are kept in a bounded per-process cache keyed by the text and the settings that change
the verdict. The cost limit sizes lists by `first`/`limit`, often variables: its verdict is
cached per document and values of those variables only (never the others, which may hold
personal data).
"""

from __future__ import annotations

import json
from functools import lru_cache

from django.conf import settings
from graphene.validation import depth_limit_validator
from graphene_django.settings import graphene_settings
from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse, specified_rules, validate

from hub.api.limits import DisableIntrospection, cost_errors, size_variables

# Documents longer than this (hand-written, rare) are parsed and validated each time, so that
# the cache's memory stays bounded whatever clients send: 512 × 20 000 characters at most.
MAX_CACHED_LENGTH = 20_000
CACHE_SIZE = 512


def _parse(query: str) -> DocumentNode | GraphQLError:
    try:
        return parse(query)
    except GraphQLError as error:
        return error


_parse_cached = lru_cache(maxsize=CACHE_SIZE)(_parse)


def parse_document(query: str) -> DocumentNode:
    """The parsed document; raises the GraphQLError of a syntax error."""
    result = _parse_cached(query) if len(query) <= MAX_CACHED_LENGTH else _parse(query)
    if isinstance(result, GraphQLError):
        raise result
    return result


def _static_rules(max_depth: int, introspection: bool) -> list:
    # graphene's `validate(schema, document, rules)` replaces the standard rules: keep them.
    rules = [*specified_rules, depth_limit_validator(max_depth=max_depth)]
    if not introspection:
        rules.append(DisableIntrospection)
    return rules


def _static_errors(
    schema: GraphQLSchema, query: str, max_depth: int, introspection: bool
) -> tuple[GraphQLError, ...]:
    document = parse_document(query)
    rules = _static_rules(max_depth, introspection)
    return tuple(validate(schema, document, rules, graphene_settings.MAX_VALIDATION_ERRORS))


_static_errors_cached = lru_cache(maxsize=CACHE_SIZE)(_static_errors)


def _cost_errors(
    schema: GraphQLSchema, query: str, sizes: str, max_cost: int, default_size: int
) -> tuple[GraphQLError, ...]:
    return tuple(cost_errors(schema, parse_document(query), json.loads(sizes), max_cost, default_size))


@lru_cache(maxsize=CACHE_SIZE)
def _size_variables_cached(query: str) -> frozenset[str]:
    return size_variables(parse_document(query))


_cost_errors_cached = lru_cache(maxsize=CACHE_SIZE)(_cost_errors)


def validation_errors(
    schema: GraphQLSchema, query: str, document: DocumentNode, variables: dict | None
) -> list[GraphQLError]:
    """Errors of the standard rules, depth and introspection, then of the cost limit, whose
    verdict depends on the document and the values of its size variables (`first: $first`)."""
    if len(query) > MAX_CACHED_LENGTH:
        return list(
            _static_errors(schema, query, settings.GRAPHQL_MAX_DEPTH, bool(settings.GRAPHQL_INTROSPECTION))
            or cost_errors(
                schema, document, variables, settings.GRAPHQL_MAX_COST, settings.GRAPHQL_DEFAULT_LIST_SIZE
            )
        )
    static = _static_errors_cached(
        schema, query, settings.GRAPHQL_MAX_DEPTH, bool(settings.GRAPHQL_INTROSPECTION)
    )
    if static:
        return list(static)
    values = variables if isinstance(variables, dict) else {}
    sizes = json.dumps(
        {name: values.get(name) for name in sorted(_size_variables_cached(query))}, default=str
    )
    return list(
        _cost_errors_cached(
            schema, query, sizes, settings.GRAPHQL_MAX_COST, settings.GRAPHQL_DEFAULT_LIST_SIZE
        )
    )
