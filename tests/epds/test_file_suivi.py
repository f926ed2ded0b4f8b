"""The follow-up team's queue in the Wagtail admin (Django test client; the browser test is in e2e)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import ModelLogEntry

from epds.groupes import creer_groupe_equipe_suivi

MOT_DE_PASSE = "mot-de-passe-de-test-123"


def groupe_editeurs():
    """Wagtail's « Editors » group: admin access and page/snippet editing, nothing of EPDS cases."""
    from django.contrib.auth.models import Permission

    groupe, _ = Group.objects.get_or_create(name="Editors")
    groupe.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return groupe


@pytest.fixture
def membre(django_user_model):
    user = django_user_model.objects.create_user("suivi", password=MOT_DE_PASSE)
    # The data migration creates it; a transactional test's flush may have removed it since.
    user.groups.add(creer_groupe_equipe_suivi())
    return user


@pytest.fixture
def editeur(django_user_model):
    user = django_user_model.objects.create_user("editeur", password=MOT_DE_PASSE)
    user.groups.add(groupe_editeurs())
    return user


@pytest.fixture
def dossiers(soumettre, contact):
    from epds.models import DossierSuivi

    # created oldest first: a high score, an item-10 alert at a low score, the highest score
    r12 = soumettre(score=12)["resultat"]
    r_alerte = soumettre(score=2, question_10=1)["resultat"]
    r20 = soumettre(score=20)["resultat"]
    r13 = soumettre(score=13)["resultat"]
    contact(r12, prenom="Alix")
    return {
        nom: DossierSuivi.objects.get(soumission__uuid=r["id"])
        for nom, r in {"12": r12, "alerte": r_alerte, "20": r20, "13": r13}.items()
    }


def test_editors_cannot_see_the_queue(client, editeur, dossiers):
    client.force_login(editeur)
    assert client.get("/admin/").status_code == 200
    assert "File de suivi" not in client.get("/admin/").content.decode()
    assert client.get(reverse("file_suivi_epds:index")).status_code in (302, 403)
    assert client.get(reverse("file_suivi_epds:edit", args=[dossiers["12"].pk])).status_code in (302, 403)
    response = client.post(reverse("file_suivi_epds:prendre", args=[dossiers["12"].pk]))
    assert response.status_code in (302, 403) and response.get("Location", "/admin/") == "/admin/"
    dossiers["12"].refresh_from_db()
    assert dossiers["12"].assigne_a is None


def test_queue_is_sorted_by_priority(client, membre, dossiers):
    client.force_login(membre)
    page = client.get(reverse("file_suivi_epds:index"))
    assert page.status_code == 200
    html = page.content.decode()
    positions = [
        html.index(f'/admin/epds/file-suivi/edit/{dossiers[n].pk}/"') for n in ("alerte", "20", "13", "12")
    ]
    assert positions == sorted(positions)
    # a closed case goes after the open ones, whatever its priority
    from epds.models import DossierSuivi

    DossierSuivi.objects.filter(pk=dossiers["alerte"].pk).update(statut="clos")
    html = client.get(reverse("file_suivi_epds:index")).content.decode()
    positions = [
        html.index(f'/admin/epds/file-suivi/edit/{dossiers[n].pk}/"') for n in ("20", "13", "12", "alerte")
    ]
    assert positions == sorted(positions)


def test_team_member_takes_a_case_and_moves_it_along(client, membre, dossiers):
    dossier = dossiers["12"]
    client.force_login(membre)
    edit = reverse("file_suivi_epds:edit", args=[dossier.pk])
    page = client.get(edit).content.decode()
    assert "Alix" in page and "+33612345678" in page  # decrypted for the team only
    assert "équipe de suivi : en attente" in page  # the email's delivery state

    client.post(reverse("file_suivi_epds:prendre", args=[dossier.pk]))
    dossier.refresh_from_db()
    assert dossier.assigne_a == membre

    # nouveau → aidée skips the initial exchange: refused
    refus = client.post(edit, {"statut": "aidee", "assigne_a": membre.pk, "notes": ""})
    assert refus.status_code == 200
    dossier.refresh_from_db()
    assert dossier.statut == "nouveau"

    for statut in ("echange_initial", "orientee", "clos"):
        reponse = client.post(edit, {"statut": statut, "assigne_a": membre.pk, "notes": "Appel fait."})
        assert reponse.status_code == 302, reponse.content.decode()[:2000]
    dossier.refresh_from_db()
    assert dossier.statut == "clos" and dossier.clos_le is not None and dossier.notes == "Appel fait."

    logs = ModelLogEntry.objects.for_instance(dossier).order_by("timestamp", "pk")
    actions = [(log.action, log.data.get("vers")) for log in logs]
    assert actions[0] == ("epds.ouverture", None)  # opened by the submission (score 12)
    assert ("epds.demande_contact", None) in actions
    assert [vers for action, vers in actions if action == "epds.statut"] == [
        "echange_initial",
        "orientee",
        "clos",
    ]
    assert ("epds.assignation", None) in actions
    assert all(
        log.user_id == membre.pk
        for log in logs
        if log.action not in ("epds.ouverture", "epds.demande_contact")
    )
    # the audit log never holds the parent's personal data
    assert "Alix" not in str([log.data for log in logs]) and "Appel fait" not in str(
        [log.data for log in logs]
    )


def test_cases_cannot_be_created_or_deleted_from_the_admin(client, membre, dossiers):
    client.force_login(membre)
    assert client.get("/admin/epds/file-suivi/new/").status_code in (403, 302, 404)
    assert client.post(f"/admin/epds/file-suivi/delete/{dossiers['12'].pk}/").status_code in (403, 302, 404)
    from epds.models import DossierSuivi

    assert DossierSuivi.objects.count() == 4


def test_queue_filters_by_status_and_assignee(client, membre, dossiers):
    from epds.models import DossierSuivi

    DossierSuivi.objects.filter(pk=dossiers["20"].pk).update(assigne_a=membre)
    client.force_login(membre)
    html = client.get(reverse("file_suivi_epds:index"), {"assigne_a": membre.pk}).content.decode()
    assert f'/edit/{dossiers["20"].pk}/"' in html and f'/edit/{dossiers["13"].pk}/"' not in html
    html = client.get(reverse("file_suivi_epds:index"), {"statut": "nouveau"}).content.decode()
    assert f'/edit/{dossiers["12"].pk}/"' in html and f'/edit/{dossiers["20"].pk}/"' not in html
