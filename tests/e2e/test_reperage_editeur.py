"""An editor replaces the sample « repérage TND » questionnaire in the admin: publishing it is
refused while it is marked as sample content, accepted once not; the app's query returns it.
Every admin screen on the way is checked with axe-core."""

import io
import json
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from reperage.models import QuestionnaireTnd
from tests.e2e.conftest import admin_login, assert_accessible

MOT_DE_PASSE = "mot-de-passe-solide-42"


@pytest.mark.longue
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_replaces_the_sample_and_publishes_it(page, live_server):
    call_command("load_reperage", stdout=io.StringIO())
    get_user_model().objects.create_superuser("editrice", "e@example.org", MOT_DE_PASSE)
    exemple = QuestionnaireTnd.objects.get(cle="exemple-tnd-12-18-mois")

    admin_login(page, "editrice", MOT_DE_PASSE)
    page.goto("/admin/snippets/reperage/questionnairetnd/")
    assert page.get_by_text("Repérage 12–18 mois (contenu d'exemple — à faire valider)").count() >= 1
    assert_accessible(page, "liste des questionnaires de repérage")
    page.goto("/admin/snippets/reperage/domainetnd/")
    assert_accessible(page, "liste des domaines")

    page.goto(f"/admin/snippets/reperage/questionnairetnd/edit/{exemple.pk}/")
    assert_accessible(page, "questionnaire de repérage")
    page.check("#id_publie")
    page.locator("footer button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.get_by_text("Un contenu d'exemple ne se publie pas").count() == 1
    assert_accessible(page, "questionnaire refusé à la publication")
    exemple.refresh_from_db()
    assert not exemple.publie

    page.fill("#id_questions-0-libelle", "Item recopié de la grille officielle (test)")
    page.fill("#id_source_url", "https://exemple.test/grille-officielle")
    page.uncheck("#id_contenu_exemple")
    page.check("#id_publie")
    page.locator("footer button[type=submit]").first.click()
    page.wait_for_url("**/admin/snippets/reperage/questionnairetnd/**")
    exemple.refresh_from_db()
    assert exemple.publie and not exemple.contenu_exemple

    requete = urllib.request.Request(
        f"{live_server.url}/graphql/",
        data=json.dumps(
            {
                "query": "query($a: Int!) { questionnaireReperage(ageMois: $a) { cle questions { numero libelle } } }",
                "variables": {"a": 15},
            }
        ).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(requete, timeout=15) as reponse:
        q = json.load(reponse)["data"]["questionnaireReperage"]
    assert q["cle"] == "exemple-tnd-12-18-mois"
    assert q["questions"][0] == {"numero": 1, "libelle": "Item recopié de la grille officielle (test)"}
