"""Editorial roles as data (contenus/migrations/0004_reference_groupes.py): « Rédaction » writes and
submits, « Modération » publishes through « Validation par la modération »; no superuser needed."""

import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import Task, Workflow, WorkflowState

from contenus import groupes
from contenus.models import Evenement, Thematique

AJOUT = "/admin/snippets/contenus/evenement/add/"


@pytest.fixture
def roles(reference):
    if not Group.objects.filter(name=groupes.REDACTION).exists():  # a transactional test flushed them
        groupes.creer_groupes_editoriaux()


def _membre(nom, groupe):
    utilisateur = User.objects.create_user(nom, f"{nom}@example.org", "mot-de-passe")
    utilisateur.groups.add(Group.objects.get(name=groupe))
    return utilisateur


def _formulaire(**autres):
    return {
        "nom": "Atelier portage",
        "slug": "atelier-portage",
        "description": "Un atelier.",
        "debut_nombre": "1",
        "debut_unite": "mois",
        "fin_nombre": "2",
        "fin_unite": "mois",
        "thematique": str(Thematique.objects.get(slug="couple-et-parentalite").pk),
        "source": "https://www.ameli.fr/",
        **autres,
    }


def test_groups_and_workflow_are_in_french(roles):
    noms = set(Group.objects.values_list("name", flat=True))
    assert {"Rédaction", "Modération", "Annuaire", "Équipe de suivi"} <= noms
    assert not noms & {"Editors", "Moderators"}  # Wagtail's own groups, renamed rather than duplicated
    assert Group.objects.filter(name="Équipe de suivi").count() == 1
    assert list(Workflow.objects.values_list("name", flat=True)) == ["Validation par la modération"]
    assert "Moderators approval" not in set(Task.objects.values_list("name", flat=True))


@pytest.mark.parametrize(
    ("groupe", "peut", "ne_peut_pas"),
    [
        (
            "Rédaction",
            [
                "contenus.add_evenement",
                "contenus.change_mesure",
                "contenus.change_etape",
                "contenus.add_thematique",
                "contenus.add_documentparentheque",
                "wagtailadmin.access_admin",
            ],
            [
                "contenus.publish_evenement",
                "contenus.publish_mesure",
                "annuaire.change_professionnel",
                "epds.view_dossiersuivi",
            ],
        ),
        (
            "Modération",
            ["contenus.publish_evenement", "contenus.publish_mesure", "contenus.delete_evenement"],
            ["annuaire.change_professionnel", "epds.view_dossiersuivi"],
        ),
        ("Annuaire", ["annuaire.change_professionnel", "annuaire.add_lieu"], ["contenus.add_evenement"]),
    ],
)
def test_permissions_of_each_role(roles, groupe, peut, ne_peut_pas):
    utilisateur = _membre("personne", groupe)
    assert not utilisateur.is_superuser and not utilisateur.is_staff
    assert all(utilisateur.has_perm(p) for p in peut), [p for p in peut if not utilisateur.has_perm(p)]
    assert not any(utilisateur.has_perm(p) for p in ne_peut_pas)


def test_redaction_submits_an_event_and_moderation_publishes_it(roles, client):
    client.force_login(_membre("redactrice", "Rédaction"))
    reponse = client.post(AJOUT, _formulaire(**{"action-submit": "Soumettre"}))
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    evenement = Evenement.objects.get(slug="atelier-portage")
    assert not evenement.live
    etat = WorkflowState.objects.get(object_id=str(evenement.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    assert etat.workflow.name == "Validation par la modération"
    # Rédaction cannot publish on its own
    reponse = client.post(
        f"/admin/snippets/contenus/evenement/edit/{evenement.pk}/", _formulaire(**{"action-publish": "1"})
    )
    assert not Evenement.objects.get(pk=evenement.pk).live

    client.force_login(_membre("moderateur", "Modération"))
    tache = etat.current_task_state
    url = f"/admin/snippets/contenus/evenement/workflow/action/{evenement.pk}/approve/{tache.pk}/"
    reponse = client.post(url, {"comment": ""})
    assert reponse.status_code in (200, 302), reponse.content.decode()[:2000]
    evenement.refresh_from_db()
    assert evenement.live
    assert evenement.debut == 30 and evenement.fin == 61  # 1 to 2 months of age


def test_the_admin_says_validation_par_la_moderation(roles, client):
    client.force_login(_membre("redacteur", "Rédaction"))
    html = client.get(AJOUT).content.decode()
    assert "Validation par la modération" in html
    assert "Moderators approval" not in html
