"""Absolute addresses of the hub: always from the one configured base, `SITE_URL`.

Never from the request: a client choosing its Host (another allowed name, another port) or a
forged `X-Forwarded-Proto` would otherwise put its own base into answers that the response
cache and CDNs then serve to everyone. Wagtail's default Site follows `SITE_URL` too.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import split_domain_port

from hub.http import error_response


def absolue(url: str) -> str:
    """`url` made absolute on SITE_URL when it is a path; an absolute URL is left as it is."""
    if url.startswith("/") and not url.startswith("//"):
        return settings.SITE_URL + url
    return url


def base() -> tuple[str, str, int]:
    """(scheme, hostname, port) of SITE_URL, the port explicit."""
    parts = urlsplit(settings.SITE_URL)
    return parts.scheme, parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)


def ports_autorises() -> set[str]:
    """Ports a Host header may name: SITE_URL's, and those of ALLOWED_HOST_PORTS."""
    return {str(base()[2]), *(str(p) for p in settings.ALLOWED_HOST_PORTS)}


def aligner_site() -> None:
    """Wagtail's default Site gets SITE_URL's host and port (its root_url builds page URLs)."""
    from wagtail.models import Site

    _, hostname, port = base()
    Site.objects.filter(is_default_site=True).exclude(hostname=hostname, port=port).update(
        hostname=hostname, port=port
    )


class PortDuHoteMiddleware:
    """Refuses (400, HOTE_INVALIDE) a Host header naming a port the hub is not served on:
    Django's ALLOWED_HOSTS checks the name only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hote = request.META.get("HTTP_HOST", "")
        _, port = split_domain_port(hote) if hote else ("", "")
        if port and port not in ports_autorises():
            return error_response("HOTE_INVALIDE", "Hôte non autorisé.", 400)
        return self.get_response(request)
