"""/calendrier/ in a real browser, by keyboard only, 320 px wide: axe-core finds nothing on the
form, its errors and the subscription links; the subscription's .ics has the listed
appointments; the same journey works with JavaScript off."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from icalendar import Calendar

from contenus import abonnement, parcours
from tests.e2e.conftest import assert_accessible
from tests.e2e.pages_publiques import declaree, onglet, sans_defilement_horizontal, tab_jusqua

TEST = "tests/e2e/test_pages_calendrier.py::test_calendrier_au_clavier_a_320_px"


@pytest.mark.django_db(transaction=True)
def test_calendrier_au_clavier_a_320_px(browser, live_server, settings):
    settings.SITE_URL = live_server.url  # the links are absolute, from the configured address
    call_command("load_parcours", stdout=io.StringIO())  # the appointments (a flushed database has none)
    terme = parcours.aujourdhui() + timedelta(days=100)
    with onglet(browser, live_server, viewport={"width": 320, "height": 700}) as page:
        page.goto("/calendrier/")
        assert page.title() == "Calendrier des rendez-vous — 1000 premiers jours"
        sans_defilement_horizontal(page)
        assert_accessible(page, "calendrier : formulaire, 320 px")
        declaree("calendrier/", TEST)

        # Sent empty, by keyboard: the errors are announced and tied to their fields.
        tab_jusqua(page, "button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.title().startswith("Erreur : ")
        assert page.get_by_role("alert").is_visible()
        assert page.locator("#id_date").get_attribute("aria-describedby") == "date-messages"
        sans_defilement_horizontal(page)
        assert_accessible(page, "calendrier : formulaire avec erreurs, 320 px")

        tab_jusqua(page, "input[name=situation][value=GROSSESSE]")
        page.keyboard.press("Space")
        tab_jusqua(page, "#id_date")
        page.keyboard.type(terme.strftime("%d/%m/%Y"))
        tab_jusqua(page, "#id_rappels")
        page.keyboard.press("Space")
        tab_jusqua(page, "button[type=submit]")
        page.keyboard.press("Enter")
        page.wait_for_url("**/calendrier/*/")

        # The address holds the token only: no date, no query string.
        assert "?" not in page.url
        assert not any(
            f in page.url for f in (terme.isoformat(), terme.strftime("%Y%m%d"), terme.strftime("%d%m%Y"))
        )
        jeton = page.url.rstrip("/").rsplit("/", 1)[1]
        assert abonnement.lire_jeton(jeton) == abonnement.Abonnement(
            parcours.Situation.GROSSESSE, terme, rappels=True
        )
        assert page.locator("h1").inner_text() == "Vos liens d’agenda"
        assert page.locator("a[href^='webcal://']").count() == 1
        assert page.locator("a[href^='https://calendar.google.com/calendar/r?cid=webcal']").count() == 1
        assert page.locator("a[href*='/addfromweb?url=']").count() == 1
        assert page.locator("svg[role=img] title").count() == 1  # the QR code
        sans_defilement_horizontal(page)
        assert_accessible(page, "calendrier : liens d'abonnement, 320 px")
        declaree("^calendrier/(?P<jeton>[A-Za-z0-9_-]+)/$", TEST)

        # The file behind the links: as many appointments as the page lists, reminders included.
        fichier = page.locator("a[download]").get_attribute("href")
        reponse = page.request.get(fichier)
        assert reponse.ok and reponse.headers["content-type"].startswith("text/calendar")
        evenements = Calendar.from_ical(reponse.body()).walk("VEVENT")
        assert len(evenements) == page.locator("main h2:has-text('Les rendez-vous') + ul > li").count() > 0
        assert any(e.walk("VALARM") for e in evenements)

    # Without JavaScript the same keyboard journey reaches the links (nothing needs a script).
    with onglet(browser, live_server, java_script_enabled=False) as page:
        page.goto("/calendrier/")
        tab_jusqua(page, "input[name=situation][value=GROSSESSE]")  # a radio group is one tab stop
        page.keyboard.press("ArrowDown")  # selects « Mon enfant est né »
        assert page.locator("input[value=ENFANT]").is_checked()
        tab_jusqua(page, "#id_date")
        page.keyboard.type((parcours.aujourdhui() - timedelta(days=20)).strftime("%d/%m/%Y"))
        tab_jusqua(page, "button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator("h1").inner_text() == "Vos liens d’agenda"
        assert page.locator("a[href^='webcal://']").count() == 1
