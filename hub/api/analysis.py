"""One linear walk of a GraphQL document: its depth, its cost and its shape, before it runs.

graphene's depth validator and a naive cost estimate expand every fragment spread where it
appears: a < 1 KB document of 22 fragments, each spreading the next one twice, is 2**21 paths
(seconds of CPU per request, for every worker). Here every definition (operation or fragment)
is walked once; what a fragment adds (cost, depth, root fields) is computed once per fragment,
in dependency order, and multiplied where it is spread. Unknown fragments and fragment cycles
are refused before anything else reads the document (graphql-core's standard rules run after
this walk and never meet them).

What the walk refuses, each with its code:
- FRAGMENT_INCONNU, FRAGMENT_CYCLIQUE: spreads of fragments that do not exist, or that spread
  themselves (directly or not);
- DOCUMENT_TROP_GRAND: more fields or aliases than GRAPHQL_MAX_FIELDS / GRAPHQL_MAX_ALIASES
  written in the document (tokens are capped by the parser, `hub.api.documents`);
- CARACTERE_INVALIDE: a NUL character in a string (PostgreSQL refuses them in text);
- PROFONDEUR_TROP_GRANDE: more than GRAPHQL_MAX_DEPTH nested fields (introspection fields
  excepted, as graphene's validator did);
- PAGE_TROP_GRANDE, ID_INVALIDE: page sizes and grapple's offsets over their maximum, grapple's
  integer ids out of range (the database would fail on them);
- MUTATION_REPETEE: a public mutation asked more than once in one operation (aliases);
- COUT_TROP_ELEVE: an estimated cost over GRAPHQL_MAX_COST.

Cost: each field costs 1, and what the server really does costs more — a root field is a
database query (ROOT_FIELD_COST), a full-text search (SEARCH_COST), a distance search
(DISTANCE_COST). A list multiplies what it selects by its page size (`first`/`limit`, else
the default page size), so lists of lists multiply; every alias is a field of its own, so a
root field aliased 20 times costs 20 times.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    ListValueNode,
    NullValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    StringValueNode,
    VariableNode,
    get_named_type,
)

from hub.api.errors import ErreurRequete
from hub.api.limits import ID_ARGUMENTS, INTEGER_ID_ROOT_FIELDS, check_integer_id
from hub.api.pagination import check_offset, check_page_size

# Arguments that size a list, in the order they are looked for.
SIZE_ARGUMENTS = ("first", "last", "limit", "perPage")
# Arguments whose variables the walk reads (its verdict is cached per their values).
BOUNDED_ARGUMENTS = frozenset((*SIZE_ARGUMENTS, "offset", *ID_ARGUMENTS))
ROOT_FIELD_COST = 20
SEARCH_COST = 200
DISTANCE_COST = 1000
# Costs stop growing here: the verdict is the same, and the numbers stay small.
SATURATED = 10**12


@dataclass(frozen=True)
class Limits:
    max_depth: int
    max_cost: int
    default_size: int
    max_fields: int
    max_aliases: int


@dataclass
class _Walked:
    """What one definition holds by itself, and where it spreads fragments."""

    cost: int = 0
    depth: int = 0
    roots: Counter = field(default_factory=Counter)  # fields of its top level, by name
    spreads: list[tuple[str, int, int, bool]] = field(default_factory=list)  # name, ×, depth, top


def _unwrap(type_):
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return type_


def _is_connection(type_) -> bool:
    named = get_named_type(type_)
    return isinstance(named, GraphQLObjectType) and "edges" in named.fields and "pageInfo" in named.fields


def _values(node):
    """Every value node under a field's or directive's arguments (iterative: no recursion)."""
    stack = [argument.value for argument in node.arguments or ()]
    for directive in getattr(node, "directives", None) or ():
        stack.extend(argument.value for argument in directive.arguments or ())
    while stack:
        value = stack.pop()
        yield value
        if isinstance(value, ListValueNode):
            stack.extend(value.values)
        elif isinstance(value, ObjectValueNode):
            stack.extend(f.value for f in value.fields)


def _size(node: FieldNode, variables: dict, default_size: int) -> int:
    for argument in node.arguments or ():
        if argument.name.value in SIZE_ARGUMENTS:
            value = argument.value
            raw = (
                variables.get(value.name.value)
                if isinstance(value, VariableNode)
                else getattr(value, "value", None)
            )
            if raw is None:
                return default_size
            try:
                return max(int(raw), 1)
            except (TypeError, ValueError, OverflowError):
                return default_size
    return default_size


def _surcharge(node: FieldNode) -> int:
    """What the server does beyond reading rows: full-text and distance searches."""
    total = 0
    for argument in node.arguments or ():
        name, value = argument.name.value, argument.value
        if isinstance(value, NullValueNode):
            continue
        if name == "searchQuery":
            total += SEARCH_COST
        elif name == "recherche":
            if isinstance(value, ObjectValueNode):
                given = {f.name.value for f in value.fields if not isinstance(f.value, NullValueNode)}
                total += (DISTANCE_COST if "autourDe" in given else 0) + (
                    SEARCH_COST if "texte" in given else 0
                )
            elif isinstance(value, VariableNode):
                total += DISTANCE_COST + SEARCH_COST  # unknown here: the worst case
            else:
                total += SEARCH_COST  # articles(recherche: "…")
    return total


def _given(argument, variables: dict):
    value = argument.value
    if isinstance(value, VariableNode):
        return variables.get(value.name.value)
    return getattr(value, "value", None)


def _as_int(raw) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.lstrip("-").isascii() and raw.lstrip("-").isdigit() and len(raw) < 40:
        return int(raw)
    return None


class _Walk:
    def __init__(self, schema: GraphQLSchema, variables: dict, limits: Limits):
        self.schema, self.variables, self.limits = schema, variables, limits
        self.fields = self.aliases = 0
        self.nul: FieldNode | None = None
        self.out_of_bounds: GraphQLError | None = None

    def _bounds(self, node: FieldNode, type_, definition) -> None:
        """Sizes, offsets and grapple's integer ids, refused here (HTTP 400) when written in the
        document or given as variables; `GrappleGuardMiddleware` checks them again at execution."""
        integer_ids = definition is not None and (
            "offset" in definition.args
            or (type_ is self.schema.query_type and node.name.value in INTEGER_ID_ROOT_FIELDS)
        )
        for argument in node.arguments or ():
            name = argument.name.value
            raw = _given(argument, self.variables)
            if raw is None:
                continue
            try:
                if name in ("limit", "perPage"):  # grapple's; `first` is checked by our lists' resolvers
                    check_page_size(name, _as_int(raw))
                elif name == "offset":
                    check_offset(_as_int(raw))
                elif integer_ids and name in ID_ARGUMENTS:
                    check_integer_id(raw)
            except ErreurRequete as error:
                self.out_of_bounds = ErreurRequete(error.extensions["code"], error.message, nodes=[node])
                return

    def definition(self, node, parent_type, is_root: bool) -> _Walked:
        walked = _Walked()
        # (type, selection set, multiplier, depth, at the definition's top level)
        stack = [(parent_type, node.selection_set, 1, 0, True)]
        while stack:
            type_, selection_set, multiplier, depth, top = stack.pop()
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    self._field(walked, selection, type_, multiplier, depth, top, is_root, stack)
                elif isinstance(selection, InlineFragmentNode):
                    target = type_
                    if selection.type_condition is not None:
                        target = self.schema.get_type(selection.type_condition.name.value)
                    stack.append((target, selection.selection_set, multiplier, depth, top))
                elif isinstance(selection, FragmentSpreadNode):
                    walked.spreads.append((selection.name.value, multiplier, depth, top))
        return walked

    def _field(self, walked, node: FieldNode, type_, multiplier, depth, top, is_root, stack):
        self.fields += 1
        self.aliases += node.alias is not None
        name = node.name.value
        if self.nul is None and any(
            isinstance(v, StringValueNode) and "\x00" in v.value for v in _values(node)
        ):
            self.nul = node
        if top:
            walked.roots[name] += 1
        definition = None
        if isinstance(type_, (GraphQLObjectType, GraphQLInterfaceType)):
            definition = type_.fields.get(name)
        if self.out_of_bounds is None and node.arguments:
            self._bounds(node, type_, definition)
        cost = 1 + _surcharge(node)
        if top and is_root and not name.startswith("__"):
            cost += ROOT_FIELD_COST
        walked.cost = min(SATURATED, walked.cost + multiplier * cost)
        if node.selection_set is None:
            return
        child_multiplier, child_type = multiplier, None
        if definition is not None:
            field_type = _unwrap(definition.type)
            child_type = get_named_type(field_type)
            is_edges = name == "edges" and isinstance(field_type, GraphQLList)
            if not is_edges and (isinstance(field_type, GraphQLList) or _is_connection(field_type)):
                # the connection above `edges` already counted its page size
                size = _size(node, self.variables, self.limits.default_size)
                child_multiplier = min(SATURATED, multiplier * size)
        if name.startswith("__"):
            child_depth = depth  # introspection: not counted in the depth (graphene's rule)
        else:
            child_depth = depth + 1
            walked.depth = max(walked.depth, child_depth)
        stack.append((child_type, node.selection_set, child_multiplier, child_depth, False))


def _error(code: str, message: str, node=None) -> tuple[GraphQLError, ...]:
    return (ErreurRequete(code, message, nodes=[node] if node is not None else None),)


def _refused(code: str, message: str, node=None) -> Verdict:
    return Verdict(_error(code, message, node))


@dataclass(frozen=True)
class Verdict:
    """The walk's errors (none: the document may go on to graphql-core's standard rules), and
    the estimated cost of its most expensive operation (read rate limits weigh requests by it)."""

    errors: tuple[GraphQLError, ...]
    cost: int = 0


def analyse(schema: GraphQLSchema, document: DocumentNode, variables: dict | None, limits: Limits) -> Verdict:
    variables = variables if isinstance(variables, dict) else {}
    walk = _Walk(schema, variables, limits)
    roots = {
        "query": schema.query_type,
        "mutation": schema.mutation_type,
        "subscription": schema.subscription_type,
    }
    fragments: dict[str, _Walked] = {}
    operations: list[tuple[OperationDefinitionNode, _Walked]] = []
    for node in document.definitions:
        if isinstance(node, FragmentDefinitionNode):
            if node.name.value not in fragments:  # duplicates: a standard rule refuses them
                target = schema.get_type(node.type_condition.name.value)
                is_root = target is not None and target in roots.values()  # `fragment F on Query`
                fragments[node.name.value] = walk.definition(node, target, is_root)
        elif isinstance(node, OperationDefinitionNode):
            operations.append((node, walk.definition(node, roots[node.operation.value], is_root=True)))

    if walk.fields > limits.max_fields or walk.aliases > limits.max_aliases:
        return _refused(
            "DOCUMENT_TROP_GRAND",
            f"Requête trop grande ({walk.fields} champs, {walk.aliases} alias) : au plus "
            f"{limits.max_fields} champs et {limits.max_aliases} alias par requête.",
        )
    if walk.out_of_bounds is not None:
        return Verdict((walk.out_of_bounds,))
    if walk.nul is not None:
        return _refused("CARACTERE_INVALIDE", "Le caractère NUL (\\u0000) n'est pas accepté.", walk.nul)
    every = [*fragments.values(), *(walked for _, walked in operations)]
    unknown = sorted({s[0] for walked in every for s in walked.spreads if s[0] not in fragments})
    if unknown:
        return _refused("FRAGMENT_INCONNU", f"Fragment inconnu : « {unknown[0]} ».")

    # Fragments in dependency order (Kahn): a fragment is resolved once all it spreads are.
    waiting = {name: {s[0] for s in walked.spreads} for name, walked in fragments.items()}
    spread_by: dict[str, list[str]] = {}
    for name, needs in waiting.items():
        for needed in needs:
            spread_by.setdefault(needed, []).append(name)
    ready = [name for name, needs in waiting.items() if not needs]
    resolved: dict[str, _Walked] = {}
    while ready:
        name = ready.pop()
        resolved[name] = _resolve(fragments[name], resolved)
        for dependent in spread_by.get(name, ()):
            waiting[dependent].discard(name)
            if not waiting[dependent]:
                ready.append(dependent)
    if len(resolved) < len(fragments):
        cyclic = sorted(set(fragments) - set(resolved))
        return _refused(
            "FRAGMENT_CYCLIQUE", f"Fragments qui se contiennent eux-mêmes : {', '.join(cyclic[:5])}."
        )

    errors: list[GraphQLError] = []
    highest = 0
    for node, walked in operations:
        total = _resolve(walked, resolved)
        highest = max(highest, total.cost)
        if total.depth > limits.max_depth:
            errors += _error(
                "PROFONDEUR_TROP_GRANDE",
                f"Requête trop imbriquée (profondeur {total.depth} > {limits.max_depth}).",
                node,
            )
        elif node.operation.value == "mutation" and (
            repeated := sorted(n for n, c in total.roots.items() if c > 1 and not n.startswith("__"))
        ):
            errors += _error("MUTATION_REPETEE", f"Une seule « {repeated[0]} » par requête.", node)
        elif total.cost > limits.max_cost:
            shown = f"{total.cost}" if total.cost < SATURATED else f"plus de {SATURATED}"
            errors += _error(
                "COUT_TROP_ELEVE",
                f"Requête trop coûteuse ({shown} > {limits.max_cost}) : demandez moins d'éléments "
                "ou moins de champs imbriqués.",
                node,
            )
    return Verdict(tuple(errors), highest)


def _resolve(walked: _Walked, resolved: dict[str, _Walked]) -> _Walked:
    """A definition with the fragments it spreads (all already resolved) added in."""
    total = _Walked(cost=walked.cost, depth=walked.depth, roots=Counter(walked.roots))
    for name, multiplier, depth, top in walked.spreads:
        fragment = resolved[name]
        total.cost = min(SATURATED, total.cost + multiplier * fragment.cost)
        total.depth = max(total.depth, depth + fragment.depth)
        if top:
            for root, count in fragment.roots.items():
                total.roots[root] = min(2, total.roots[root] + count)  # only "more than once" matters
    return total
