"""What a GraphQL query selects below a field, so that lists load only what is asked.

A list resolver reads the selection once and tells the domain which relations and which large
columns to load: `parcours { articles { edges { node { slug titre } } } }` then costs two
narrow queries instead of a page of full articles with four prefetches. Fragments and inline
fragments count; `@skip`/`@include` are ignored, so a selection is never under-estimated.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import FieldNode, FragmentSpreadNode, GraphQLResolveInfo, InlineFragmentNode, SelectionSetNode


def _fields(selection_set: SelectionSetNode | None, fragments) -> Iterator[FieldNode]:
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set, fragments)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None:  # validation refuses unknown and cyclic fragments
                yield from _fields(fragment.selection_set, fragments)


def selected_fields(info: GraphQLResolveInfo, *path: str) -> set[str]:
    """Names (as in the schema) of the fields selected below the current field, after `path`:
    `selected_fields(info, "edges", "node")` for the nodes of a connection."""
    nodes = list(info.field_nodes)
    for name in path:
        nodes = [
            field
            for node in nodes
            for field in _fields(node.selection_set, info.fragments)
            if field.name.value == name
        ]
    return {field.name.value for node in nodes for field in _fields(node.selection_set, info.fragments)}
