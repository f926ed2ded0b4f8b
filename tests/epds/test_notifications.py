"""Notifications through the durable queue and a real SMTP server (aiosmtpd on 127.0.0.1)."""

from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.support.worker import worker

pytestmark = pytest.mark.django_db(transaction=True)


def corps(envelope) -> tuple[str, str]:
    message = message_from_bytes(envelope.content)
    sujet = str(make_header(decode_header(message["Subject"])))
    return sujet, message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


def test_team_gets_an_email_for_each_contact_request(smtp, soumettre, contact, settings, partenaire):
    from epds.models import Notification

    settings.EPDS_EMAIL_EQUIPE_SUIVI = ["equipe@suivi.example.fr"]
    resultat = soumettre(score=14, question_10=2)["resultat"]
    assert (
        contact(resultat, prenom="Camille", canal="TELEPHONE", creneaux=["MIDI"], departement="13")["errors"]
        == []
    )
    assert smtp.messages == []  # nothing is sent in the request: the worker does it
    worker()
    assert len(smtp.messages) == 1
    envelope = smtp.messages[0]
    assert envelope.rcpt_tos == ["equipe@suivi.example.fr"]
    sujet, texte = corps(envelope)
    assert "14/30" in sujet and "PRIORITAIRE" in sujet
    for attendu in (
        "Prénom : Camille",
        "Canal : rendez-vous téléphonique",
        "Créneaux : midi (12h–14h)",
        "Score : 14/30",
        "Niveau : très élevé (13 à 30)",
        "Question 10 : 2/3",
        "Langue : français",
        "Département : 13",
        f"Partenaire : {partenaire.nom}",
    ):
        assert attendu in texte
    notification = Notification.objects.get()
    # the link opens the case itself (not /admin/), and cites the reference the queue finds
    lien = f"{settings.SITE_URL}/admin/epds/file-suivi/edit/{notification.demande.dossier_id}/"
    assert lien in texte.split() and notification.demande.reference in texte
    assert (notification.statut, notification.tentatives) == ("envoyee", 1)
    worker()
    assert len(smtp.messages) == 1  # sent once


def test_a_request_without_the_test_says_so_and_never_shows_a_score(smtp, epds, partenaire, settings):
    from epds.soumissions import demander_contact_sans_test

    settings.EPDS_EMAIL_EQUIPE_SUIVI = ["equipe@suivi.example.fr"]
    demande = demander_contact_sans_test(
        source=partenaire.slug,
        langue="en",
        prenom="Noa",
        canal="EMAIL",
        email="noa@example.fr",
        confirmation=True,
        consentement=True,
    )
    worker()
    par_destinataire = {e.rcpt_tos[0]: corps(e) for e in smtp.messages}
    sujet, texte = par_destinataire["equipe@suivi.example.fr"]
    assert sujet == f"[EPDS] Demande de contact {demande.reference} — sans le test"
    for attendu in (
        "Prénom : Noa",
        "Canal : email",
        "Questionnaire : non passé (le parent a demandé à être contacté·e sans faire le test)",
        "Langue : anglais",
        "Département : non précisé",
        f"Partenaire : {partenaire.nom}",
        f"/admin/epds/file-suivi/edit/{demande.dossier_id}/",
    ):
        assert attendu in texte
    assert "Score" not in texte and "Question 10" not in texte and "PRIORITAIRE" not in texte
    assert demande.reference in par_destinataire["noa@example.fr"][1]  # the parent's confirmation


def test_optional_confirmation_goes_to_the_parent(smtp, soumettre, contact):
    resultat = soumettre(score=12)["resultat"]
    contact(resultat, email="parent@example.fr", confirmation=True)
    worker()
    destinataires = sorted(e.rcpt_tos[0] for e in smtp.messages)
    assert len(destinataires) == 2 and "parent@example.fr" in destinataires


def test_smtp_down_keeps_the_request_retries_and_delivers_when_back(smtp, soumettre, contact, settings):
    from django_tasks_db.models import DBTaskResult

    from epds.models import DemandeContact, Notification

    settings.EPDS_NOTIFICATION_DELAI_SECONDES = 120
    smtp.stop()
    resultat = soumettre(score=16)["resultat"]
    reference = contact(resultat)["reference"]
    assert DemandeContact.objects.get().reference == reference  # stored whatever the SMTP server does

    worker()
    notification = Notification.objects.get()
    assert (notification.statut, notification.tentatives) == ("en_attente", 1)
    assert notification.derniere_erreur  # e.g. ConnectionRefusedError
    assert notification.prochaine_tentative > timezone.now() + timezone.timedelta(seconds=100)
    # The task re-enqueued itself for later: not due yet, the worker leaves it alone.
    en_file = DBTaskResult.objects.filter(status="READY", task_path="epds.tasks.envoyer_notification")
    assert en_file.count() == 1 and en_file.get().run_after == notification.prochaine_tentative
    worker()
    assert Notification.objects.get().tentatives == 1

    smtp.start()
    en_file.update(run_after=timezone.now())  # the backoff delay has passed
    worker()
    assert len(smtp.messages) == 1
    assert reference in corps(smtp.messages[0])[1]
    notification.refresh_from_db()
    assert (notification.statut, notification.tentatives) == ("envoyee", 2)


def test_backoff_grows_and_gives_up_after_the_last_attempt(smtp, soumettre, contact, settings):
    from django_tasks_db.models import DBTaskResult

    from epds.models import Notification

    settings.EPDS_NOTIFICATION_DELAI_SECONDES = 60
    settings.EPDS_NOTIFICATION_TENTATIVES_MAX = 3
    smtp.stop()
    contact(soumettre(score=16)["resultat"])
    bornes = []  # the delay chosen after each failure lies between these (the worker's run takes time)
    for _ in range(3):
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        avant = timezone.now()
        worker()
        apres = timezone.now()
        n = Notification.objects.get()
        if n.prochaine_tentative:
            bornes.append(
                (
                    (n.prochaine_tentative - apres).total_seconds(),
                    (n.prochaine_tentative - avant).total_seconds(),
                )
            )
    assert len(bornes) == 2
    for (bas, haut), attendu in zip(bornes, (60, 120), strict=True):
        assert bas - 1 <= attendu <= haut + 1
    assert Notification.objects.get().statut == "abandonnee"
    assert not DBTaskResult.objects.filter(
        status="READY", task_path="epds.tasks.envoyer_notification"
    ).exists()

    # The safety net puts it back once the server is up again.
    smtp.start()
    call_command("renvoyer_notifications_epds", "--abandonnees", stdout=open("/dev/null", "w"))
    worker()
    assert Notification.objects.get().statut == "envoyee" and len(smtp.messages) == 1
