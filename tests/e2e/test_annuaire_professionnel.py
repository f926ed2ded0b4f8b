"""A professional updates their phone number through the link an editor emailed them; the editor
approves it in the admin; the `professionnels` query returns the new number; the link is spent."""

import io
import json
import re
import urllib.error
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command

from annuaire.models import ModificationProposee, Professionnel
from tests.e2e.conftest import admin_login, assert_accessible
from tests.support.factories import envoyer_emails_en_attente

MOT_DE_PASSE = "mot-de-passe-solide-42"
REQUETE = (
    "query($r: RechercheProfessionnels) { professionnels(recherche: $r) "
    "{ totalCount edges { node { nom telephone verifieLe } } } }"
)


def telephones(live_server) -> list[str]:
    """What an app gets from the running hub (no session cookie)."""
    requete = urllib.request.Request(
        f"{live_server.url}/graphql/",
        data=json.dumps({"query": REQUETE, "variables": {"r": {"texte": "Lefèvre"}}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(requete, timeout=15) as reponse:
        resultat = json.load(reponse)
    assert "errors" not in resultat, resultat
    return [e["node"]["telephone"] for e in resultat["data"]["professionnels"]["edges"]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # restores the Wagtail tree
def test_professional_updates_their_phone_and_the_editor_approves_it(page, browser, live_server, settings):
    # An earlier transactional test's flush may have left content type ids in this cache.
    ContentType.objects.clear_cache()
    settings.SITE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("load_departements", stdout=io.StringIO())
    pro = Professionnel(
        nom="Lefèvre",
        prenom="Claire",
        profession="sage_femme",
        telephone="01 23 45 67 89",
        email="claire.lefevre@example.fr",
        adresse="3 rue Oberkampf",
        code_postal="75011",
        commune="Paris",
        langues=["français", "anglais"],
    )
    pro.save()
    get_user_model().objects.create_superuser("editrice", "e@example.org", MOT_DE_PASSE)
    assert telephones(live_server) == ["01 23 45 67 89"]

    # The editor sends the link from the professional's page in the admin.
    admin_login(page, "editrice", MOT_DE_PASSE)
    page.goto(f"/admin/snippets/annuaire/professionnel/edit/{pro.pk}/")
    page.locator("button.w-h-slim-header[aria-label=Actions]").click()  # the header's « … » menu
    page.get_by_role("link", name="Envoyer un lien de mise à jour").click()
    page.wait_for_url(f"**/admin/annuaire/professionnels/{pro.pk}/lien-mise-a-jour/")
    assert page.get_by_text("claire.lefevre@example.fr").first.is_visible()
    page.get_by_role("button", name="Envoyer le lien").click()
    page.wait_for_url(f"**/admin/snippets/annuaire/professionnel/edit/{pro.pk}/")
    assert envoyer_emails_en_attente() == 1  # what the worker does
    (message,) = mail.outbox
    assert message.to == ["claire.lefevre@example.fr"]
    lien = re.search(r"http://\S+/professionnels/mise-a-jour/\S+/", message.body).group(0)

    # The professional, without any account, opens the link in their own browser.
    contexte = browser.new_context(locale="fr-FR")
    pro_page = contexte.new_page()
    pro_page.set_default_timeout(15_000)
    try:
        reponse = pro_page.goto(lien)
        assert reponse.status == 200
        assert pro_page.get_by_role("heading", level=1).inner_text() == "Mettre à jour ma fiche"
        telephone = pro_page.get_by_label("Téléphone")
        assert telephone.input_value() == "01 23 45 67 89"  # pre-filled
        assert pro_page.get_by_label("Langues parlées").input_value() == "français, anglais"
        assert_accessible(pro_page, "formulaire de mise à jour")

        # A wrong number is refused next to the field, nothing is stored.
        telephone.fill("06 12")
        pro_page.get_by_role("button", name="Envoyer mes informations").click()
        erreur = pro_page.locator("#erreur_telephone")
        assert "numéro de téléphone français valide" in erreur.inner_text()
        assert "erreur_telephone" in pro_page.get_by_label("Téléphone").get_attribute("aria-describedby")
        assert pro_page.get_by_role("alert").is_visible()
        assert ModificationProposee.objects.count() == 0
        assert_accessible(pro_page, "formulaire avec erreurs")

        pro_page.get_by_label("Téléphone").fill("06 12 34 56 78")
        pro_page.get_by_role("button", name="Envoyer mes informations").click()
        pro_page.wait_for_url("**/professionnels/mise-a-jour/merci/modification/")
        assert "bien été envoyée" in pro_page.get_by_role("heading", level=1).inner_text()
        assert_accessible(pro_page, "page de confirmation")
        assert telephones(live_server) == ["01 23 45 67 89"]  # not published before review

        # The editor reviews the change: the diff shows the current and the proposed number.
        page.goto("/admin/annuaire/modifications/")
        assert_accessible(page, "file des modifications proposées")
        page.get_by_role("link", name="Claire Lefèvre").click()
        ligne = page.get_by_role("row").filter(has_text="Téléphone")
        assert "01 23 45 67 89" in ligne.inner_text() and "06 12 34 56 78" in ligne.inner_text()
        assert_accessible(page, "modification à examiner")
        page.get_by_role("button", name="Approuver").click()
        page.wait_for_url("**/admin/annuaire/modifications/")
        assert page.get_by_text("a été mise à jour").first.is_visible()

        assert telephones(live_server) == ["06 12 34 56 78"]
        pro.refresh_from_db()
        assert pro.verifie_le is not None

        # The link is spent: a clear page, 410.
        reponse = pro_page.goto(lien)
        assert reponse.status == 410
        assert pro_page.get_by_role("heading", level=1).inner_text() == "Ce lien a déjà été utilisé"
        assert_accessible(pro_page, "lien déjà utilisé")
    finally:
        contexte.close()
    with pytest.raises(urllib.error.HTTPError) as erreur:
        urllib.request.urlopen(lien, timeout=15)
    assert erreur.value.code == 410
