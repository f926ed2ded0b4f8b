"""Helpers of the browser tests of the hub's pages for people (tests/e2e/test_pages_*.py)."""

from __future__ import annotations

from contextlib import contextmanager

from hub import accessibilite


@contextmanager
def onglet(browser, live_server, **options):
    """A page in its own browser context, closed when the test body ends — before the test's
    database flush, so that no late request (a favicon) reaches the server in between and
    recreates rows (content types) that the next test's serialized rollback then duplicates."""
    from django.test import override_settings

    contexte = browser.new_context(base_url=live_server.url, locale="fr-FR", **options)
    page = contexte.new_page()
    page.set_default_timeout(15_000)
    # The live server's ephemeral port is a port the hub is served on (hub.adresses).
    try:
        with override_settings(ALLOWED_HOST_PORTS=[live_server.url.rsplit(":", 1)[1]]):
            yield page
    finally:
        page.goto("about:blank")
        contexte.close()


def declaree(route: str, test: str) -> None:
    """The accessibility statement lists this page as checked by this test, with 0 errors: the
    statement says what the tests showed (hub/accessibilite.py)."""
    pages = [p for p in accessibilite.donnees()["pages"] if p.get("route") == route]
    assert pages, f"docs/accessibilite.json ne liste pas la page « {route} »"
    assert pages[0]["test"] == test and pages[0]["violations"] == 0, pages[0]


def tab_jusqua(page, selecteur: str, maximum: int = 40) -> None:
    """Presses Tab until the element matching `selecteur` has the focus (keyboard only)."""
    for _ in range(maximum):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selecteur):
            return
    raise AssertionError(f"{selecteur} jamais atteint au clavier en {maximum} tabulations")


def sans_defilement_horizontal(page) -> None:
    largeur = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert largeur[0] <= largeur[1], f"la page déborde : {largeur[0]} px pour {largeur[1]} px de large"
