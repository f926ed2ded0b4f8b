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
from functools import lru_cache

from django.conf import settings
from graphene_django.settings import graphene_settings
from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    VariableNode,
    Visitor,
    parse,
    specified_rules,
    validate,
    visit,
)

from hub.api.analysis import BOUNDED_ARGUMENTS, Limits, Verdict, analyse
from hub.api.errors import ErreurRequete
from hub.api.inputs import MAX_NESTING, nesting_exceeds
from hub.api.limits import DisableIntrospection

# Documents longer than this (hand-written, rare) are parsed and validated each time, so that
# the cache's memory stays bounded whatever clients send: 512 × 20 000 characters at most.
MAX_CACHED_LENGTH = 20_000
CACHE_SIZE = 512


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


_parse_cached = lru_cache(maxsize=CACHE_SIZE)(_parse)


def parse_document(query: str) -> DocumentNode:
    """The parsed document; raises the GraphQLError of a syntax error, or of a document too
    long or too deeply nested."""
    max_tokens = settings.GRAPHQL_MAX_TOKENS
    if len(query) <= MAX_CACHED_LENGTH:
        result = _parse_cached(query, max_tokens)
    else:
        result = _parse(query, max_tokens)
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


_static_errors_cached = lru_cache(maxsize=CACHE_SIZE)(_static_errors)


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


@lru_cache(maxsize=CACHE_SIZE)
def _bounded_variables_cached(query: str) -> frozenset[str]:
    return bounded_variables(parse_document(query))


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


_verdict_cached = lru_cache(maxsize=CACHE_SIZE)(_verdict)


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
