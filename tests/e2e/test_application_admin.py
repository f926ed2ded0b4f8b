"""The admin screens of issue #18 part A, in the browser and checked with axe-core: the app's
configuration, the place types of the map, and the queue of places suggested by parents (a
suggestion accepted there becomes a located place)."""

import io
import json
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from annuaire.models import Lieu, SuggestionLieu, TypeDeLieu
from contenus.models import ConfigurationApplication
from tests.e2e.conftest import admin_login, assert_accessible
from tests.support.ban import ServeurBAN

MOT_DE_PASSE = "mot-de-passe-solide-42"


def _graphql(live_server, query, variables=None):
    requete = urllib.request.Request(
        f"{live_server.url}/graphql/",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(requete, timeout=15) as reponse:
        return json.load(reponse)


@pytest.mark.longue
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_configuration_place_types_and_suggestion_queue(page, live_server, settings):
    call_command("load_departements", stdout=io.StringIO())
    call_command("load_types_lieu", stdout=io.StringIO())
    get_user_model().objects.create_superuser("editrice", "e@example.org", MOT_DE_PASSE)
    admin_login(page, "editrice", MOT_DE_PASSE)

    # Configuration of the app: versions, news, switches
    page.goto("/admin/settings/contenus/configurationapplication/")
    page.fill("#id_version_ios", "2.4.1")
    page.fill("#id_version_minimale_ios", "2.0")
    page.fill("#id_nouveautes_titre", "Nouveau : la carte")
    page.uncheck("#id_zero_accident")
    assert_accessible(page, "configuration de l'application")
    page.locator("footer button[type=submit]").first.click()
    page.wait_for_selector(".messages li")
    assert_accessible(page, "configuration enregistrée")
    reglages = ConfigurationApplication.load()
    assert (reglages.version_ios, reglages.zero_accident) == ("2.4.1", False)
    config = _graphql(
        live_server,
        '{ configurationApplication { miseAJour(plateforme: IOS, version: "2.3") zeroAccident } }',
    )["data"]["configurationApplication"]
    assert config == {"miseAJour": "CONSEILLEE", "zeroAccident": False}

    # Place types: the list and one type tied to a stage
    page.goto("/admin/snippets/annuaire/typedelieu/")
    assert page.get_by_role("link", name="Maternité").first.is_visible()
    assert_accessible(page, "types de lieux")
    maternite = TypeDeLieu.objects.get(code="maternite")
    page.goto(f"/admin/snippets/annuaire/typedelieu/edit/{maternite.pk}/")
    page.fill("#id_etapes", "accouchement, suite-et-fin-de-grossesse")
    assert_accessible(page, "type de lieu")
    page.locator("footer button[type=submit]").first.click()
    page.wait_for_url("**/admin/snippets/annuaire/typedelieu/")
    maternite.refresh_from_db()
    assert (
        maternite.etapes == ["accouchement", "suite-et-fin-de-grossesse"]
        and maternite.categorie == "structure"
    )

    # A parent's suggestion, accepted from the queue: the place is created and located
    ban = ServeurBAN({"5 rue des halles": (2.3469, 48.8606, 0.95)})
    settings.WEBHOOK_RESEAUX_AUTORISES = ["127.0.0.1/32"]
    settings.GEOCODER = "annuaire.geocodage.GeocodeurBAN"
    settings.GEOCODER_URL = ban.url
    try:
        reponse = _graphql(
            live_server,
            "mutation($i: SuggestionLieuInput!) { suggererLieu(input: $i) { reference errors { code } } }",
            {
                "i": {
                    "nom": "PMI des Halles",
                    "type": "PMI",
                    "adresse": "5 rue des Halles",
                    "codePostal": "75001",
                    "commune": "Paris",
                }
            },
        )["data"]["suggererLieu"]
        assert reponse["errors"] == []
        page.goto("/admin/annuaire/suggestions/")
        assert_accessible(page, "file des suggestions")
        page.get_by_role("link", name="PMI des Halles").click()
        page.wait_for_selector("#suggestion")
        assert_accessible(page, "suggestion à examiner")
        page.get_by_role("button", name="Accepter").click()
        page.wait_for_url("**/admin/snippets/annuaire/lieu/edit/**")
        assert_accessible(page, "lieu créé depuis la suggestion")
    finally:
        ban.arreter()
    lieu = Lieu.objects.get(nom="PMI des Halles")
    assert (lieu.latitude, lieu.longitude, lieu.publie) == (48.8606, 2.3469, False)
    assert SuggestionLieu.objects.get().statut == "acceptee"
