"""Cache headers and error envelopes of the hub's HTTP answers, written in one place.

Every view that says how long an answer may be kept, or refuses a request outside GraphQL,
goes through here (Django's `never_cache` and `cache_control` decorators aside): the policies
have one spelling, and a refusal has one shape, the GraphQL one, so that a client reads
`errors[].extensions.code` whatever answered (the API, the calendar, a host check, an outage).
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_vary_headers

# Never kept, by anyone: personal pages, errors, drafts.
NO_STORE = "no-store"
# Never kept, and said private too (pages holding a parent's token).
PRIVATE_NO_STORE = "private, no-store"
# The browser may keep it but asks again each time; no shared cache keeps it.
REVALIDATE = "private, no-cache"


def public(max_age: int) -> str:
    """Any cache (a CDN, a feed reader) may keep it for `max_age` seconds."""
    return f"public, max-age={max_age}"


def private(max_age: int) -> str:
    """Only the browser may keep it, for `max_age` seconds (a parent's own calendar)."""
    return f"private, max-age={max_age}"


def cache_control(response: HttpResponse, policy: str) -> HttpResponse:
    response["Cache-Control"] = policy
    return response


def vary(response: HttpResponse, *headers: str) -> HttpResponse:
    """The answer depends on these request headers too (added to those already named)."""
    patch_vary_headers(response, headers)
    return response


def error_entry(code: str, message: str) -> dict:
    """One error as GraphQL writes them: a French message, a machine code (hub/erreurs.py)."""
    return {"message": message, "extensions": {"code": code}}


def error_response(code: str, message: str, status: int) -> JsonResponse:
    """A refused request: `{"errors": [...]}` with one error, never kept by a cache."""
    return cache_control(JsonResponse({"errors": [error_entry(code, message)]}, status=status), NO_STORE)
