"""Persisted queries: the documented operations of graphql/operations/, registered by hash.

A client may send only `extensions.persistedQuery.sha256Hash` (Apollo's automatic persisted
queries format), by POST or by GET so that a CDN can cache the answer. With
GRAPHQL_PERSISTED_ONLY on, production accepts registered operations only.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings

from hub.empreintes import sha256

OPERATIONS_DIR = Path(settings.BASE_DIR) / "graphql" / "operations"


@lru_cache(maxsize=1)
def registry() -> dict[str, str]:
    """hash → query text, for every file of graphql/operations/."""
    return {
        sha256(path.read_text(encoding="utf-8")): path.read_text(encoding="utf-8")
        for path in sorted(OPERATIONS_DIR.glob("*.graphql"))
    }


def lookup(query_hash: str) -> str | None:
    return registry().get(query_hash)


def is_registered(query: str) -> bool:
    return sha256(query) in registry()
