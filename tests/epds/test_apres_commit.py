"""Nothing fails once a contact request is committed: the parent gets the success answer (an
error would make the client send it again, a duplicate), one request is stored, and the team's
notification still goes out later."""

import os

import pytest
from django.core.management import call_command
from django.db import OperationalError

from tests.support.factories import entree_contact
from tests.support.worker import worker

pytestmark = pytest.mark.django_db(transaction=True)

ORIGINE = "https://widget.example.fr"


@pytest.fixture
def redis_prive(settings):
    """A Redis of this test only (it is stopped in the middle of a request), as the shared cache."""
    from tests.support.redis import redis_binary, start_redis

    if redis_binary() is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing in CI (.ci/run installs it)")
        pytest.skip("redis-server is not installed (apt-get install redis-server); CI has it")
    serveur = start_redis()
    origine = settings.CACHES
    settings.CACHES = {
        **origine,
        "default": {"BACKEND": "hub.cache_backends.RedisCache", "LOCATION": serveur.url},
    }
    yield serveur
    serveur.stop()
    settings.CACHES = origine  # before the cache clearing of the next teardown


@pytest.fixture
def widget(partenaire):
    partenaire.origines_autorisees = [ORIGINE]
    partenaire.save()
    return partenaire


def _demande(gql, resultat):
    """The contact request from the partner's widget: its answer, status and headers."""
    from tests.operations import load_operation

    return gql.client.post(
        "/graphql/",
        {"query": load_operation("DemanderContact"), "variables": {"input": entree_contact(resultat)}},
        content_type="application/json",
        HTTP_ORIGIN=ORIGINE,
    )


def test_redis_going_down_during_a_contact_request(redis_prive, widget, soumettre, gql, smtp, monkeypatch):
    from epds import soumissions
    from epds.models import DemandeContact, Notification

    resultat = soumettre(score=14)["resultat"]
    nouvelle_reference = soumissions._nouvelle_reference

    def redis_tombe():  # in the request's transaction, after the endpoint's checks
        redis_prive.stop()
        return nouvelle_reference()

    monkeypatch.setattr(soumissions, "_nouvelle_reference", redis_tombe)
    reponse = _demande(gql, resultat)

    assert reponse.status_code == 200, reponse.content[:300]
    payload = reponse.json()["data"]["demanderContact"]
    assert payload["errors"] == [] and payload["reference"]
    assert reponse["Access-Control-Allow-Origin"] == ORIGINE  # read before the commit
    assert DemandeContact.objects.get().reference == payload["reference"]
    assert Notification.objects.get().statut == "en_attente"
    worker()
    assert len(smtp.messages) == 1
    assert Notification.objects.get().statut == "envoyee"


def test_redis_going_down_during_a_submission(redis_prive, widget, gql, epds, monkeypatch):
    from epds import soumissions
    from epds.models import DossierSuivi, SoumissionEpds
    from tests.epds.reference import indexes_pour, points_pour_score
    from tests.operations import load_operation

    log = soumissions.log

    def redis_tombe(*args, **kwargs):  # in the transaction, as the case opens
        redis_prive.stop()
        return log(*args, **kwargs)

    monkeypatch.setattr(soumissions, "log", redis_tombe)
    entree = {"source": widget.slug, "version": epds.version, "reponses": indexes_pour(points_pour_score(14))}
    reponse = gql.client.post(
        "/graphql/",
        {"query": load_operation("SoumettreEpds"), "variables": {"input": entree}},
        content_type="application/json",
        HTTP_ORIGIN=ORIGINE,
    )

    assert reponse.status_code == 200, reponse.content[:300]
    payload = reponse.json()["data"]["soumettreEpds"]
    assert payload["errors"] == [] and payload["resultat"]["score"] == 14
    assert payload["resultat"]["ressources"]
    assert reponse["Access-Control-Allow-Origin"] == ORIGINE
    assert str(SoumissionEpds.objects.get().uuid) == payload["resultat"]["id"]
    assert DossierSuivi.objects.count() == 1


def test_a_queue_that_fails_after_the_commit_loses_nothing(widget, soumettre, gql, smtp, monkeypatch):
    from epds import tasks
    from epds.models import DemandeContact, Notification

    resultat = soumettre(score=14)["resultat"]

    def file_en_panne(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as m:
        m.setattr(tasks, "programmer_envoi", file_en_panne)
        reponse = _demande(gql, resultat)

    assert reponse.status_code == 200
    payload = reponse.json()["data"]["demanderContact"]
    assert payload["errors"] == [] and payload["reference"]
    assert DemandeContact.objects.count() == 1
    assert Notification.objects.get().statut == "en_attente"
    worker()
    assert smtp.messages == []  # nothing was enqueued…
    call_command("renvoyer_notifications_epds", stdout=open(os.devnull, "w"))
    worker()
    assert len(smtp.messages) == 1  # …the periodic re-send picked it up


def test_partner_origins_are_read_from_the_database_when_redis_is_down(redis_prive, widget):
    """The origins cache is an optimisation: with Redis down, a preflight still answers its CORS."""
    from django.test import Client

    redis_prive.stop()
    reponse = Client().options("/graphql/", HTTP_ORIGIN=ORIGINE, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    assert reponse.status_code == 204
    assert reponse["Access-Control-Allow-Origin"] == ORIGINE
