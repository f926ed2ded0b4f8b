"""The hub's own pages for people: the home page, the accessibility statement, the guides."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from markdown_it import MarkdownIt

from hub import accessibilite

# The guides served as pages: file, language of the text.
GUIDES = {
    "partenaires": (settings.BASE_DIR / "docs" / "partenaires.md", "fr"),
    "syndication": (settings.BASE_DIR / "contenus" / "docs" / "syndication.md", "en"),
}


@require_GET
@cache_control(public=True, max_age=300)
def accueil(request):
    """Served before Wagtail's page tree at « / », whose root page is only a container."""
    return render(request, "hub/accueil.html", {"guides": _guides_presents()})


@require_GET
@cache_control(public=True, max_age=300)
def declaration_accessibilite(request):
    faits = accessibilite.donnees()
    pages = faits["pages"]
    contexte = {
        "faits": faits,
        "statut": accessibilite.statut(faits),
        "testees": [p for p in pages if p.get("violations") == 0],
        "non_conformes": [p for p in pages if p.get("violations")],
        "non_testees": [p for p in pages if p.get("violations") is None],
        "site": settings.SITE_URL,
    }
    return render(request, "hub/accessibilite.html", contexte)


def _guides_presents() -> list[str]:
    return [nom for nom, (chemin, _) in GUIDES.items() if Path(chemin).exists()]


@require_GET
@cache_control(public=True, max_age=300)
def guide(request, guide: str):
    if guide not in GUIDES or not GUIDES[guide][0].exists():
        raise Http404("Guide inconnu.")
    chemin, langue = GUIDES[guide]
    texte = chemin.read_text(encoding="utf-8")
    # No raw HTML from the file: it is escaped like any text.
    html = MarkdownIt("commonmark", {"html": False}).enable("table").render(texte)
    titre = next((ligne[2:].strip() for ligne in texte.splitlines() if ligne.startswith("# ")), guide)
    return render(request, "hub/guide.html", {"contenu": mark_safe(html), "titre": titre, "langue": langue})
