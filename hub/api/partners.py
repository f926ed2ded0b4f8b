"""Who is calling: a partner's API key (server to server) or a partner's web origin (browser).

Public mutations are accepted from a partner's allowed origins (CORS per partner) or with a
partner API key whose scope allows them. Read-only content stays public.

The partner a mutation acts for is the one authenticated (`bind_partner`): the endpoint checks
it before running the document (from the variables, when it can see a `source` there), and the
mutation checks it again on the input it really received, inline or from variables of any name.

Everything a request needs to know about partners is read once, before the mutation runs
(`request._hub_api_key`, `request._hub_origins`): the CORS headers added to the answer after a
commit ask nothing of the cache or the database, so they cannot fail once a request is stored.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from hub.api.errors import RequeteRefusee
from hub.http import vary
from hub.models import CleApi

logger = logging.getLogger("hub.partners")

ORIGINS_KEY = "partners:origins"


def allowed_origins() -> dict[str, set[str]]:
    """origin → slugs of the active partners that allow it (cached, reset when a partner changes).

    The shared cache is an optimisation only: when it fails (Redis down), the database answers."""
    try:
        origins = cache.get(ORIGINS_KEY)
    except Exception as error:  # noqa: BLE001 — any cache failure degrades to the database
        logger.warning("Partenaires : cache indisponible (%s), origines lues en base", type(error).__name__)
        origins, cache_ok = None, False
    else:
        cache_ok = True
    if origins is None:
        origins = {}
        partners = apps.get_model(settings.HUB_PARTNER_MODEL).objects.filter(actif=True)
        for slug, listed in partners.values_list("slug", "origines_autorisees"):
            for origin in listed or []:
                origins.setdefault(str(origin).rstrip("/").lower(), set()).add(slug)
        if cache_ok:
            try:
                cache.set(ORIGINS_KEY, origins, timeout=300)
            except Exception as error:  # noqa: BLE001
                logger.warning("Partenaires : cache indisponible (%s)", type(error).__name__)
    return origins


def request_origins(request) -> dict[str, set[str]]:
    """`allowed_origins()` read once per request, before anything is stored."""
    origins = getattr(request, "_hub_origins", None)
    if origins is None:
        origins = request._hub_origins = allowed_origins()
    return origins


def _forget_origins(sender, **kwargs):
    if sender._meta.label_lower == settings.HUB_PARTNER_MODEL.lower():
        try:
            cache.delete(ORIGINS_KEY)
        except Exception as error:  # noqa: BLE001 — entries expire within 5 minutes anyway
            logger.warning("Partenaires : cache indisponible (%s)", type(error).__name__)


def connect_signals() -> None:
    post_save.connect(_forget_origins, dispatch_uid="hub.api.partners.save")
    post_delete.connect(_forget_origins, dispatch_uid="hub.api.partners.delete")


def request_origin(request) -> str | None:
    origin = request.META.get("HTTP_ORIGIN")
    return origin.rstrip("/").lower() if origin else None


def cors_headers(request, response):
    """Adds the CORS headers for an allowed origin. Runs after the answer is computed: the
    origins were read before (`request_origins`), and a lookup that fails now answers
    without CORS headers rather than turning a stored request into an error."""
    origin = request_origin(request)
    try:
        allowed = bool(origin) and origin in request_origins(request)
    except Exception as error:  # noqa: BLE001 — never fail an answer already computed
        logger.warning("Partenaires : origines illisibles (%s), réponse sans CORS", type(error).__name__)
        allowed = False
    if allowed:
        response["Access-Control-Allow-Origin"] = request.META["HTTP_ORIGIN"]
        response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Content-Type, Authorization, X-Api-Key"
        response["Access-Control-Max-Age"] = "600"
    return vary(response, "Origin")


_UNREAD = object()


def api_key(request):
    """The active API key sent with the request, None when none is sent; refuses a bad one.
    Read once per request."""
    known = getattr(request, "_hub_api_key", _UNREAD)
    if known is not _UNREAD:
        return known
    request._hub_api_key = cle = _read_api_key(request)
    return cle


def _read_api_key(request):
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


def mutation_partner(request, declared: str) -> str:
    """`bind_partner` for the input a mutation really received (`request` is GraphQL's context,
    None when the schema runs outside HTTP)."""
    if not hasattr(request, "META"):
        request = None
    cle = api_key(request) if request is not None else None
    return bind_partner(request, cle, declared) or declared


def check_mutation(request, cle, partner_slug: str | None) -> None:
    """Refuses a public mutation that comes from neither an allowed origin nor a suitable key."""
    bind_partner(request, cle, partner_slug)


def bind_partner(request, cle, declared: str | None) -> str | None:
    """The slug of the partner a public mutation acts for: the one its API key belongs to, or one
    of those allowing its web origin. A declared source that contradicts it is refused (never
    silently replaced); without key nor origin the declared source stands only when settings do
    not require a partner (local development). None when nothing is declared and the origin
    allows several partners."""
    if cle is not None:
        if not cle.portee_epds:
            raise RequeteRefusee(
                403, "PORTEE_INSUFFISANTE", "Cette clé d'API ne permet pas de soumettre de questionnaire."
            )
        if declared and declared != cle.partenaire.slug:
            raise RequeteRefusee(
                403, "PARTENAIRE_INCOHERENT", "La source ne correspond pas au partenaire de la clé."
            )
        return cle.partenaire.slug
    origin = request_origin(request) if request is not None else None
    if origin is not None:
        slugs = request_origins(request).get(origin)
        if not slugs or (declared and declared not in slugs):
            raise RequeteRefusee(
                403, "ORIGINE_NON_AUTORISEE", "Ce site n'est pas autorisé à envoyer cette demande."
            )
        if declared:
            return declared
        return next(iter(slugs)) if len(slugs) == 1 else None
    if settings.GRAPHQL_MUTATIONS_REQUIRE_PARTNER:
        raise RequeteRefusee(
            403, "PARTENAIRE_REQUIS", "Une clé d'API ou un site partenaire autorisé est nécessaire."
        )
    return declared
