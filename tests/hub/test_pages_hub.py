"""The hub's home page, the accessibility statement (kept current by the browser tests'
results, docs/accessibilite.json) and the guides served as pages."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from hub import accessibilite

# Routes that serve no page to people: the admin (its screens of the hub are listed by their
# own prefix), APIs, files, machine formats.
HORS_PAGES = re.compile(
    r"^(admin/|documents/|graphql/|graphql$|graphiql/|api/|healthz$|media/|static/)|\.(ics|js|json|txt|xml)\$?$"
)


def test_home_page_is_the_hubs_not_wagtails_welcome(client, db):
    reponse = client.get("/")
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "Welcome to your new Wagtail site" not in html
    assert '<html lang="fr"' in html and "<h1>Le hub des 1000 premiers jours</h1>" in html
    for lien in (
        'href="/calendrier/"',
        'href="/statistiques/"',
        'href="/accessibilite/"',
        'href="/documentation/syndication/"',
    ):
        assert lien in html, lien


def test_the_wagtail_tree_is_still_served_below_the_root(client, db):
    from contenus.models import ArticlePage

    article = ArticlePage.objects.live().first()
    assert client.get(article.url).status_code == 200


def test_the_statement_has_the_rgaa_sections(client, db):
    html = client.get("/accessibilite/").content.decode()
    for section in (
        "Déclaration d’accessibilité",
        "État de conformité",
        "Résultats des tests",
        "Non-conformités",
        "Dérogations pour charge disproportionnée",
        "Retour d’information et contact",
        "Voies de recours",
        "Défenseur des droits",
    ):
        assert section in html, section
    assert f"est <strong>{accessibilite.statut()}</strong> avec le RGAA 4.1.2" in html
    assert "Calendrier : formulaire" in html


@pytest.mark.parametrize(
    ("faits", "statut"),
    [
        ({"audit": None, "pages": [{"violations": 0}]}, "non conforme"),
        ({"audit": {"taux_conformite": 49}}, "non conforme"),
        ({"audit": {"taux_conformite": 75}}, "partiellement conforme"),
        ({"audit": {"taux_conformite": 100}, "pages": [{"violations": 0}]}, "totalement conforme"),
        ({"audit": {"taux_conformite": 100}, "pages": [{"violations": 2}]}, "partiellement conforme"),
    ],
)
def test_conformity_status_follows_the_rgaa_rule(faits, statut):
    assert accessibilite.statut(faits) == statut


def test_the_footer_says_the_status_of_the_file(client, db, tmp_path, monkeypatch):
    faits = accessibilite.donnees() | {"audit": {"taux_conformite": 80, "date": "2026-12-01", "par": "x"}}
    fichier = tmp_path / "accessibilite.json"
    fichier.write_text(json.dumps(faits), encoding="utf-8")
    monkeypatch.setattr(accessibilite, "FICHIER", fichier)
    assert "Accessibilité : partiellement conforme" in client.get("/").content.decode()
    assert "Accessibilité : partiellement conforme" in client.get("/pas-de-page-ici/").content.decode()


def _routes(resolveur, prefixe=""):
    for motif in resolveur.url_patterns:
        route = prefixe + str(motif.pattern)
        if isinstance(motif, URLResolver):
            if "wagtail.urls" in str(getattr(motif, "urlconf_name", "")):
                continue  # Wagtail's pages: checked by page model below
            yield from _routes(motif, route)
        elif isinstance(motif, URLPattern):
            yield route


def test_every_page_served_to_people_is_in_the_accessibility_statement():
    listees = {p["route"] for p in accessibilite.donnees()["pages"] if "route" in p}
    servies = {r for r in _routes(get_resolver()) if not HORS_PAGES.search(r.lstrip("^"))}
    oubliees = servies - listees
    assert not oubliees, (
        f"Pages servies absentes de docs/accessibilite.json : {sorted(oubliees)} — ajoutez-les avec le "
        "test navigateur (axe-core) qui les vérifie"
    )


def test_every_page_model_is_in_the_accessibility_statement():
    from wagtail.models import get_page_models

    listes = {p["modele"] for p in accessibilite.donnees()["pages"] if "modele" in p}
    modeles = {m._meta.label for m in get_page_models() if m._meta.app_label not in ("wagtailcore",)}
    assert modeles <= listes, f"Types de page absents de docs/accessibilite.json : {sorted(modeles - listes)}"


def test_each_listed_test_exists():
    from pathlib import Path

    for page in accessibilite.donnees()["pages"]:
        if page.get("test"):
            fichier, _, fonction = page["test"].partition("::")
            texte = Path(fichier).read_text(encoding="utf-8")
            assert not fonction or f"def {fonction}(" in texte, page["test"]
            if page["violations"] == 0:
                assert "assert_accessible" in texte, page["test"]


def test_a_guide_is_a_page_with_its_own_language_and_no_raw_html(client, db, tmp_path, monkeypatch):
    from hub import pages

    guide = tmp_path / "guide.md"
    guide.write_text(
        "# Guide d’essai\n\nTexte <script>alert(1)</script>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    monkeypatch.setitem(pages.GUIDES, "essai", (guide, "fr"))
    html = client.get("/documentation/essai/").content.decode()
    assert "<h1>Guide d’essai</h1>" in html and "<title>Guide d’essai — 1000 premiers jours</title>" in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<table>" in html
    assert '<html lang="en"' in client.get("/documentation/syndication/").content.decode()
    assert client.get("/documentation/inconnu/").status_code == 404
