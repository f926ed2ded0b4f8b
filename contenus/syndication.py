"""What every syndicated item carries: its canonical URL, its licence and its attribution.

An article or a measure may set its own licence and attribution; otherwise the site-wide
`ParametresSyndication` apply (Licence Ouverte 2.0 by default). GraphQL types, feeds and
webhook payloads all read them here.
"""

from __future__ import annotations

from django.conf import settings

from contenus.models import ArticlePage, Mesure, ParametresSyndication
from hub.adresses import absolue


def parametres() -> ParametresSyndication:
    """The site-wide settings; their defaults while no editor has saved them (reading them
    never writes: a row created by a read would be a change of content, mid-request)."""
    return ParametresSyndication.objects.order_by("pk").first() or ParametresSyndication()


def licence(objet: ArticlePage | Mesure, reglages: ParametresSyndication | None = None) -> str:
    return objet.licence or (reglages or parametres()).licence


def attribution(objet: ArticlePage | Mesure, reglages: ParametresSyndication | None = None) -> str:
    return objet.attribution or (reglages or parametres()).attribution


def url_article(article: ArticlePage) -> str:
    """On SITE_URL, whatever the request's host (feeds and API answers are cached for all)."""
    parts = article.get_url_parts()
    chemin = parts[2] if parts else article.url_path
    return absolue(chemin)


def url_mesure(mesure: Mesure) -> str:
    """Measures are snippets, shown by the front-end: `MESURE_URL` is their address pattern."""
    modele = settings.MESURE_URL
    return modele.format(slug=mesure.slug)
