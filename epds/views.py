"""Public pages of the EPDS service (outside the API): the statistics page."""

from __future__ import annotations

from django.core.cache import cache
from django.template.response import TemplateResponse

from epds import statistiques
from hub.http import cache_control, public

DUREE_CACHE = 3600  # the figures move slowly; one computation an hour at most


def page_statistiques(request):
    """/statistiques/: the service's public figures over the last twelve months, cached."""
    indicateurs = cache.get("epds:statistiques-publiques")
    if indicateurs is None:
        indicateurs = statistiques.publiques()
        cache.set("epds:statistiques-publiques", indicateurs, DUREE_CACHE)
    reponse = TemplateResponse(
        request,
        "epds/statistiques.html",
        {"i": indicateurs, "graphiques": statistiques.graphiques(indicateurs)},
    )
    return cache_control(reponse, public(DUREE_CACHE))
