"""French error pages (404, 403, CSRF failure, 500, 410, 400): lang="fr", a title, a way back to
the home page, rendered from files only — the 500 page renders with the database unreachable."""

from __future__ import annotations

import re

import pytest
from django.db import OperationalError
from django.test import Client

TITRES = {
    400: "Requête incorrecte",
    403: "Accès refusé",
    404: "Page non trouvée",
    410: "Page plus disponible",
    500: "Erreur inattendue",
}


def verifier(reponse, statut: int, titre: str) -> str:
    assert reponse.status_code == statut
    html = reponse.content.decode()
    assert re.search(r'<html lang="fr"', html)
    assert f"<title>{titre} — 1000 premiers jours</title>" in html
    assert re.search(r"<h1>[^<]+</h1>", html)
    assert 'href="/"' in html and "Page d’accueil" in html  # a way back
    assert f"Erreur {statut}" in html
    return html


@pytest.fixture
def urls_erreurs(settings):
    settings.ROOT_URLCONF = "tests.hub.urls_erreurs"


def test_404_is_french(client, db):
    verifier(client.get("/cette-page-n-existe-pas/"), 404, TITRES[404])


def test_403_is_french(client, urls_erreurs):
    verifier(client.get("/test-erreurs/interdit/"), 403, TITRES[403])


def test_500_is_french_and_reads_no_database(urls_erreurs):
    # No `db` fixture: any query while rendering the 500 page would raise here.
    client = Client(raise_request_exception=False)
    verifier(client.get("/test-erreurs/panne/"), 500, TITRES[500])


def test_500_when_the_database_is_unreachable(urls_erreurs, db, monkeypatch):
    from django.db.backends.base.base import BaseDatabaseWrapper

    def injoignable(self, *args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    client = Client(raise_request_exception=False)
    with monkeypatch.context() as patch:
        patch.setattr(BaseDatabaseWrapper, "cursor", injoignable)
        reponse = client.get("/test-erreurs/base/")
    html = verifier(reponse, 500, TITRES[500])
    assert "Connection refused" not in html  # nothing technical shown


def test_csrf_failure_is_a_french_page_back_to_the_form():
    client = Client(enforce_csrf_checks=True)
    reponse = client.post("/calendrier/", {"situation": "ENFANT", "date": "2026-03-10"})
    html = verifier(reponse, 403, "Formulaire expiré")
    assert 'href="/calendrier/"' in html and "Revenir au formulaire" in html


def test_410_and_400_pages(rf):
    from hub.views import erreur_400, page_erreur

    verifier(page_erreur(rf.get("/x"), 410), 410, TITRES[410])
    verifier(erreur_400(rf.get("/x")), 400, TITRES[400])
