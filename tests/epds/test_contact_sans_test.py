"""A contact request without the test (the earlier « fromEmail » links): the rules, limits and
idempotency of demanderContact, on a case with no submission that every reader of a case
(queue, case page, figures, purge, audit) shows for what it is."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests.support.factories import compter


def _demander(partenaire, **champs):
    from epds.soumissions import demander_contact_sans_test

    arguments = {
        "source": partenaire.slug,
        "langue": "en",
        "prenom": "Camille",
        "canal": "SMS",
        "telephone": "06 12 34 56 78",
        "creneaux": ["MATIN"],
        "departement": "13",
        "consentement": True,
    }
    arguments.update(champs)
    return demander_contact_sans_test(**arguments)


def test_opens_a_case_with_no_submission_waiting_for_a_callback(epds, partenaire):
    from epds.models import DossierSuivi, Notification

    demande = _demander(partenaire)
    dossier = demande.dossier
    assert dossier.soumission is None and dossier.sans_test and not dossier.ouvert_a_la_main
    assert (dossier.statut, dossier.canal_arrivee) == ("nouveau", "demande_sans_test")
    assert (dossier.partenaire, dossier.departement) == (partenaire, "13")
    assert not dossier.a_risque and not dossier.alerte_question_10  # no score opened it
    assert dossier.demande_en_attente_le == dossier.premiere_demande_le is not None
    assert (demande.telephone, demande.langue, demande.reference[:5]) == ("+33612345678", "en", "EPDS-")
    assert [n.destinataire for n in Notification.objects.filter(demande=demande)] == ["equipe"]
    assert str(dossier) == f"Dossier {dossier.pk} — demande de contact sans le test"
    actions = list(ModelLogEntry.objects.for_instance(dossier).order_by("pk").values_list("action", "data"))
    assert actions[0] == ("epds.ouverture", {"canal_arrivee": "demande_sans_test"})
    assert ("epds.demande_contact", {"reference": demande.reference, "canal": "SMS"}) in actions
    # nothing personal in the audit log
    assert "Camille" not in str(actions) and "0612345678" not in str(actions)
    assert DossierSuivi.objects.filter(soumission__isnull=True).count() == 1


@pytest.mark.parametrize(
    ("champs", "code", "champ"),
    [
        ({"source": "inconnue"}, "SOURCE_INCONNUE", "source"),
        ({"langue": "xx"}, "LANGUE_INCONNUE", "langue"),
        ({"prenom": "  "}, "PRENOM_REQUIS", "prenom"),
        ({"telephone": None}, "TELEPHONE_REQUIS", "telephone"),
        ({"telephone": "01"}, "TELEPHONE_INVALIDE", "telephone"),
        ({"canal": "EMAIL", "email": "pas-une-adresse"}, "EMAIL_INVALIDE", "email"),
        ({"confirmation": True}, "EMAIL_REQUIS", "email"),
        ({"canal": "FAX"}, "CANAL_INCONNU", "canal"),
        ({"departement": "999"}, "DEPARTEMENT_INVALIDE", "departement"),
        ({"consentement": False}, "CONSENTEMENT_REQUIS", "consentement"),
        ({"idempotency_key": ""}, "CLE_IDEMPOTENCE_INVALIDE", "idempotencyKey"),
    ],
)
def test_refused_input_stores_nothing(epds, partenaire, champs, code, champ):
    from epds.soumissions import SaisieInvalide

    with pytest.raises(SaisieInvalide) as refus:
        _demander(partenaire, **champs)
    assert (code, champ) in [(e.code, e.champ) for e in refus.value.erreurs]
    assert compter() == {"soumissions": 0, "dossiers": 0, "demandes": 0, "notifications": 0}


def test_an_inactive_partner_cannot_open_a_case(epds, partenaire):
    from epds.soumissions import SaisieInvalide

    partenaire.actif = False
    partenaire.save()
    with pytest.raises(SaisieInvalide):
        _demander(partenaire)
    assert compter()["dossiers"] == 0


def test_a_key_replays_its_request_once_and_refuses_other_fields(epds, partenaire):
    from epds.models import Partenaire
    from epds.soumissions import SaisieInvalide

    premiere = _demander(partenaire, idempotency_key="cle-1")
    assert _demander(partenaire, idempotency_key="cle-1").reference == premiere.reference
    assert compter()["dossiers"] == compter()["demandes"] == compter()["notifications"] == 1
    with pytest.raises(SaisieInvalide) as refus:
        _demander(partenaire, idempotency_key="cle-1", prenom="Alex")
    assert [e.code for e in refus.value.erreurs] == ["CLE_IDEMPOTENCE_REUTILISEE"]
    # the same key elsewhere is another request: another partner, or without a key
    autre = Partenaire.objects.create(nom="Autre", slug="autre")
    assert _demander(autre, idempotency_key="cle-1").reference != premiere.reference
    assert _demander(partenaire).reference != premiere.reference
    assert compter()["dossiers"] == 3


def test_the_queue_and_the_case_page_say_the_parent_asked_without_the_test(client, membre, epds, partenaire):
    demande = _demander(partenaire)
    dossier = demande.dossier
    client.force_login(membre)
    file = client.get("/admin/epds/file-suivi/").content.decode()
    assert str(dossier) in file and "sans le test" in file and demande.reference in file
    assert "rappel demandé" in file
    fiche = client.get(f"/admin/epds/file-suivi/edit/{dossier.pk}/")
    assert fiche.status_code == 200
    html = fiche.content.decode()
    assert "le parent a demandé à être contacté·e sans faire le test" in html
    assert "Camille" in html and demande.reference in html and "<dt>Langue</dt><dd>anglais</dd>" in html
    assert "Score" not in html  # no made-up score
    assert "demande de contact sans faire le test" in html  # the history's opening line
    assert "à la main" not in html
    # the view of decrypted data is audited, as for every case
    assert ModelLogEntry.objects.for_instance(dossier).filter(action="epds.consultation").count() == 1
    # the team cannot open such a case by hand: it is the parent's own request
    assert "demande_sans_test" not in client.get("/admin/epds/file-suivi/ouvrir/").content.decode()


def test_figures_count_it_apart_from_cases_opened_by_hand_and_at_risk(epds, partenaire):
    from epds import dossiers, statistiques

    _demander(partenaire)
    dossiers.ouvrir_a_la_main(par=None, canal_arrivee="telephone")
    aujourdhui = timezone.localdate()
    i = statistiques.calculer(statistiques.Periode(debut=aujourdhui, fin=aujourdhui, pas="jour"))
    assert (i.dossiers_ouverts, i.dossiers_a_la_main, i.dossiers_sans_test) == (2, 1, 1)
    assert (i.demandes_contact, i.a_risque, i.parents_testes) == (1, 0, 0)
    assert ("dont demandes de contact sans le test", "1") in i.lignes
    assert i.par_partenaire[0]["dossiers"] >= 1


def test_the_purge_erases_it_like_any_request(epds, partenaire, settings):
    from epds.models import DemandeContact, DossierSuivi

    settings.EPDS_RETENTION_JOURS_INACTIFS = 200
    demande = _demander(partenaire, idempotency_key="cle-purge")
    DossierSuivi.objects.filter(pk=demande.dossier_id).update(
        modifie_le=timezone.now() - dt.timedelta(days=250)
    )
    call_command("purge_epds", stdout=open("/dev/null", "w"))
    demande = DemandeContact.objects.get(pk=demande.pk)
    assert (demande.prenom, demande.telephone, demande.idempotency_key, demande.empreinte) == ("", "", "", "")
    assert demande.dossier.donnees_purgees_le is not None
    assert (demande.canal, demande.dossier.canal_arrivee) == ("SMS", "demande_sans_test")  # figures stay
