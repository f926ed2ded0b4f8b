"""Limits on every GraphQL request: cost (complexity), page sizes, grapple's unsafe arguments.

The depth limit is graphene's own validator; this module adds what graphene lacks. Both are
applied, and their verdicts cached per document, by `hub.api.documents`.
"""

from __future__ import annotations

from graphql import (
    ArgumentNode,
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
    GraphQLUnionType,
    InlineFragmentNode,
    OperationDefinitionNode,
    ValidationRule,
    VariableNode,
    Visitor,
    get_named_type,
    visit,
)

from hub.api.errors import ErreurRequete
from hub.api.pagination import check_page_size

# Arguments that size a list, in the order they are looked for.
SIZE_ARGUMENTS = ("first", "last", "limit", "perPage")


def _unwrap(type_):
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return type_


def _argument_value(node: FieldNode, names, variables):
    for argument in node.arguments or ():
        if argument.name.value in names:
            value = argument.value
            if isinstance(value, VariableNode):
                return (variables or {}).get(value.name.value)
            return getattr(value, "value", None)
    return None


def _is_connection(type_) -> bool:
    named = get_named_type(type_)
    return isinstance(named, GraphQLObjectType) and "edges" in named.fields and "pageInfo" in named.fields


def size_variables(document: DocumentNode) -> frozenset[str]:
    """Names of the variables given to a size argument: the only ones the cost depends on."""
    names: set[str] = set()

    class _Collect(Visitor):
        def enter_argument(self, node: ArgumentNode, *_args):
            if node.name.value in SIZE_ARGUMENTS and isinstance(node.value, VariableNode):
                names.add(node.value.name.value)

    visit(document, _Collect())
    return frozenset(names)


def cost_errors(
    schema: GraphQLSchema, document: DocumentNode, variables: dict | None, max_cost: int, default_size: int
) -> list[GraphQLError]:
    """COUT_TROP_ELEVE for each operation whose estimated cost exceeds `max_cost`
    (GRAPHQL_MAX_COST); lists without a size argument count `default_size` elements.

    Cost: one per field; a list multiplies its selection by its page size (the `first`/`limit`
    argument, else the default page size), so `articles(first: 100) { etapes { … } }` counts
    100 × the cost of an article. Runs on documents that passed validation.
    """
    estimate = _Cost(schema, document, variables, default_size)
    errors: list[GraphQLError] = []
    for node in document.definitions:
        if not isinstance(node, OperationDefinitionNode):
            continue
        root = {
            "query": schema.query_type,
            "mutation": schema.mutation_type,
            "subscription": schema.subscription_type,
        }[node.operation.value]
        cost = estimate.selection(root, node.selection_set, frozenset())
        if cost > max_cost:
            errors.append(
                ErreurRequete(
                    "COUT_TROP_ELEVE",
                    f"Requête trop coûteuse ({cost} > {max_cost}) : demandez moins d'éléments "
                    "ou moins de champs imbriqués.",
                    nodes=[node],
                )
            )
    return errors


class _Cost:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables, default_size: int):
        self.schema = schema
        self.variables = variables
        self.default_size = default_size
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    def selection(self, parent_type, selection_set, visiting: frozenset[str]) -> int:
        if selection_set is None or parent_type is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(parent_type, selection, visiting)
            elif isinstance(selection, InlineFragmentNode):
                target = parent_type
                if selection.type_condition is not None:
                    target = self.schema.get_type(selection.type_condition.name.value) or parent_type
                total += self.selection(target, selection.selection_set, visiting)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in visiting:
                    continue
                target = self.schema.get_type(fragment.type_condition.name.value) or parent_type
                total += self.selection(target, fragment.selection_set, visiting | {name})
        return total

    def field(self, parent_type, node: FieldNode, visiting: frozenset[str]) -> int:
        if not isinstance(parent_type, (GraphQLObjectType, GraphQLInterfaceType)):
            return 1
        field = parent_type.fields.get(node.name.value)
        if field is None:
            return 1
        field_type = _unwrap(field.type)
        child_type = get_named_type(field_type)
        if isinstance(child_type, GraphQLUnionType):
            child_type = None
        children = self.selection(child_type, node.selection_set, visiting)
        if node.name.value == "edges" and isinstance(field_type, GraphQLList):
            return 1 + children  # the connection above already counted its page size
        if isinstance(field_type, GraphQLList) or _is_connection(field_type):
            size = _argument_value(node, SIZE_ARGUMENTS, self.variables)
            try:
                size = int(size) if size is not None else self.default_size
            except (TypeError, ValueError):
                size = self.default_size
            return 1 + max(size, 1) * children
        return 1 + children


# grapple's `order` argument reaches Django's order_by unchecked: only these are accepted.
ALLOWED_ORDER_TERMS = {
    "id",
    "title",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "created_at",
    "path",
    "name",
    "slug",
}


# grapple's search on media lists fails on this Wagtail version (filter on an unindexed field).
NO_SEARCH_FIELDS = {"images", "documents"}
# grapple root fields that fetch one object by id.
SINGLE_BY_ID_ROOT_FIELDS = {"image", "document", "tag"}
# grapple root fields whose `id` argument goes straight to an integer primary key.
INTEGER_ID_ROOT_FIELDS = {
    "image", "document", "page", "site", "tag", "tags", "collections", "images", "documents", "pages"
}  # fmt: skip


def _is_page_type(content_type: str) -> bool:
    """grapple splits `contentType` on "." and crashes on anything else: accept page models only."""
    from django.apps import apps
    from wagtail.models import Page

    for name in str(content_type).split(","):
        try:
            model = apps.get_model(name.strip())
        except (LookupError, ValueError):
            return False
        if not issubclass(model, Page):
            return False
    return True


class GrappleGuardMiddleware:
    """Graphene middleware closing grapple's unsafe defaults on its generic fields.

    - `order`: each term must be in ALLOWED_ORDER_TERMS (optionally prefixed by `-`);
    - `limit`/`perPage` above GRAPHQL_MAX_PAGE_SIZE are refused with PAGE_TROP_GRANDE;
    - `snippets` lists only published snippets (grapple lists drafts too);
    - explicit nulls are treated as absent arguments;
    - integer ids of grapple's root fields are checked (grapple would crash on `id: "abc"`).
    """

    def resolve(self, next_, root, info, **args):
        if args:
            # An explicit null means "not given": grapple crashes on some (searchOperator: null).
            args = {name: value for name, value in args.items() if value is not None}
        if root is None and info.field_name in SINGLE_BY_ID_ROOT_FIELDS and args.get("id") is None:
            return None  # grapple's resolver crashes without an id; nothing is asked, nothing found
        if args:
            if root is None and info.field_name in INTEGER_ID_ROOT_FIELDS and args.get("id") is not None:
                if not str(args["id"]).isdigit():
                    raise ErreurRequete("ID_INVALIDE", "Identifiant invalide : un nombre entier est attendu.")
            content_type = args.get("content_type")
            if content_type is not None and not _is_page_type(content_type):
                raise ErreurRequete("TYPE_INCONNU", "Type de page inconnu : « app.Modele » attendu.")
            if info.field_name in NO_SEARCH_FIELDS and "search_query" in args:
                raise ErreurRequete(
                    "RECHERCHE_NON_DISPONIBLE", "La recherche n'est pas disponible sur ce champ."
                )
            order = args.get("order")
            if order is not None:
                for term in str(order).split(","):
                    if term.strip().lstrip("-") not in ALLOWED_ORDER_TERMS:
                        raise ErreurRequete("TRI_NON_AUTORISE", f"Tri non autorisé : « {term.strip()} ».")
            for name in ("limit", "perPage"):
                check_page_size(name, args.get(name))
        result = next_(root, info, **args)
        if root is None and info.field_name == "snippets" and info.parent_type.name == "Query":
            return [s for s in result if est_publie(s)]
        return result


def est_publie(objet) -> bool:
    """Published, whichever flag the model has: Wagtail's `live` (draft state), or `publie`
    (the EPDS questionnaire's versions); a model without either has no drafts."""
    for drapeau in ("live", "publie"):
        if hasattr(objet, drapeau):
            return bool(getattr(objet, drapeau))
    return True


class DisableIntrospection(ValidationRule):
    """Refuses `__schema` and `__type` when introspection is off.

    graphene's own rule refuses every field starting with "__", `__typename` included, which
    Apollo and Relay clients add to every selection: they would all break in production.
    """

    def enter_field(self, node: FieldNode, *_args):
        if node.name.value in ("__schema", "__type"):
            self.report_error(
                ErreurRequete("INTROSPECTION_DESACTIVEE", "L'introspection est désactivée.", nodes=[node])
            )
