"""A database outage answers 503 with a code and `Retry-After`, never a 500.

Every view (GraphQL, the calendar, feeds, Wagtail's pages, the admin) reads the database; when
PostgreSQL is unreachable or restarting, Django raises `OperationalError` (or `InterfaceError`
on a connection that died). The client may retry later: nothing was stored (mutations run in
transactions) and it is told when to come back. Three places catch it, one answer:
- the GraphQL view, where resolvers' errors would otherwise become data (`hub.api.views`);
- `DatabaseUnavailableMiddleware`, for exceptions of every other view;
- `server_error` (handler500), for exceptions raised by a middleware itself.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.views import defaults

logger = logging.getLogger("hub.database")

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
SERVICE_INDISPONIBLE = "SERVICE_INDISPONIBLE"
MESSAGE = "Service momentanément indisponible : merci de réessayer dans quelques instants."
_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Service momentanément indisponible</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Service momentanément indisponible</h1>
<p>Merci de réessayer dans quelques instants.</p></main></body></html>
"""


def database_unavailable_response(request, error: BaseException | None = None) -> HttpResponse:
    # The exception's text may quote SQL parameters, a path may hold a token: neither is logged.
    logger.error("Base de données injoignable (%s) : réponse 503.", type(error).__name__ if error else "?")
    wants_html = "text/html" in request.META.get("HTTP_ACCEPT", "") and not request.path.startswith(
        "/graphql"
    )
    if wants_html:
        response = HttpResponse(_PAGE, status=503, content_type="text/html; charset=utf-8")
    else:
        response = JsonResponse(
            {"errors": [{"message": MESSAGE, "extensions": {"code": SERVICE_INDISPONIBLE}}]}, status=503
        )
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return database_unavailable_response(request, exception)
        return None


def server_error(request, *args, **kwargs):
    """handler500: a database outage raised outside a view (a middleware) is a 503 too."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        return database_unavailable_response(request, error)
    return defaults.server_error(request, *args, **kwargs)
