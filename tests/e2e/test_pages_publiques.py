"""The hub's pages for people in a real browser: home, accessibility statement, a guide, a feed
shown through its XSL, and every error page — 0 axe-core violations (WCAG 2.1 A and AA)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command

from contenus import abonnement, parcours
from tests.e2e.conftest import assert_accessible
from tests.e2e.pages_publiques import declaree, onglet

ICI = "tests/e2e/test_pages_publiques.py::"


@pytest.mark.django_db(transaction=True)
def test_accueil_accessibilite_et_flux(browser, live_server):
    with onglet(browser, live_server) as page:
        from contenus.models import ArticlePage, Etape

        test = ICI + "test_accueil_accessibilite_et_flux"
        page.goto("/")
        assert page.locator("h1").inner_text() == "Le hub des 1000 premiers jours"
        assert page.locator("footer").get_by_text("Accessibilité : non conforme").is_visible()
        assert_accessible(page, "accueil")
        declaree("", test)

        page.get_by_role("link", name="Lire la déclaration d’accessibilité").click()
        page.wait_for_url("**/accessibilite/")
        assert page.locator("h1").inner_text() == "Déclaration d’accessibilité"
        assert_accessible(page, "déclaration d'accessibilité")
        declaree("accessibilite/", test)

        page.goto("/documentation/syndication/")
        assert page.locator("html").get_attribute("lang") == "en"
        assert_accessible(page, "guide de syndication")
        declaree("documentation/<slug:guide>/", test)

        call_command("load_parcours", stdout=io.StringIO())
        etape = next(
            e for e in Etape.objects.order_by("ordre") if ArticlePage.objects.live().filter(etapes=e).exists()
        )
        for format_ in ("rss", "atom"):
            page.goto(f"/flux/etapes/{etape.slug}.{format_}")
            # Shown through the hub's XSL: a French page with the feed's title and its articles.
            assert page.locator("html").get_attribute("lang") == "fr"
            assert page.locator("h1").inner_text() == f"1000 premiers jours — {etape.nom}"
            assert page.locator("article h3 a").count() >= 1
            # Chromium 156 inserts its own notice that XSLT is being removed from the browser (an
            # <xslt-warning-banner> element that is not in the document the hub sends): not checked.
            assert_accessible(page, f"flux {format_} dans le navigateur", exclure=["xslt-warning-banner"])
        declaree("^flux/(?P<genre>etapes|thematiques)/(?P<slug>[-\\w]+)\\.(?P<format>rss|atom|json)$", test)


@pytest.mark.django_db(transaction=True)
def test_pages_d_erreur(browser, live_server, settings):
    with onglet(browser, live_server) as page:
        settings.ROOT_URLCONF = "tests.hub.urls_erreurs"  # the hub's URLs and handlers, plus failing routes
        fini = abonnement.jeton(
            abonnement.Abonnement(parcours.Situation.ENFANT, parcours.aujourdhui() - timedelta(days=800))
        )
        for adresse, statut, titre in [
            ("/cette-page-n-existe-pas/", 404, "Page non trouvée"),
            ("/test-erreurs/interdit/", 403, "Accès refusé"),
            ("/test-erreurs/panne/", 500, "Erreur inattendue"),
            (f"/calendrier/{fini}/", 410, "Cette page n’est plus disponible"),
        ]:
            reponse = page.goto(adresse)
            assert reponse.status == statut
            assert page.locator("html").get_attribute("lang") == "fr"
            assert page.locator("h1").inner_text() == titre
            assert page.get_by_role("link", name="Page d’accueil").is_visible()
            assert_accessible(page, f"page d'erreur {statut}")

        # CSRF failure: the form sent without its cookie (expired session, cookies refused).
        page.goto("/calendrier/")
        page.context.clear_cookies()
        page.locator("label[for=id_situation_1]").click()
        page.get_by_label("Date prévue d’accouchement ou date de naissance").fill("01/01/2026")
        with page.expect_navigation():
            page.get_by_role("button", name="Obtenir mes liens d’agenda").click()
        assert page.locator("h1").inner_text() == "Le formulaire n’a pas pu être envoyé"
        assert page.get_by_role("link", name="Revenir au formulaire").get_attribute("href") == "/calendrier/"
        assert_accessible(page, "formulaire expiré (CSRF)")
        declaree("erreurs", ICI + "test_pages_d_erreur")
