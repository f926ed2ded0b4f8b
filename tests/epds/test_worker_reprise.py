"""`manage.py worker` in process: tasks of dead workers are reclaimed, an interrupted send is
never repeated, a retried email keeps its Message-ID (real SMTP server, aiosmtpd)."""

from email import message_from_bytes

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.support.worker import worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def epds(transactional_db):
    """Only the EPDS reference (seconds), not the whole `make run` content these tests never read."""
    from epds.models import QuestionnaireEpds

    call_command("load_epds", stdout=open("/dev/null", "w"))
    return QuestionnaireEpds.objects.get(locale__language_code="fr", publie=True)


def tache_de_la_notification():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.get(task_path="epds.tasks.envoyer_notification")


def test_a_task_left_running_by_a_dead_worker_is_run_again(smtp, soumettre, contact, settings):
    from hub.models import WorkerHeartbeat

    settings.WORKER_BAIL_SECONDES = 60
    contact(soumettre(score=15)["resultat"])
    tache = tache_de_la_notification()
    # What `kill -9` leaves: claimed by a worker, never finished; that worker went silent.
    il_y_a_longtemps = timezone.now() - timezone.timedelta(minutes=5)
    tache.status, tache.started_at, tache.worker_ids = "RUNNING", il_y_a_longtemps, ["mort"]
    tache.save()
    WorkerHeartbeat.objects.create(worker_id="mort", seen_at=il_y_a_longtemps)
    worker()
    tache.refresh_from_db()
    assert tache.status == "SUCCESSFUL" and tache.worker_ids[-1] != "mort"
    assert len(smtp.messages) == 1


def test_a_task_of_a_live_worker_is_left_alone(smtp, soumettre, contact, settings):
    from hub.models import WorkerHeartbeat

    settings.WORKER_BAIL_SECONDES = 60
    contact(soumettre(score=15)["resultat"])
    tache = tache_de_la_notification()
    tache.status, tache.started_at, tache.worker_ids = "RUNNING", timezone.now(), ["vivant"]
    tache.save()
    WorkerHeartbeat.objects.create(worker_id="vivant", seen_at=timezone.now())
    worker()
    tache.refresh_from_db()
    assert tache.status == "RUNNING" and smtp.messages == []


def test_an_interrupted_send_is_not_sent_again_until_someone_checked(smtp, soumettre, contact):
    from epds.models import Notification

    contact(soumettre(score=15)["resultat"])
    # A worker marked the send and died while the server was receiving the message.
    Notification.objects.update(envoi_en_cours_le=timezone.now(), message_id="<x@1000jours.local>")
    worker()
    notification = Notification.objects.get()
    assert notification.statut == "incertaine" and smtp.messages == []
    # Once the team checked the mailbox: sent again, by hand, once.
    call_command("renvoyer_notifications_epds", "--incertaines", stdout=open("/dev/null", "w"))
    worker()
    worker()
    assert Notification.objects.get().statut == "envoyee" and len(smtp.messages) == 1


def test_a_retried_email_keeps_its_message_id(smtp, soumettre, contact):
    from django_tasks_db.models import DBTaskResult

    from epds.models import Notification

    smtp.stop()
    contact(soumettre(score=15)["resultat"])
    worker()
    notification = Notification.objects.get()
    assert notification.statut == "en_attente" and notification.envoi_en_cours_le is None
    message_id = notification.message_id
    assert message_id.startswith("<") and message_id.endswith(">")
    smtp.start()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    worker()
    assert message_from_bytes(smtp.messages[0].content)["Message-ID"] == message_id
    assert Notification.objects.get().statut == "envoyee"


def test_a_refused_message_is_retried_not_left_uncertain(smtp, soumettre, contact, settings):
    """A « 554 » after the message is a sure refusal: the mark is cleared and the send retried."""
    from epds.models import Notification

    settings.EPDS_EMAIL_EQUIPE_SUIVI = ["refus@example.fr"]

    async def refuser(server, session, envelope):
        return "554 refusé"

    smtp.controller.handler.handle_DATA = refuser
    contact(soumettre(score=15)["resultat"])
    worker()
    notification = Notification.objects.get()
    assert (notification.statut, notification.tentatives) == ("en_attente", 1)
    assert notification.envoi_en_cours_le is None and notification.derniere_erreur == "SMTPResponseException"
