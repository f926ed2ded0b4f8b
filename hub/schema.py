"""The assembled GraphQL schema: grapple's generic fields plus each domain's fields.

Domains register their query and mutation mixins through Wagtail hooks
(`register_schema_query`, `register_schema_mutation`) in their `wagtail_hooks.py`; grapple
registers its generic ones the same way. This module assembles them as grapple's
`create_schema` does, minus grapple's `search` field: it searches every indexed model of the
registered apps, drafts included, and crashes on an empty query. Domains offer their own search.
"""

import graphene
from grapple.registry import registry
from grapple.settings import grapple_settings
from grapple.types.redirects import RedirectsQuery
from wagtail import hooks

# Root fields of grapple that the hub does not expose.
REMOVED_ROOT_FIELDS = {"search"}
# Fields of Wagtail's pages that describe drafts and editors' work, not published content:
# a public client never sees them (`lastPublishedAt` and `firstPublishedAt` stay).
DRAFT_FIELDS = {
    "draftTitle",
    "hasUnpublishedChanges",
    "latestRevisionCreatedAt",
    "latestRevision",
    "locked",
    "lockedAt",
    "lockedBy",
    "goLiveAt",
    # lists of aliases and the aliased page: grapple returns them unpublished ones included
    "aliases",
    "aliasOf",
}


class PublicRedirectsQuery(RedirectsQuery):
    """grapple's `redirects`, minus those leading to a page the public may not see (never
    published, unpublished, or under a view restriction): their `page` and `newUrl` would
    reveal it."""

    def resolve_redirects(self, info, **kwargs):
        from wagtail.models import Page

        redirects = RedirectsQuery.resolve_redirects(self, info, **kwargs)
        page_ids = {r.redirect_page_id for r in redirects if r.redirect_page_id is not None}
        public = set(Page.objects.filter(pk__in=page_ids).live().public().values_list("pk", flat=True))
        return [r for r in redirects if r.redirect_page_id is None or r.redirect_page_id in public]


def _mixins(hook_name):
    mixins = []
    for register in hooks.get_hooks(hook_name):
        register(mixins)
    mixins = [PublicRedirectsQuery if m is RedirectsQuery else m for m in mixins]
    return [m for m in mixins if not REMOVED_ROOT_FIELDS & set(vars(m))]


def _hide_draft_fields(schema: graphene.Schema) -> None:
    """Removes DRAFT_FIELDS from every type and interface of the built schema (grapple builds
    page types from every model field; it has no setting to leave some out)."""
    from graphql import GraphQLInterfaceType, GraphQLObjectType

    for type_ in schema.graphql_schema.type_map.values():
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType) and not type_.name.startswith("__"):
            for name in DRAFT_FIELDS & set(type_.fields):
                del type_.fields[name]
            if (
                isinstance(type_, GraphQLObjectType)
                and "parent" in type_.fields
                and "urlPath" in type_.fields
            ):
                type_.fields["parent"].resolve = _public_parent(type_.fields["parent"].resolve)


def _public_parent(resolve):
    """grapple's `parent` returns the parent page whatever its state: none when it is not live
    (a section back to draft above a published page). A restriction on the parent restricts
    the page itself, which the public then never reaches."""
    from graphql import default_field_resolver

    resolve = resolve or default_field_resolver

    def resolve_public_parent(root, info, **args):
        parent = resolve(root, info, **args)
        return parent if getattr(parent, "live", False) else None

    return resolve_public_parent


def create_schema() -> graphene.Schema:
    query_mixins = _mixins("register_schema_query")
    if graphene.ObjectType not in query_mixins:
        query_mixins.append(graphene.ObjectType)
    Query = type("Query", tuple(query_mixins), {})
    mutation_mixins = _mixins("register_schema_mutation")
    Mutation = type("Mutation", (*mutation_mixins, graphene.ObjectType), {}) if mutation_mixins else None
    built = graphene.Schema(
        query=Query,
        mutation=Mutation,
        types=list(registry.models.values()),
        auto_camelcase=grapple_settings.AUTO_CAMELCASE,
    )
    _hide_draft_fields(built)
    return built


schema = create_schema()
