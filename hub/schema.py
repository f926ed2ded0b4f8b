"""The assembled GraphQL schema: grapple's generic fields plus each domain's fields.

Domains register their query and mutation mixins through Wagtail hooks
(`register_schema_query`, `register_schema_mutation`) in their `wagtail_hooks.py`.
"""

from grapple.schema import schema  # noqa: F401
