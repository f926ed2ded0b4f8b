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


def hit(bucket: str, limit: int, weight: int = 1, *, fail_open: bool = False) -> bool:
    """Counts `weight` in `bucket`; False when the limit of the current minute is passed."""
    window = int(time.time() // 60)
    key = f"rl:{bucket}:{window}"
    try:
        count = _count(cache, key, weight)
    except CacheUnavailable:
        if fail_open:
            return True
        count = _count(_fallback, key, weight)
    return count <= limit


def allow_mutation(request, partner_slug: str | None) -> bool:
    if not hit(f"ip:{client_address(request)}", settings.RATE_LIMIT_PER_ADDRESS):
        return False
    if partner_slug and not hit(f"partner:{partner_slug}", settings.RATE_LIMIT_PER_PARTNER):
        return False
    return True


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
