from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hub.http import NO_STORE, cache_control


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "indisponible", "database": "erreur"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def plancher(request):
    """`make bench`'s floor: a constant JSON answer through the same middleware and gunicorn,
    no database, no GraphQL. Routed only with BENCH_FLOOR_VIEW=1 (never in production)."""
    return JsonResponse({"status": "ok"})


# --- Error pages: French, with a way back, rendered from files only -------------------------
# No RequestContext (its context processors may read the session or the user), no model: the
# 500 page must render when the database is what failed.
PAGES_ERREUR = {
    400: "400.html",
    403: "403.html",
    404: "404.html",
    410: "410.html",
    500: "500.html",
}


def page_erreur(request, statut: int, message: str = "", gabarit: str = "") -> HttpResponse:
    contenu = loader.get_template(gabarit or PAGES_ERREUR[statut]).render(
        {"statut": statut, "message": message, "chemin": getattr(request, "path", "/")}
    )
    return cache_control(HttpResponse(contenu, status=statut), NO_STORE)


def erreur_400(request, exception=None):
    return page_erreur(request, 400)


def erreur_403(request, exception=None):
    return page_erreur(request, 403)


def erreur_404(request, exception=None):
    return page_erreur(request, 404)


def erreur_500(request):
    return page_erreur(request, 500)


def erreur_csrf(request, reason=""):
    """CSRF_FAILURE_VIEW: an expired or missing form token, explained to a person (403)."""
    return page_erreur(request, 403, gabarit="403_csrf.html")
