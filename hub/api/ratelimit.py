"""Rate limits per client address and per partner, in the shared cache: public mutations by
count, reads by their estimated cost (`hub.api.analysis`; an answer from the response cache
weighs 1).

Fixed one-minute windows: simple, and exact enough to stop a burst. With REDIS_URL set, the
counters are shared by every replica. When the shared cache is unreachable, reads are let
through (fail open: the public content stays readable; the backend logs the outage) and
mutations are counted in each process (fail safe: a burst is still stopped, per process).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

from hub.cache_backends import CacheUnavailable

# Mutation counters while the shared cache is unreachable.
_fallback = LocMemCache("hub-ratelimit-fallback", {"TIMEOUT": 70, "OPTIONS": {"MAX_ENTRIES": 10_000}})


def client_address(request) -> str:
    # Behind a trusted proxy, the first X-Forwarded-For hop is the client.
    if settings.USE_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "inconnu")


def _count(store, key: str, weight: int) -> int:
    try:
        return store.incr(key, weight)  # the window's counter exists but for its first request
    except ValueError:
        # another worker may have added it first
        return weight if store.add(key, weight, timeout=70) else store.incr(key, weight)


def _first_over(store, windows: list[tuple[str, int, int]]) -> int:
    """Counts `(key, weight, limit)` windows in order until one passes its limit: its position
    (1-based), 0 when none does. One round trip on the shared Redis (`count_windows`)."""
    count_windows = getattr(store, "count_windows", None)
    if count_windows is not None:
        return count_windows(windows, timeout=70)
    for position, (key, weight, limit) in enumerate(windows, start=1):
        if _count(store, key, weight) > limit:
            return position
    return 0


def current_window() -> int:
    """The minute a count belongs to: counts restart when it ends."""
    return int(time.time() // 60)


def hit_all(buckets: list[tuple[str, int, int]], *, fail_open: bool = False) -> bool:
    """Counts each `(bucket, limit, weight)` in the current minute, in order; False at the first
    whose limit is passed (the buckets after it are not counted)."""
    window = current_window()
    windows = [(f"rl:{bucket}:{window}", weight, limit) for bucket, limit, weight in buckets]
    try:
        return _first_over(cache, windows) == 0
    except CacheUnavailable:
        if fail_open:
            return True
        return _first_over(_fallback, windows) == 0


def hit(bucket: str, limit: int, weight: int = 1, *, fail_open: bool = False) -> bool:
    """Counts `weight` in `bucket`; False when the limit of the current minute is passed."""
    return hit_all([(bucket, limit, weight)], fail_open=fail_open)


def allow_mutation(request, partner_slug: str | None) -> bool:
    """The client's address, then its partner: both windows in one round trip."""
    buckets = [(f"ip:{client_address(request)}", settings.RATE_LIMIT_PER_ADDRESS, 1)]
    if partner_slug:
        buckets.append((f"partner:{partner_slug}", settings.RATE_LIMIT_PER_PARTNER, 1))
    return hit_all(buckets)


def allow_read(request, partner_slug: str | None, weight: int) -> bool:
    """A partner's server (API key) has its own budget; everyone else, their address's."""
    if partner_slug:
        return hit(
            f"read:partner:{partner_slug}", settings.RATE_LIMIT_READ_COST_PER_PARTNER, weight, fail_open=True
        )
    return hit(
        f"read:ip:{client_address(request)}",
        settings.RATE_LIMIT_READ_COST_PER_ADDRESS,
        weight,
        fail_open=True,
    )
