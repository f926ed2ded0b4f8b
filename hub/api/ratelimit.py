"""Rate limits on public mutations, per client address and per partner, in the shared cache.

Fixed one-minute windows: simple, and exact enough to stop a burst. With REDIS_URL set, the
counters are shared by every replica.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    # Behind a trusted proxy, the first X-Forwarded-For hop is the client.
    if settings.USE_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "inconnu")


def hit(bucket: str, limit: int) -> bool:
    """Counts one request in `bucket`; False when the limit of the current minute is passed."""
    window = int(time.time() // 60)
    key = f"rl:{bucket}:{window}"
    try:
        count = cache.incr(key)  # the window's counter exists but for its first request
    except ValueError:
        count = 1 if cache.add(key, 1, timeout=70) else cache.incr(key)  # another worker added it first
    return count <= limit


def allow_mutation(request, partner_slug: str | None) -> bool:
    if not hit(f"ip:{client_address(request)}", settings.RATE_LIMIT_PER_ADDRESS):
        return False
    if partner_slug and not hit(f"partner:{partner_slug}", settings.RATE_LIMIT_PER_PARTNER):
        return False
    return True
