"""The follow-up team in a real browser: a nurse's day (the urgent callback first, two attempts,
an orientation, closing; the dashboard then shows it); editors refused. axe-core on each page."""

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

    def soumettre_et_demander(reponses, prenom=None, **demande):
        soumission, _ = soumettre(source=partenaire.slug, langue="fr", version="2026.1", reponses=reponses)
        if prenom:
            demander_contact(
                resultat=str(soumission.uuid),
                jeton=jeton_de(soumission.uuid),
                prenom=prenom,
                consentement=True,
                **demande,
            )
        return DossierSuivi.objects.get(soumission=soumission)

    # oldest first: a high score with a request, an item-10 alert without one, then the urgent
    # callback (item 10 positive, 13 points in all; « Oui, très souvent » is index 0)
    soumettre_et_demander([3, 3, 3, 3, 3, 3, 1, 1, 1, 3], prenom="Alix", canal="SMS", telephone="0611111111")
    soumettre_et_demander([3, 3, 3, 3, 3, 3, 3, 3, 3, 2])
    urgent = soumettre_et_demander(
        [1, 1, 1, 1, 3, 3, 3, 3, 3, 0],
        prenom="Dominique",
        canal="TELEPHONE",
        telephone="0612345678",
        creneaux=["MATIN"],
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
    return urgent, membre


@pytest.mark.longue
@pytest.mark.django_db(transaction=True)
def test_a_nurses_day(page):
    from django.core.cache import cache
    from wagtail.models import ModelLogEntry

    urgent, membre = _preparer()
    admin_login(page, "suivi", MOT_DE_PASSE)

    # the queue: the urgent callback comes first, its order explained
    page.get_by_role("link", name="File de suivi EPDS").first.click()
    page.wait_for_url("**/admin/epds/file-suivi/")
    premiere = page.locator("table.listing tbody tr").first
    assert "rappel demandé — question 10" in premiere.inner_text()
    assert "créneaux : matin (9h–12h)" in premiere.inner_text()
    assert page.get_by_text("Les parents qui demandent à être rappelés").is_visible()
    assert_accessible(page, "file de suivi")

    premiere.get_by_role("link", name=str(urgent)).click()
    page.wait_for_url(f"**/admin/epds/file-suivi/edit/{urgent.pk}/")
    assert page.get_by_role("link", name="06 12 34 56 78").first.get_attribute("href") == "tel:+33612345678"
    assert_accessible(page, "dossier de suivi")

    page.get_by_role("button", name="Prendre ce dossier").click()
    page.wait_for_url(f"**/admin/epds/file-suivi/edit/{urgent.pk}/")

    # two attempts: no answer, then the parent is reached
    for resultat, commentaire in (
        ("tentative : parent non joint", "Messagerie, message laissé."),
        ("échange : parent joint", "Dominique rappelée, accepte de voir une psychologue."),
    ):
        page.get_by_label("Canal").select_option("telephone")
        page.get_by_label(resultat).check()
        page.get_by_label("Commentaire (chiffré, visible de l'équipe seulement)").fill(commentaire)
        page.get_by_role("button", name="Noter au journal").click()
        page.wait_for_url(f"**/admin/epds/file-suivi/edit/{urgent.pk}/")
        assert page.get_by_text(commentaire).is_visible()

    # orient the parent, then close: the outcome is kept
    page.get_by_label("orientée", exact=True).check()
    page.get_by_label("Orientée vers (type de professionnel ou de lieu)").select_option("psychologue")
    page.get_by_role("button", name="Enregistrer l'issue").click()
    page.wait_for_url(f"**/admin/epds/file-suivi/edit/{urgent.pk}/")
    assert page.get_by_text("vers : Psychologue").is_visible()
    # Wagtail fades its message in: axe measures it once shown (mid-fade its contrast is lower)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.messages li')].every(m => getComputedStyle(m).opacity === '1')"
        " && [...document.querySelectorAll('.messages')].every("
        "m => m.getAnimations({subtree: true}).every(a => a.playState !== 'running'))"
    )
    assert_accessible(page, "dossier de suivi, après l'issue")
    page.get_by_role("button", name="Clore le dossier").click()
    page.wait_for_url("**/admin/epds/file-suivi/")

    urgent.refresh_from_db()
    assert (urgent.statut, urgent.issue, urgent.assigne_a) == ("clos", "orientee", membre)
    assert [e.joint for e in urgent.journal.all()] == [False, True]
    actions = list(ModelLogEntry.objects.for_instance(urgent).values_list("action", flat=True))
    assert actions.count("epds.contact") == 2 and "epds.issue" in actions

    # the dashboard shows it
    page.get_by_role("link", name="Impact du suivi").first.click()
    page.wait_for_url("**/admin/epds/file-suivi/tableau/")
    ligne = page.get_by_role("row", name="Parents aidés (aidés ou orientés)").first
    assert ligne.get_by_role("cell").inner_text() == "1"
    assert page.get_by_role("row", name="Parents testés").first.get_by_role("cell").inner_text() == "3"
    assert page.get_by_role("img", name="Parents aidés (aidés ou orientés) par semaine").is_visible()
    assert_accessible(page, "tableau de bord")

    cache.delete("epds:statistiques-publiques")
    page.goto("/statistiques/")
    assert page.get_by_role("heading", name="Statistiques du service").is_visible()
    assert (
        page.get_by_role("row", name="Parents aidés (aidés ou orientés)")
        .first.get_by_role("cell")
        .inner_text()
        == "1"
    )
    assert_accessible(page, "/statistiques/")


@pytest.mark.django_db(transaction=True)
def test_an_editor_is_refused_the_queue(page):
    dossier, _ = _preparer()
    admin_login(page, "editeur", MOT_DE_PASSE)
    assert page.get_by_text("File de suivi EPDS").count() == 0
    page.goto(f"/admin/epds/file-suivi/edit/{dossier.pk}/")
    assert "/file-suivi/" not in page.url  # sent back to the dashboard
    assert page.get_by_text("Dominique").count() == 0
    for chemin in ("/admin/epds/file-suivi/", "/admin/epds/file-suivi/tableau/"):
        page.goto(chemin)
        assert "/file-suivi/" not in page.url
