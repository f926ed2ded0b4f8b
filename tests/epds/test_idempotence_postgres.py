"""The same idempotencyKey sent concurrently creates one submission (unique constraint + IntegrityError);
sent concurrently with different answers, only the payload stored first is replayed, the others are
refused without learning its result."""

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from tests.epds.reference import indexes_pour, points_pour_score
from tests.operations import load_operation
from tests.support.postgres import requires_postgres


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_same_key_sent_concurrently_stores_one_submission(epds, partenaire):
    from epds.models import DossierSuivi, SoumissionEpds

    n = 8
    barriere = threading.Barrier(n)
    corps = json.dumps(
        {
            "query": load_operation("SoumettreEpds"),
            "variables": {
                "input": {
                    "source": partenaire.slug,
                    "version": epds.version,
                    "reponses": indexes_pour(points_pour_score(15)),
                    "idempotencyKey": "meme-cle",
                }
            },
        }
    )
    resultats, erreurs = [], []

    def envoyer():
        try:
            barriere.wait(timeout=10)
            reponse = Client().post("/graphql/", corps, content_type="application/json")
            resultats.append(reponse.json()["data"]["soumettreEpds"])
        except Exception as e:  # noqa: BLE001 — reported below
            erreurs.append(repr(e))
        finally:
            connection.close()

    fils = [threading.Thread(target=envoyer) for _ in range(n)]
    for f in fils:
        f.start()
    for f in fils:
        f.join(timeout=60)

    assert erreurs == []
    assert len(resultats) == n
    assert all(r["errors"] == [] for r in resultats)
    assert len({r["resultat"]["id"] for r in resultats}) == 1
    assert len({r["resultat"]["jeton"] for r in resultats}) == 1
    assert SoumissionEpds.objects.count() == 1
    assert DossierSuivi.objects.count() == 1


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_same_key_with_different_answers_concurrently_replays_only_the_stored_payload(epds, partenaire):
    from epds.models import SoumissionEpds

    n = 8
    barriere = threading.Barrier(n)
    scores = [0 if i % 2 else 21 for i in range(n)]

    def corps(score):
        return json.dumps(
            {
                "query": load_operation("SoumettreEpds"),
                "variables": {
                    "input": {
                        "source": partenaire.slug,
                        "version": epds.version,
                        "reponses": indexes_pour(points_pour_score(score, question_10=3 if score else 0)),
                        "idempotencyKey": "cle-disputee",
                    }
                },
            }
        )

    resultats, erreurs = {}, []

    def envoyer(i):
        try:
            barriere.wait(timeout=10)
            reponse = Client().post("/graphql/", corps(scores[i]), content_type="application/json")
            resultats[i] = reponse.json()["data"]["soumettreEpds"]
        except Exception as e:  # noqa: BLE001 — reported below
            erreurs.append(repr(e))
        finally:
            connection.close()

    fils = [threading.Thread(target=envoyer, args=(i,)) for i in range(n)]
    for f in fils:
        f.start()
    for f in fils:
        f.join(timeout=60)

    assert erreurs == []
    stockee = SoumissionEpds.objects.get()
    for i, payload in resultats.items():
        if scores[i] == stockee.score:
            assert payload["errors"] == [] and payload["resultat"]["id"] == str(stockee.uuid)
        else:
            assert payload["resultat"] is None
            assert [e["code"] for e in payload["errors"]] == ["CLE_IDEMPOTENCE_REUTILISEE"]
            assert str(stockee.uuid) not in repr(payload)
    assert len(resultats) == n


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_contact_request_sent_concurrently_is_stored_once(epds, partenaire):
    from epds.models import DemandeContact, Notification
    from tests.support.factories import entree_contact

    soumission = (
        Client()
        .post(
            "/graphql/",
            json.dumps(
                {
                    "query": load_operation("SoumettreEpds"),
                    "variables": {
                        "input": {
                            "source": partenaire.slug,
                            "version": epds.version,
                            "reponses": indexes_pour(points_pour_score(15)),
                        }
                    },
                }
            ),
            content_type="application/json",
        )
        .json()["data"]["soumettreEpds"]["resultat"]
    )
    connection.close()
    n = 8
    barriere = threading.Barrier(n)
    corps = json.dumps(
        {
            "query": load_operation("DemanderContact"),
            "variables": {"input": entree_contact(soumission, idempotencyKey="contact-concurrent")},
        }
    )
    references, erreurs = [], []

    def envoyer():
        try:
            barriere.wait(timeout=10)
            reponse = Client().post("/graphql/", corps, content_type="application/json")
            payload = reponse.json()["data"]["demanderContact"]
            assert payload["errors"] == [], payload
            references.append(payload["reference"])
        except Exception as e:  # noqa: BLE001 — reported below
            erreurs.append(repr(e))
        finally:
            connection.close()

    fils = [threading.Thread(target=envoyer) for _ in range(n)]
    for f in fils:
        f.start()
    for f in fils:
        f.join(timeout=60)

    assert erreurs == []
    assert len(references) == n and len(set(references)) == 1
    assert DemandeContact.objects.count() == 1 and Notification.objects.count() == 1


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_request_without_the_test_posted_concurrently_opens_one_case(epds, partenaire):
    """The widget's form « être contacté·e sans faire le test » sent eight times at once (a
    double click, a reload): no case exists to lock yet, the partner's row serialises them."""
    import re

    from epds.models import DemandeContact, DossierSuivi, Notification

    page = Client().get("/widget/epds/contact/", {"source": partenaire.slug}).content.decode()
    etat = re.search(r'name="etat" value="([^"]+)"', page).group(1)
    connection.close()
    n = 8
    barriere = threading.Barrier(n)
    champs = {
        "etat": etat,
        "action": "envoyer",
        "canal": "SMS",
        "prenom": "Camille",
        "telephone": "0612345678",
        "consentement": "oui",
    }
    references, erreurs = [], []

    def envoyer():
        try:
            barriere.wait(timeout=10)
            reponse = Client().post("/widget/epds/", champs)
            assert reponse.status_code == 200, reponse.status_code
            references.append(re.search(r'id="reference">([^<]+)<', reponse.content.decode()).group(1))
        except Exception as e:  # noqa: BLE001 — reported below
            erreurs.append(repr(e))
        finally:
            connection.close()

    fils = [threading.Thread(target=envoyer) for _ in range(n)]
    for f in fils:
        f.start()
    for f in fils:
        f.join(timeout=60)

    assert erreurs == []
    assert len(references) == n and len(set(references)) == 1
    assert DossierSuivi.objects.count() == DemandeContact.objects.count() == Notification.objects.count() == 1
