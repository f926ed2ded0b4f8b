"""Who is calling: a partner's API key (server to server) or a partner's web origin (browser).

Public mutations are accepted from a partner's allowed origins (CORS per partner) or with a
partner API key whose scope allows them. Read-only content stays public.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from epds.models import Partenaire
from hub.api.errors import RequeteRefusee
from hub.models import CleApi

ORIGINS_KEY = "partners:origins"


def allowed_origins() -> dict[str, set[str]]:
    """origin → slugs of the active partners that allow it (cached, reset when a partner changes)."""
    origins = cache.get(ORIGINS_KEY)
    if origins is None:
        origins = {}
        for slug, listed in Partenaire.objects.filter(actif=True).values_list("slug", "origines_autorisees"):
            for origin in listed or []:
                origins.setdefault(str(origin).rstrip("/").lower(), set()).add(slug)
        cache.set(ORIGINS_KEY, origins, timeout=300)
    return origins


def _forget_origins(sender, **kwargs):
    if sender._meta.label_lower == "epds.partenaire":
        cache.delete(ORIGINS_KEY)


def connect_signals() -> None:
    post_save.connect(_forget_origins, dispatch_uid="hub.api.partners.save")
    post_delete.connect(_forget_origins, dispatch_uid="hub.api.partners.delete")


def request_origin(request) -> str | None:
    origin = request.META.get("HTTP_ORIGIN")
    return origin.rstrip("/").lower() if origin else None


def origin_is_allowed(origin: str | None) -> bool:
    return bool(origin) and origin in allowed_origins()


def cors_headers(request, response):
    origin = request_origin(request)
    if origin_is_allowed(origin):
        response["Access-Control-Allow-Origin"] = request.META["HTTP_ORIGIN"]
        response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Content-Type, Authorization, X-Api-Key"
        response["Access-Control-Max-Age"] = "600"
    response["Vary"] = ", ".join(filter(None, [response.get("Vary"), "Origin"]))
    return response


def api_key(request):
    """The active API key sent with the request, None when none is sent; refuses a bad one."""
    raw = request.META.get("HTTP_X_API_KEY")
    if not raw:
        auth = request.META.get("HTTP_AUTHORIZATION", "")
        if auth.lower().startswith("bearer "):
            raw = auth[7:].strip()
    if not raw:
        return None
    cle = CleApi.verifier(raw)
    if cle is None:
        raise RequeteRefusee(401, "CLE_INVALIDE", "Clé d'API invalide ou révoquée.")
    if cle.utilisee_le is None or timezone.now() - cle.utilisee_le > timedelta(hours=1):
        CleApi.objects.filter(pk=cle.pk).update(utilisee_le=timezone.now())
    return cle


def check_mutation(request, cle, partner_slug: str | None) -> None:
    """Refuses a public mutation that comes from neither an allowed origin nor a suitable key."""
    if cle is not None:
        if not cle.portee_epds:
            raise RequeteRefusee(
                403, "PORTEE_INSUFFISANTE", "Cette clé d'API ne permet pas de soumettre de questionnaire."
            )
        if partner_slug and partner_slug != cle.partenaire.slug:
            raise RequeteRefusee(
                403, "PARTENAIRE_INCOHERENT", "La source ne correspond pas au partenaire de la clé."
            )
        return
    origin = request_origin(request)
    if origin is not None:
        slugs = allowed_origins().get(origin)
        if not slugs or (partner_slug and partner_slug not in slugs):
            raise RequeteRefusee(
                403, "ORIGINE_NON_AUTORISEE", "Ce site n'est pas autorisé à envoyer cette demande."
            )
        return
    if settings.GRAPHQL_MUTATIONS_REQUIRE_PARTNER:
        raise RequeteRefusee(
            403, "PARTENAIRE_REQUIS", "Une clé d'API ou un site partenaire autorisé est nécessaire."
        )
