"""The follow-up team's queue and cases in the Wagtail admin (Django test client; the browser
test of a nurse's day is in e2e)."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

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
def editeur(django_user_model):
    user = django_user_model.objects.create_user("editeur", password=MOT_DE_PASSE)
    user.groups.add(groupe_editeurs())
    return user


def _decaler(dossier, **jours):
    """Moves a case's request back in time (requests are stamped « now »)."""
    from epds.models import DemandeContact, DossierSuivi

    for champ, n in jours.items():
        quand = timezone.now() - dt.timedelta(days=n)
        DossierSuivi.objects.filter(pk=dossier.pk).update(**{champ: quand})
        if champ == "demande_en_attente_le":
            DemandeContact.objects.filter(dossier=dossier).update(cree_le=quand)


@pytest.fixture
def dossiers(soumettre, contact):
    from epds.models import DossierSuivi

    r_rien = soumettre(score=20)["resultat"]  # the highest score, no request, no alert
    r_alerte = soumettre(score=2, question_10=1)["resultat"]  # an alert, no request
    r_ancien = soumettre(score=12)["resultat"]  # a request, three days old
    r_urgent = soumettre(score=9, question_10=2)["resultat"]  # a request with the item-10 alert, newest
    r13 = soumettre(score=13, demographie={"departement": "13"})["resultat"]
    contact(r_ancien, prenom="Alix", departement="69")
    contact(r_urgent, prenom="Dominique", canal="TELEPHONE", creneaux=["MIDI"])
    d = {
        nom: DossierSuivi.objects.get(soumission__uuid=r["id"])
        for nom, r in {
            "rien": r_rien,
            "alerte": r_alerte,
            "ancien": r_ancien,
            "urgent": r_urgent,
            "13": r13,
        }.items()
    }
    _decaler(d["ancien"], demande_en_attente_le=3)
    return d


def _ordre(html, dossiers, noms):
    return [html.index(f'/admin/epds/file-suivi/edit/{dossiers[n].pk}/"') for n in noms]


def test_editors_cannot_see_the_queue_nor_the_dashboard(client, editeur, dossiers):
    client.force_login(editeur)
    assert client.get("/admin/").status_code == 200
    assert "File de suivi" not in client.get("/admin/").content.decode()
    for url in (
        reverse("file_suivi_epds:index"),
        reverse("file_suivi_epds:edit", args=[dossiers["ancien"].pk]),
        reverse("file_suivi_epds:ouvrir"),
        reverse("file_suivi_epds:tableau"),
        reverse("file_suivi_epds:export"),
    ):
        reponse = client.get(url)
        assert reponse.status_code == 302 and reponse["Location"] == "/admin/", url
    response = client.post(reverse("file_suivi_epds:prendre", args=[dossiers["ancien"].pk]))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    dossiers["ancien"].refresh_from_db()
    assert dossiers["ancien"].assigne_a is None


def test_queue_puts_callbacks_first_then_alerts_then_the_rest(client, membre, dossiers):
    client.force_login(membre)
    html = client.get(reverse("file_suivi_epds:index")).content.decode()
    # item 10 with a request, then the oldest request, then the alert without request, then by score
    positions = _ordre(html, dossiers, ("urgent", "ancien", "alerte", "rien", "13"))
    assert positions == sorted(positions)
    assert "Les parents qui demandent à être rappelés" in html  # the order explained on screen
    assert "rappel demandé — question 10" in html and "créneaux : midi (12h–14h)" in html
    assert "depuis 3\xa0jours" in html  # time since the request

    # the oldest request goes ahead once the urgent one is answered (which stays ahead of
    # higher scores: its alert); a closed case goes last
    from epds import dossiers as regles

    regles.consigner_contact(dossiers["urgent"], par=membre, canal="telephone", joint=True)
    regles.clore(dossiers["alerte"], par=membre)
    html = client.get(reverse("file_suivi_epds:index")).content.decode()
    positions = _ordre(html, dossiers, ("ancien", "urgent", "rien", "13", "alerte"))
    assert positions == sorted(positions)


def test_queue_finds_a_reference_and_filters(client, membre, collegue, dossiers):
    from epds.models import DossierSuivi

    reference = dossiers["ancien"].demandes.get().reference
    client.force_login(membre)
    index = reverse("file_suivi_epds:index")

    def trouves(**params):
        html = client.get(index, params).content.decode()
        return {n for n, d in dossiers.items() if f'/edit/{d.pk}/"' in html}

    assert trouves(q=reference) == {"ancien"}
    assert trouves(q=reference.lower().removeprefix("epds-")) == {"ancien"}  # as read on the phone
    assert trouves(q="EPDS-ZZZZZZZZ") == set()
    assert trouves(departement="69") == {"ancien"}  # from the request
    assert trouves(departement="13") == {"13"}  # from the questionnaire
    assert "Département inconnu" in client.get(index, {"departement": "00"}).content.decode()
    assert trouves(statut="nouveau") == {"ancien", "urgent"}
    DossierSuivi.objects.filter(pk=dossiers["rien"].pk).update(assigne_a=collegue)
    assert trouves(assigne_a=collegue.pk) == {"rien"}
    assert trouves(assigne_a="personne") == {"alerte", "ancien", "urgent", "13"}
    autre = dossiers["13"].partenaire.__class__.objects.create(nom="Autre", slug="autre")
    DossierSuivi.objects.filter(pk=dossiers["13"].pk).update(partenaire=autre)
    assert trouves(partenaire=autre.pk) == {"13"}
    html = client.get(index).content.decode()
    assert "Claude Collègue" in html and ">collegue<" not in html  # names, not usernames
    assert "très élevé (13 à 30)" in html and "TRES_ELEVE" not in html  # levels in words


def test_case_page_reads_in_words_with_links(client, membre, dossiers):
    client.force_login(membre)
    html = client.get(reverse("file_suivi_epds:edit", args=[dossiers["urgent"].pk])).content.decode()
    assert 'href="tel:+33612345678"' in html and "06 12 34 56 78" in html
    assert "Langue</dt><dd>français" in html and "modéré (9 ou 10)" in html
    assert "équipe de suivi : en attente" in html  # the email's delivery state
    assert "+33612345678</" not in html and "TELEPHONE" not in html


def test_taking_a_colleagues_case_asks_for_confirmation(client, membre, collegue, dossiers):
    from epds import dossiers as regles

    dossier = dossiers["urgent"]
    regles.assigner(dossier, collegue, par=collegue)
    client.force_login(membre)
    prendre = reverse("file_suivi_epds:prendre", args=[dossier.pk])
    page = client.post(prendre)
    assert page.status_code == 200 and "suivi par Claude Collègue" in page.content.decode()
    dossier.refresh_from_db()
    assert dossier.assigne_a == collegue  # nothing taken silently
    assert client.post(prendre, {"confirme": "1"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.assigne_a == membre
    entree = ModelLogEntry.objects.for_instance(dossier).filter(action="epds.assignation").latest("pk")
    assert entree.data == {"de": "Claude Collègue", "vers": "Sam Suivi"}
    assert (
        "Claude Collègue → Sam Suivi"
        in client.get(reverse("file_suivi_epds:edit", args=[dossier.pk])).content.decode()
    )


def test_a_superuser_outside_the_group_keeps_the_case_when_colleagues_work_on_it(
    client, membre, dossiers, django_user_model
):
    chef = django_user_model.objects.create_superuser("chef", password=MOT_DE_PASSE, first_name="Chef")
    dossier = dossiers["ancien"]
    client.force_login(chef)
    client.post(reverse("file_suivi_epds:prendre", args=[dossier.pk]))
    client.force_login(membre)
    edit = reverse("file_suivi_epds:edit", args=[dossier.pk])
    reponse = client.post(
        edit, {"action": "contact", "canal": "telephone", "joint": "0", "commentaire": "Messagerie."}
    )
    assert reponse.status_code == 302
    reponse = client.post(edit, {"action": "issue", "issue": "aidee"})
    assert reponse.status_code == 302
    dossier.refresh_from_db()
    assert dossier.assigne_a == chef and dossier.issue == "aidee"


def test_journal_outcome_close_and_reopen(client, membre, dossiers):
    from annuaire.models import Professionnel

    dossier = dossiers["ancien"]
    client.force_login(membre)
    edit = reverse("file_suivi_epds:edit", args=[dossier.pk])
    assert (
        client.post(
            edit, {"action": "contact", "canal": "telephone", "joint": "0", "commentaire": "Pas de réponse."}
        ).status_code
        == 302
    )
    dossier.refresh_from_db()
    assert dossier.statut == "nouveau" and dossier.demande_en_attente_le is not None  # still to call back
    assert (
        client.post(
            edit,
            {"action": "contact", "canal": "sms", "joint": "1", "commentaire": "Rappel fait, Alix va mieux."},
        ).status_code
        == 302
    )
    dossier.refresh_from_db()
    assert dossier.statut == "echange_initial" and dossier.demande_en_attente_le is None
    assert dossier.premier_contact_le is not None
    assert [(e.canal, e.joint, e.auteur) for e in dossier.journal.all()] == [
        ("telephone", False, membre),
        ("sms", True, membre),
    ]
    # comments are encrypted at rest
    from django.db import connection

    with connection.cursor() as c:
        c.execute("SELECT commentaire FROM epds_entreejournal")
        assert all("Alix" not in brut and "réponse" not in brut for (brut,) in c.fetchall())

    # « orientée » needs a target; then it survives closing
    page = client.post(edit, {"action": "issue", "issue": "orientee"})
    assert page.status_code == 200 and "Précisez vers quoi" in page.content.decode()
    fiche = Professionnel.objects.create(nom="Martin", prenom="Lou", profession="psychologue")
    page = client.post(edit, {"action": "issue", "issue": "orientee", "professionnel": 999999})
    assert page.status_code == 200 and "Aucun professionnel n° 999999" in page.content.decode()
    assert (
        client.post(
            edit,
            {
                "action": "issue",
                "issue": "orientee",
                "orientation_profession": "psychologue",
                "professionnel": fiche.pk,
            },
        ).status_code
        == 302
    )
    assert client.post(edit, {"action": "clore"}).status_code == 302
    dossier.refresh_from_db()
    assert (dossier.statut, dossier.issue, dossier.orientation_professionnel) == ("clos", "orientee", fiche)
    assert dossier.clos_le is not None and dossier.issue_le is not None
    # a closed case takes no contact until reopened
    page = client.post(edit, {"action": "contact", "canal": "telephone", "joint": "1"})
    assert "rouvrez-le" in page.content.decode()
    assert client.post(edit, {"action": "rouvrir"}).status_code == 302
    dossier.refresh_from_db()
    assert (dossier.statut, dossier.issue, dossier.reouvertures, dossier.clos_le) == (
        "echange_initial",
        "orientee",
        1,
        None,
    )

    logs = ModelLogEntry.objects.for_instance(dossier).order_by("timestamp", "pk")
    changements = [(e.action, e.data.get("de"), e.data.get("vers")) for e in logs if "vers" in e.data]
    assert changements == [
        ("epds.statut", "sans_contact", "nouveau"),
        ("epds.statut", "nouveau", "echange_initial"),
        ("epds.issue", None, "orientee"),
        ("epds.statut", "echange_initial", "clos"),
        ("epds.statut", "clos", "echange_initial"),
    ]
    # the audit log never holds the parent's personal data nor the comments
    assert "Alix" not in str([e.data for e in logs]) and "réponse" not in str([e.data for e in logs])
    html = client.get(edit).content.decode()
    assert "en cours (parent joint) → clos" in html and "— → orientée" in html


def test_bad_journal_input_is_refused_with_a_message(client, membre, dossiers):
    dossier = dossiers["ancien"]
    client.force_login(membre)
    edit = reverse("file_suivi_epds:edit", args=[dossier.pk])
    demain = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    for donnees, attendu in (
        ({"canal": "pigeon", "joint": "1"}, "Sélectionnez un choix valide"),
        ({"canal": "sms", "joint": "1", "quand": demain}, "La date est dans le futur."),
        ({"canal": "sms", "joint": "1", "commentaire": "x" * 5001}, "5000"),
        ({"canal": "sms", "joint": "1", "quand": "hier"}, "Saisissez une date et une heure valides"),
    ):
        page = client.post(edit, {"action": "contact", **donnees})
        assert page.status_code == 200 and attendu in page.content.decode(), donnees
    assert dossier.journal.count() == 0


def test_a_case_opened_by_hand(client, membre):
    from epds.models import DossierSuivi

    client.force_login(membre)
    ouvrir = reverse("file_suivi_epds:ouvrir")
    page = client.post(ouvrir, {"canal_arrivee": "telephone", "telephone": "1234"})
    assert page.status_code == 200 and "Numéro de téléphone français invalide" in page.content.decode()
    assert DossierSuivi.objects.count() == 0
    reponse = client.post(
        ouvrir,
        {
            "canal_arrivee": "telephone",
            "prenom": "Noa",
            "telephone": "06 98 76 54 32",
            "departement": "2a",
            "commentaire": "Appel de Noa.",
        },
    )
    assert reponse.status_code == 302
    dossier = DossierSuivi.objects.get()
    assert reponse["Location"] == reverse("file_suivi_epds:edit", args=[dossier.pk])
    assert (dossier.canal_arrivee, dossier.statut, dossier.assigne_a, dossier.departement) == (
        "telephone",
        "echange_initial",
        membre,
        "2A",
    )
    assert dossier.telephone == "+33698765432" and dossier.premier_contact_le is not None
    assert [(e.canal, e.joint, e.commentaire) for e in dossier.journal.all()] == [
        ("telephone", True, "Appel de Noa.")
    ]
    html = client.get(reponse["Location"]).content.decode()
    assert 'href="tel:+33698765432"' in html and "appel du parent" in html
    assert re.search(r"ouverture</td><td>à la main : appel du parent</td><td>Sam Suivi", html)
