"""Caching of public content responses.

A response is cached under (operation, variables, today's date in Paris) with the content
generation it was computed in. Every publish, unpublish, save or delete of content advances
the generation, so a change is visible without purging keys one by one: an entry of an older
generation is a miss, and is replaced or expires. Which models are content: each app's
`AppConfig` declares it (`hub.registry`).

Each process trusts the generation it last read for GRAPHQL_GENERATION_CHECK_SECONDS (0.5 s)
and keeps the responses it served last (GRAPHQL_LOCAL_CACHE_BYTES): a cached answer then costs
no round trip to the shared cache, a change made in another process reaches this one within
that half second, and one made in this process at once.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, ForeignObjectRel
from django.db.models.options import Options
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from hub.cache_backends import CacheUnavailable
from hub.empreintes import sha256
from hub.registry import is_content, is_content_deletion
from hub.sized_cache import SizedLRU, deep_size, share

# What model instances point to and every instance shares: not weighed with a memo's value.
share(Field, ForeignObjectRel, Options, BaseDatabaseWrapper)

GENERATION_KEY = "graphql:generation"

# Within `generation_snapshot()`: the generation read once for the whole request.
_snapshot: ContextVar[dict | None] = ContextVar("hub_generation_snapshot", default=None)


@contextmanager
def generation_snapshot():
    """One read of the generation for a whole API request: its memos and its cached answer
    agree on one version of the content, for one round trip to the shared cache at most."""
    token = _snapshot.set({})
    try:
        yield
    finally:
        _snapshot.reset(token)


def _remember(value: int) -> int:
    snapshot = _snapshot.get()
    if snapshot is not None:
        snapshot["generation"] = value
    return value


# The generation this process read last, and when (time.monotonic()).
_recent: list[tuple[int, float] | None] = [None]


_unshared = itertools.count(1)
_missed_advance = [False]


def generation() -> int:
    snapshot = _snapshot.get()
    if snapshot and "generation" in snapshot:
        return snapshot["generation"]
    recent = _recent[0]
    if recent is not None and time.monotonic() - recent[1] < settings.GRAPHQL_GENERATION_CHECK_SECONDS:
        return _remember(recent[0])
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Start from the clock, never from 1: if the key is lost (eviction, a Redis restart),
        # the new generation is still newer than every entry cached before.
        cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
        value = cache.get(GENERATION_KEY)
    if value is None:
        # The shared cache is unreachable: a generation of this request only, below every
        # real one, so that nothing kept in this process is served or kept (fresh answers).
        return _remember(-next(_unshared))
    if _missed_advance[0]:  # content changed here while the shared cache was unreachable
        _missed_advance[0] = False
        advance_generation()
        return generation()
    _recent[0] = (int(value), time.monotonic())
    return _remember(int(value))


def advance_generation() -> None:
    _recent[0] = None  # a change made here is seen here at once
    snapshot = _snapshot.get()
    if snapshot is not None:
        snapshot.clear()  # this request changed content: read the new generation
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # lost: restart from the clock
        cache.set(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
    except CacheUnavailable:  # logged by the backend; advanced once it is back
        _missed_advance[0] = True


def _advance_now_and_on_commit() -> None:
    advance_generation()
    # Again once the change is committed: a request between the two could read the new
    # generation and still see the old rows, then cache them under the new key.
    transaction.on_commit(advance_generation)


def _on_change(sender, **kwargs):
    if is_content(sender):
        _advance_now_and_on_commit()


def _on_delete(sender, **kwargs):
    if is_content_deletion(sender):
        _advance_now_and_on_commit()


def connect_signals() -> None:
    post_save.connect(_on_change, dispatch_uid="hub.api.cache.save")
    post_delete.connect(_on_delete, dispatch_uid="hub.api.cache.delete")


def response_key(query: str, variables: dict | None, operation_name: str | None) -> str:
    today = timezone.localdate().isoformat()  # "today" in Europe/Paris: parcours depends on it
    digest = hashlib.sha256(
        json.dumps([query, variables or {}, operation_name, today], sort_keys=True, default=str).encode()
    ).hexdigest()
    return f"graphql:r:{digest}"


class _LocalResponses:
    """The responses this process served last, at most `GRAPHQL_LOCAL_CACHE_BYTES` of them
    (least recently used first out), each with its generation and expiry."""

    def __init__(self):
        self._entries: OrderedDict[str, tuple[int, bytes, float]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str, current: int) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] != current or entry[2] <= time.monotonic():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: str, computed_in: int, body: bytes, timeout: int) -> None:
        limit = settings.GRAPHQL_LOCAL_CACHE_BYTES
        if len(body) > limit // 8:  # a few large answers must not push out every other one
            return
        with self._lock:
            self._drop(key)
            self._entries[key] = (computed_in, body, time.monotonic() + timeout)
            self._bytes += len(body)
            while self._bytes > limit:
                self._drop(next(iter(self._entries)))

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= len(entry[1])


local_responses = _LocalResponses()


def cached_response(key: str) -> tuple[int, bytes | None]:
    """The current generation and the body cached under `key` for it: from this process when
    it served it last, else from the shared cache (entries hold the generation they were
    computed in; an older one is a miss)."""
    current = generation()
    body = local_responses.get(key, current)
    if body is not None:
        return current, body
    entry = cache.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == current:
        local_responses.put(key, current, entry[1], settings.GRAPHQL_CACHE_SECONDS)
        return current, entry[1]
    return current, None


def store_response(key: str, computed_in: int, body: bytes, timeout: int) -> None:
    """Keeps `body` under `key`, tagged with the generation read before it was computed (if the
    content changed meanwhile, the next reader sees an older generation: a miss).

    The shared cache is bounded: entries over GRAPHQL_CACHE_MAX_ENTRY_BYTES are not kept, every
    entry expires, and Redis runs with a `maxmemory` and `allkeys-lru` (docker/compose.yaml:
    it holds nothing that is not a cache) — a client varying declared variables evicts old
    answers, it cannot grow the cache."""
    if len(body) > settings.GRAPHQL_CACHE_MAX_ENTRY_BYTES:
        return
    if computed_in < 0:
        return  # computed while the shared cache was unreachable: served to this request only
    cache.set(key, (computed_in, body), timeout=timeout)
    local_responses.put(key, computed_in, body, timeout)


def etag_for(body: bytes) -> str:
    return '"' + sha256(body)[:32] + '"'


_MISSING = object()
# Process-local entries of `memo(..., local=True)`: the current generation's only, bounded in
# bytes (LOCAL_MEMO_BYTES; keys may hold client input: a partner slug, a language code).
_local = SizedLRU(lambda: settings.LOCAL_MEMO_BYTES)
_local_generation: list[int | None] = [None]
_local_lock = threading.Lock()


def memo(key: str, build, timeout: int = 300, *, local: bool = False):
    """`build()`, kept in the cache until the content changes (the generation is in the key).

    For reference content read on hot paths (a partner, the questionnaire's scale, the
    resources, a stage's articles): one cache read instead of several queries. None is cached
    too. `local`: kept in this process's memory instead of the shared cache, for objects read
    on every request (no round trip, no unpickling); each process builds them once per
    generation. Values are shared by the requests of a process: never mutate them.
    """
    current = generation()
    full_key = _memo_key(current, key)
    if local:
        return _memo_local(current, full_key, build)
    found = cache.get(full_key, _MISSING)
    if found is not _MISSING:
        return found
    value = build()
    cache.set(full_key, value, timeout=timeout)
    return value


def _memo_key(current: int, key: str) -> str:
    # hashed: keys hold client input (a partner slug), which must not shape the cache key
    return f"memo:{current}:{hashlib.sha256(key.encode()).hexdigest()}"


def _enter_local_generation(current: int) -> None:
    with _local_lock:
        known = _local_generation[0]
        if known is None or current > known:  # generations only grow: never go back to an older one
            _local.clear()
            _local_generation[0] = current


def _memo_local(current: int, full_key: str, build):
    _enter_local_generation(current)
    found = _local.get(full_key, _MISSING)
    if found is not _MISSING:
        return found
    value = build()
    with _local_lock:
        if _local_generation[0] == current:
            _local.put(full_key, value)
    return value


def memo_many(prefix: str, keys: Iterable[Hashable], build_missing, *, shared: tuple[type, ...] = ()) -> dict:
    """`memo(f"{prefix}:{key}", …, local=True)` for many keys at once: {key: value} for every
    key, those this process does not hold yet built by one call, `build_missing(missing keys)`
    → {key: value} (a key it leaves out is kept as None: an unknown id costs no query again).

    For the per-object representations of a list (a page of articles): a page costs one
    lookup per item, and a constant number of queries for the items not built yet in this
    generation, whatever their number. `shared`: kinds the values only point to, kept (and
    weighed) in memos of their own — not counted again in each value's weight."""
    current = generation()
    _enter_local_generation(current)
    found: dict = {}
    missing: dict[Hashable, str] = {}
    for key in keys:
        if key in found or key in missing:
            continue
        full_key = _memo_key(current, f"{prefix}:{key}")
        value = _local.get(full_key, _MISSING)
        if value is _MISSING:
            missing[key] = full_key
        else:
            found[key] = value
    if missing:
        built = build_missing(list(missing))
        with _local_lock:
            keep = _local_generation[0] == current
        for key, full_key in missing.items():
            value = found[key] = built.get(key)
            if keep:
                _local.put(full_key, value, deep_size((full_key, value), shared=shared))
    return found
