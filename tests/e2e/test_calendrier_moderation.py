"""A « Rédaction » user creates a calendar event in weeks of amenorrhoea and submits it; a
« Modération » user publishes it through « Validation par la modération »; `calendrier` returns it
with the right date. Neither is a superuser."""

import io
import json
import urllib.request
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from playwright.sync_api import expect

from contenus import groupes
from contenus.models import Evenement
from tests.e2e.conftest import admin_login, assert_accessible

MOT_DE_PASSE = "mot-de-passe-solide-42"


def _membre(nom, groupe):
    utilisateur = User.objects.create_user(nom, f"{nom}@example.org", MOT_DE_PASSE)
    utilisateur.groups.add(Group.objects.get(name=groupe))
    return utilisateur


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_redaction_submits_an_event_in_sa_and_moderation_publishes_it(page, live_server, browser):
    call_command("load_parcours", stdout=io.StringIO())
    if not Group.objects.filter(name=groupes.REDACTION).exists():
        groupes.creer_groupes_editoriaux()
    _membre("redactrice", groupes.REDACTION)
    _membre("moderateur", groupes.MODERATION)

    # Rédaction: the window is entered as the texts write it, 30 SA to 32 SA
    admin_login(page, "redactrice", MOT_DE_PASSE)
    page.goto("/admin/snippets/contenus/evenement/add/")
    page.fill("#id_nom", "Atelier allaitement")
    page.locator("#id_nom").blur()  # the slug is filled from the title
    page.fill("#id_description", "Un atelier pour préparer l'allaitement.")
    page.fill("#id_debut_nombre", "30")
    page.select_option("#id_debut_unite", "sa")
    page.fill("#id_fin_nombre", "32")
    page.select_option("#id_fin_unite", "sa")
    page.fill("#id_source", "https://www.ameli.fr/")
    # Wagtail's slug sync runs after the blur, a little later on a busy machine: wait for it
    expect(page.locator("#id_slug")).to_have_value("atelier-allaitement")
    assert_accessible(page, "formulaire du calendrier")
    page.locator("footer .w-dropdown__toggle").click()
    soumettre = page.locator("button[name='action-submit']")
    assert "Validation par la modération" in soumettre.inner_text()
    assert page.locator("button[name='action-publish']").count() == 0  # Rédaction cannot publish
    soumettre.click()
    page.wait_for_url("**/admin/snippets/contenus/evenement/**")
    evenement = Evenement.objects.get(slug="atelier-allaitement")
    assert not evenement.live and (evenement.debut, evenement.fin) == (30 * 7 - 287, 32 * 7 - 287)

    # Modération: approves (and so publishes) from the edit screen
    moderation = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page2 = moderation.new_page()
    page2.set_default_timeout(15_000)
    admin_login(page2, "moderateur", MOT_DE_PASSE)
    page2.goto(f"/admin/snippets/contenus/evenement/edit/{evenement.pk}/")
    page2.locator("footer .w-dropdown__toggle").click()
    approuver = page2.locator(
        "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    )
    with page2.expect_navigation():
        approuver.click()
    evenement.refresh_from_db()
    assert evenement.live
    moderation.close()

    # an app asks the running hub: due date 2027-05-14, the event starts at 30 SA
    terme = date(2027, 5, 14)
    requete = urllib.request.Request(
        f"{live_server.url}/graphql/",
        data=json.dumps(
            {
                "query": "query($d: Date!, $a: Date) { calendrier(situation: GROSSESSE, date: $d, aujourdhui: $a) "
                "{ date dateFin evenement { slug } } }",
                "variables": {"d": terme.isoformat(), "a": "2026-09-01"},
            }
        ).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(requete, timeout=15) as reponse:
        calendrier = json.load(reponse)["data"]["calendrier"]
    rdv = next(r for r in calendrier if r["evenement"]["slug"] == "atelier-allaitement")
    assert (
        rdv["date"] == (terme - timedelta(days=287 - 30 * 7)).isoformat() == "2027-02-26"
    )  # 77 days before term
    assert rdv["dateFin"] == (terme - timedelta(days=287 - 32 * 7 + 1)).isoformat()
