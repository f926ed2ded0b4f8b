"""The follow-up team's queue in a real browser: take a case, change its status; editors refused."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from tests.e2e.conftest import admin_login, assert_accessible

MOT_DE_PASSE = "mot-de-passe-solide-42"


def _preparer():
    from epds.groupes import creer_groupe_equipe_suivi
    from epds.models import DossierSuivi, Partenaire
    from epds.soumissions import demander_contact, jeton_de, soumettre

    call_command("load_epds", stdout=open("/dev/null", "w"))
    partenaire = Partenaire.objects.create(nom="Maternité test", slug="maternite-test")
    # item 10 positive (3 points) with 13 points in all: « Oui, très souvent » is index 0
    soumission, _ = soumettre(
        source=partenaire.slug, langue="fr", version="2026.1", reponses=[1, 1, 1, 1, 3, 3, 3, 3, 3, 0]
    )
    demander_contact(
        resultat=str(soumission.uuid),
        jeton=jeton_de(soumission.uuid),
        prenom="Dominique",
        canal="TELEPHONE",
        telephone="0612345678",
        creneaux=["MATIN"],
        consentement=True,
    )
    User = get_user_model()
    membre = User.objects.create_user("suivi", password=MOT_DE_PASSE, first_name="Sam", last_name="Suivi")
    membre.groups.add(creer_groupe_equipe_suivi())
    editeur = User.objects.create_user("editeur", password=MOT_DE_PASSE)
    editeurs, _ = Group.objects.get_or_create(name="Editors")
    editeurs.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    editeur.groups.add(editeurs)
    return DossierSuivi.objects.get(soumission=soumission), membre


@pytest.mark.django_db(transaction=True)
def test_team_member_takes_a_case_and_changes_its_status(page):
    from wagtail.models import ModelLogEntry

    dossier, membre = _preparer()
    admin_login(page, "suivi", MOT_DE_PASSE)

    page.goto("/admin/epds/file-suivi/")
    assert "/admin/epds/file-suivi/" in page.url
    assert page.get_by_role("row").filter(has_text="question 10").count() == 1  # the case, flagged
    assert_accessible(page, "file de suivi")
    page.get_by_role("link", name=str(dossier)).click()
    page.wait_for_url(f"**/admin/epds/file-suivi/edit/{dossier.pk}/")
    assert page.get_by_text("Dominique").first.is_visible()
    assert_accessible(page, "dossier de suivi")

    page.get_by_role("button", name="Prendre ce dossier").click()
    page.wait_for_url(f"**/admin/epds/file-suivi/edit/{dossier.pk}/")
    dossier.refresh_from_db()
    assert dossier.assigne_a == membre

    page.get_by_role("combobox", name="Statut").select_option("echange_initial")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_url("**/admin/epds/file-suivi/")
    dossier.refresh_from_db()
    assert dossier.statut == "echange_initial"
    actions = set(ModelLogEntry.objects.for_instance(dossier).values_list("action", flat=True))
    assert {"epds.assignation", "epds.statut", "wagtail.edit"} <= actions


@pytest.mark.django_db(transaction=True)
def test_an_editor_is_refused_the_queue(page):
    dossier, _ = _preparer()
    admin_login(page, "editeur", MOT_DE_PASSE)
    assert page.get_by_text("File de suivi EPDS").count() == 0
    page.goto(f"/admin/epds/file-suivi/edit/{dossier.pk}/")
    assert "/file-suivi/" not in page.url  # sent back to the dashboard
    assert page.get_by_text("Dominique").count() == 0
    page.goto("/admin/epds/file-suivi/")
    assert "/file-suivi/" not in page.url
