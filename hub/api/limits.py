"""Limits at execution: page sizes, ids and offsets, grapple's unsafe arguments; the
introspection switch. Depth and cost are measured before, by `hub.api.analysis`.
"""

from __future__ import annotations

import datetime

from graphql import (
    FieldNode,
    ValidationRule,
)

from hub import formats
from hub.api.errors import ErreurRequete
from hub.api.pagination import check_offset, check_page_size

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
NO_SEARCH_FIELDS = {"images", "documents", "sites"}  # Wagtail indexes none of them (grapple crashes)
# grapple root fields that fetch one object by id.
SINGLE_BY_ID_ROOT_FIELDS = {"image", "document", "tag"}
# grapple root fields whose `id` argument goes straight to an integer primary key.
INTEGER_ID_ROOT_FIELDS = {
    "image", "document", "page", "site", "tag", "tags", "collections", "images", "documents", "pages"
}  # fmt: skip
# grapple's arguments that go to an integer primary key (Wagtail's and taggit's are 32-bit).
ID_ARGUMENTS = ("id", "parent", "ancestor", "collection")
MAX_ID = 2**31 - 1


def check_integer_id(value) -> None:
    """ID_INVALIDE unless `value` is an integer from 0 to MAX_ID (as a number or digits)."""
    text = str(value)
    if not (text.isascii() and text.isdigit() and len(text) <= 10 and int(text) <= MAX_ID):
        raise ErreurRequete(
            "ID_INVALIDE", f"Identifiant invalide : un nombre entier de 1 à {MAX_ID} est attendu."
        )


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
    - dates and date-times outside the years 1900 to 2200 are DATE_INVALIDE;
    - integer ids of grapple's fields are checked (grapple would crash on `id: "abc"`, the
      database on `id: 10**30`), and `offset` is at most GRAPHQL_MAX_OFFSET.
    """

    def resolve(self, next_, root, info, **args):
        if args:
            # An explicit null means "not given": grapple crashes on some (searchOperator: null).
            args = {name: value for name, value in args.items() if value is not None}
        if root is None and info.field_name in SINGLE_BY_ID_ROOT_FIELDS and args.get("id") is None:
            return None  # grapple's resolver crashes without an id; nothing is asked, nothing found
        if args:
            if _takes_integer_ids(root, info):
                for name in ID_ARGUMENTS:
                    if args.get(name) is not None:
                        check_integer_id(args[name])
            for value in args.values():
                if (
                    isinstance(value, datetime.date)
                    and not formats.ANNEE_MIN <= value.year <= formats.ANNEE_MAX
                ):
                    # 0001-01-01T00:00+01:00 overflows when converted to UTC for the database
                    raise ErreurRequete(
                        formats.DATE_INVALIDE,
                        f"Date hors des années {formats.ANNEE_MIN} à {formats.ANNEE_MAX}.",
                    )
            check_offset(args.get("offset"))
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


def _takes_integer_ids(root, info) -> bool:
    """grapple's root fields by id, and its lists (those with an `offset`, e.g. `children`)."""
    if root is None and info.field_name in INTEGER_ID_ROOT_FIELDS:
        return True
    definition = getattr(info.parent_type, "fields", {}).get(info.field_name)
    return definition is not None and "offset" in definition.args


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
