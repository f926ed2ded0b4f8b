"""Headless preview of articles: drafts are visible only through a signed, short-lived token.

When an editor previews an article in the « Application » mode, the page as edited (saved or
not) is kept in the cache for an hour and the preview redirects to the front-end with a signed
token; the front-end asks `apercuArticle(jeton:)` for it. Nothing else can reach a draft.
"""

from __future__ import annotations

import secrets

from django.core import signing
from django.core.cache import cache

DUREE_SECONDES = 3600
_SEL = "contenus.apercu"


def creer(page) -> str:
    cle = secrets.token_urlsafe(16)
    cache.set(
        f"contenus:apercu:{cle}", {"modele": page._meta.label_lower, "page": page.to_json()}, DUREE_SECONDES
    )
    return signing.dumps(cle, salt=_SEL)


def lire(jeton: str):
    """The previewed page, or None when the token is forged, expired or unknown."""
    from django.apps import apps

    try:
        cle = signing.loads(jeton, salt=_SEL, max_age=DUREE_SECONDES)
    except signing.BadSignature:
        return None
    donnees = cache.get(f"contenus:apercu:{cle}")
    if donnees is None:
        return None
    return apps.get_model(donnees["modele"]).from_json(donnees["page"])
