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
from django.http import HttpResponse

from hub.http import NO_STORE, cache_control, error_response

logger = logging.getLogger("hub.database")

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
SERVICE_INDISPONIBLE = "SERVICE_INDISPONIBLE"
MESSAGE = "Service momentanément indisponible : merci de réessayer dans quelques instants."


def _wants_json(request) -> bool:
    """Machines: the API, files (.ics, .json, feeds), clients asking for JSON; people: pages."""
    path = request.path
    accept = request.META.get("HTTP_ACCEPT", "")
    if path.startswith("/graphql") or path.rsplit("/", 1)[-1].count("."):
        return True
    return "application/json" in accept and "text/html" not in accept


def database_unavailable_response(request, error: BaseException | None = None) -> HttpResponse:
    # The exception's text may quote SQL parameters, a path may hold a token: neither is logged.
    logger.error("Base de données injoignable (%s) : réponse 503.", type(error).__name__ if error else "?")
    if _wants_json(request):
        response = error_response(SERVICE_INDISPONIBLE, MESSAGE, 503)
    else:  # people: the hub's French error page, rendered from files only (hub/views.py)
        from hub.views import PAGES_ERREUR, page_erreur

        response = page_erreur(request, 503, MESSAGE, gabarit=PAGES_ERREUR.get(503, "503.html"))
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER_SECONDS)
    return cache_control(response, NO_STORE)


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
    """handler500: a database outage raised outside a view (a middleware) is a 503 too; any
    other error gets the hub's French 500 page (`hub.views.erreur_500`)."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        return database_unavailable_response(request, error)
    from hub.views import erreur_500

    return erreur_500(request)
