"""Caching of public content responses.

A response is cached under (operation, variables, today's date in Paris, content generation).
Every publish, unpublish, save or delete of content advances the generation, so a change is
visible at once without purging keys one by one; stale entries simply expire.
"""

from __future__ import annotations

import hashlib
import json
import time

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

GENERATION_KEY = "graphql:generation"

# Apps whose models are public content; any change to them advances the generation.
CONTENT_APPS = {"contenus", "annuaire", "wagtailcore", "wagtailimages", "wagtaildocs", "taggit"}
# Models of those apps that are bookkeeping, not content.
IGNORED_MODELS = {
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.pagesubscription",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailimages.rendition",
    "wagtailcore.referenceindex",
    "wagtailcore.uploadedfile",
    "annuaire.lienmodification",
    "annuaire.modificationproposee",
}
# Content models living in other apps (the EPDS questionnaire and its resources are content;
# submissions and cases are not). Domains add their labels here.
EXTRA_CONTENT_MODELS: set[str] = set()


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Start from the clock, never from 1: if the key is lost (eviction, a Redis restart),
        # the new generation is still newer than every entry cached before.
        cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
        value = cache.get(GENERATION_KEY)
    return int(value)


def advance_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # lost: restart from the clock
        cache.set(GENERATION_KEY, time.time_ns() // 1000, timeout=None)


def is_content(model) -> bool:
    label = model._meta.label_lower
    if label in IGNORED_MODELS:
        return False
    return model._meta.app_label in CONTENT_APPS or label in EXTRA_CONTENT_MODELS


def _on_change(sender, **kwargs):
    if is_content(sender):
        advance_generation()


def connect_signals() -> None:
    post_save.connect(_on_change, dispatch_uid="hub.api.cache.save")
    post_delete.connect(_on_change, dispatch_uid="hub.api.cache.delete")


def response_key(query: str, variables: dict | None, operation_name: str | None) -> str:
    today = timezone.localdate().isoformat()  # "today" in Europe/Paris: parcours depends on it
    digest = hashlib.sha256(
        json.dumps([query, variables or {}, operation_name, today], sort_keys=True, default=str).encode()
    ).hexdigest()
    return f"graphql:r:{generation()}:{digest}"


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


_MISSING = object()


def memo(key: str, build, timeout: int = 300):
    """`build()`, kept in the cache until the content changes (the generation is in the key).

    For reference content read on hot paths (a partner, the questionnaire's scale, the
    resources): one cache read instead of several queries. None is cached too.
    """
    # hashed: keys hold client input (a partner slug), which must not shape the cache key
    full_key = f"memo:{generation()}:{hashlib.sha256(key.encode()).hexdigest()}"
    found = cache.get(full_key, _MISSING)
    if found is not _MISSING:
        return found
    value = build()
    cache.set(full_key, value, timeout=timeout)
    return value
