"""Retention: personal data leaves closed or stale cases; anonymous figures stay."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone


def _vieillir(dossier, jours, **champs):
    from epds.models import DossierSuivi

    passe = timezone.now() - timedelta(days=jours)
    DossierSuivi.objects.filter(pk=dossier.pk).update(modifie_le=passe, **champs)


def test_purge_erases_personal_data_of_closed_and_stale_cases_only(soumettre, contact, settings):
    from epds.models import DemandeContact, DossierSuivi, SoumissionEpds

    settings.EPDS_RETENTION_JOURS_CLOS = 30
    settings.EPDS_RETENTION_JOURS_INACTIFS = 200
    dossiers = {}
    for nom in ("clos_ancien", "clos_recent", "inactif", "actif"):
        r = soumettre(score=15)["resultat"]
        contact(r, prenom=f"Prenom-{nom}", email=f"{nom}@example.fr", naissanceDernierEnfant="2026-01-02")
        dossiers[nom] = DossierSuivi.objects.get(soumission__uuid=r["id"])
    DossierSuivi.objects.filter(pk=dossiers["clos_ancien"].pk).update(notes="note privée")
    from epds import dossiers as regles

    for nom in ("clos_ancien", "actif"):
        regles.consigner_contact(
            dossiers[nom], par=None, canal="sms", joint=True, commentaire=f"journal {nom}"
        )
    a_la_main = regles.ouvrir_a_la_main(par=None, canal_arrivee="email", prenom="Noa", email="noa@example.fr")
    DossierSuivi.objects.filter(pk=a_la_main.pk).update(
        modifie_le=timezone.now() - timedelta(days=250), prenom="Noa", email="noa@example.fr"
    )
    _vieillir(dossiers["clos_ancien"], 40, statut="clos", clos_le=timezone.now() - timedelta(days=40))
    _vieillir(dossiers["clos_recent"], 10, statut="clos", clos_le=timezone.now() - timedelta(days=10))
    _vieillir(dossiers["inactif"], 250, statut="echange_initial")

    call_command("purge_epds", stdout=open("/dev/null", "w"))

    for nom, purge in {"clos_ancien": True, "clos_recent": False, "inactif": True, "actif": False}.items():
        dossier = DossierSuivi.objects.get(pk=dossiers[nom].pk)
        demande = DemandeContact.objects.get(dossier=dossier)
        assert (dossier.donnees_purgees_le is not None) is purge, nom
        if purge:
            assert (demande.prenom, demande.telephone, demande.email, demande.naissance_dernier_enfant) == (
                "",
                "",
                "",
                None,
            )
            assert dossier.notes == ""
        else:
            assert demande.prenom == f"Prenom-{nom}" and demande.email == f"{nom}@example.fr"
        # anonymous figures stay
        assert dossier.soumission.score == 15 and demande.canal == "SMS" and demande.reference
    assert DossierSuivi.objects.get(pk=dossiers["clos_ancien"].pk).statut == "clos"
    # the journal's comments and a hand-opened case's coordinates go too; the journal's dates stay
    from epds.models import EntreeJournal

    assert {e.dossier_id: e.commentaire for e in EntreeJournal.objects.exclude(dossier=a_la_main)} == {
        dossiers["clos_ancien"].pk: "",
        dossiers["actif"].pk: "journal actif",
    }
    a_la_main.refresh_from_db()
    assert (a_la_main.prenom, a_la_main.email, a_la_main.donnees_purgees_le is not None) == ("", "", True)
    assert a_la_main.journal.get().quand is not None
    assert SoumissionEpds.objects.count() == 4

    # idempotent, and the delays are settings
    call_command("purge_epds", stdout=open("/dev/null", "w"))
    settings.EPDS_RETENTION_JOURS_CLOS = 5
    call_command("purge_epds", stdout=open("/dev/null", "w"))
    assert DossierSuivi.objects.get(pk=dossiers["clos_recent"].pk).donnees_purgees_le is not None


def test_a_case_reopened_after_its_purge_is_purged_again_on_schedule(soumettre, contact, settings):
    """The purge follows the data: new requests on a purged case are erased when they are due."""
    from epds.models import DemandeContact, DossierSuivi

    settings.EPDS_RETENTION_JOURS_CLOS = 30
    settings.EPDS_RETENTION_JOURS_INACTIFS = 200
    resultat = soumettre(score=15)["resultat"]
    contact(resultat, prenom="Camille")
    dossier = DossierSuivi.objects.get()
    _vieillir(dossier, 40, statut="clos", clos_le=timezone.now() - timedelta(days=40))
    call_command("purge_epds", stdout=open("/dev/null", "w"))
    assert DemandeContact.objects.get().prenom == ""

    # The parent asks again: the case reopens with a new first name, phone and email.
    contact(resultat, prenom="Léa", telephone="06 99 88 77 66", email="lea@example.fr")
    assert DossierSuivi.objects.get().statut == "nouveau"
    call_command("purge_epds", stdout=open("/dev/null", "w"))  # not due: open and active
    assert [(d.prenom, d.telephone, d.email) for d in DemandeContact.objects.order_by("pk")] == [
        ("", "", ""),
        ("Léa", "+33699887766", "lea@example.fr"),
    ]

    # Closed again, and due: the new data goes too.
    _vieillir(dossier, 40, statut="clos", clos_le=timezone.now() - timedelta(days=40))
    call_command("purge_epds", stdout=open("/dev/null", "w"))
    for demande in DemandeContact.objects.all():
        assert (demande.prenom, demande.telephone, demande.email) == ("", "", "")


def test_the_purge_erases_idempotency_keys_and_fingerprints(soumettre, contact):
    """A fingerprint is an HMAC of personal data, a key may be derived from it: both go."""
    from epds.models import DemandeContact, DossierSuivi

    contact(soumettre(score=15)["resultat"], idempotencyKey="cle-du-parent")
    assert DemandeContact.objects.get().empreinte
    _vieillir(DossierSuivi.objects.get(), 400, statut="clos", clos_le=timezone.now() - timedelta(days=400))
    call_command("purge_epds", stdout=open("/dev/null", "w"))
    demande = DemandeContact.objects.get()
    assert (demande.prenom, demande.idempotency_key, demande.empreinte) == ("", "", "")


def test_a_new_request_on_a_stale_case_restarts_its_inactivity_delay(soumettre, contact, settings):
    from epds.models import DemandeContact, DossierSuivi

    settings.EPDS_RETENTION_JOURS_INACTIFS = 200
    resultat = soumettre(score=15)["resultat"]
    contact(resultat, prenom="Camille")
    dossier = DossierSuivi.objects.get()
    _vieillir(dossier, 250, statut="echange_initial")
    call_command("purge_epds", stdout=open("/dev/null", "w"))
    contact(resultat, prenom="Léa")  # the case stays « échange initial »: no status change
    call_command("purge_epds", stdout=open("/dev/null", "w"))
    prenoms = lambda: [d.prenom for d in DemandeContact.objects.order_by("pk")]  # noqa: E731 — encrypted: compared decrypted
    assert prenoms() == ["", "Léa"]
    _vieillir(dossier, 250)
    call_command("purge_epds", stdout=open("/dev/null", "w"))
    assert prenoms() == ["", ""]
