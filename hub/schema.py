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
from wagtail import hooks

# Root fields of grapple that the hub does not expose.
REMOVED_ROOT_FIELDS = {"search"}


def _mixins(hook_name):
    mixins = []
    for register in hooks.get_hooks(hook_name):
        register(mixins)
    return [m for m in mixins if not REMOVED_ROOT_FIELDS & set(vars(m))]


def create_schema() -> graphene.Schema:
    query_mixins = _mixins("register_schema_query")
    if graphene.ObjectType not in query_mixins:
        query_mixins.append(graphene.ObjectType)
    Query = type("Query", tuple(query_mixins), {})
    mutation_mixins = _mixins("register_schema_mutation")
    Mutation = type("Mutation", (*mutation_mixins, graphene.ObjectType), {}) if mutation_mixins else None
    return graphene.Schema(
        query=Query,
        mutation=Mutation,
        types=list(registry.models.values()),
        auto_camelcase=grapple_settings.AUTO_CAMELCASE,
    )


schema = create_schema()
