"""demanderContact replays: the same request under the same key is one request and one email."""

import pytest

from tests.support.factories import compter
from tests.support.worker import worker


@pytest.mark.django_db(transaction=True)  # the real worker and SMTP server
def test_a_replayed_contact_request_is_stored_and_emailed_once(smtp, soumettre, contact):
    from epds.models import DemandeContact

    resultat = soumettre(score=14)["resultat"]
    premier = contact(resultat, idempotencyKey="contact-1")
    assert premier["errors"] == [] and premier["reference"]
    avant = compter()
    # The client did not get the answer (network cut) and sends the very same request again.
    second = contact(resultat, idempotencyKey="contact-1", creneaux=["MATIN", "APRES_MIDI", "MATIN"])
    assert second == premier
    assert compter() == avant and DemandeContact.objects.count() == 1
    worker()
    assert len(smtp.messages) == 1


@pytest.mark.parametrize(
    "autre",
    [
        {"prenom": "Léa"},
        {"telephone": "06 99 99 99 99"},
        {"canal": "TELEPHONE"},
        {"creneaux": ["MIDI"]},
        {"departement": "13"},
        {"email": "camille@example.fr", "confirmation": True},
    ],
)
def test_a_used_key_with_other_fields_is_refused_and_stores_nothing(soumettre, contact, autre):
    resultat = soumettre(score=14)["resultat"]
    premier = contact(resultat, idempotencyKey="contact-1")
    avant = compter()
    second = contact(resultat, idempotencyKey="contact-1", **autre)
    assert second["reference"] is None
    assert [(e["code"], e["champ"]) for e in second["errors"]] == [
        ("CLE_IDEMPOTENCE_REUTILISEE", "idempotencyKey")
    ]
    assert premier["reference"] not in repr(second)
    assert compter() == avant  # no request, no notification: no email


def test_another_key_is_another_request(soumettre, contact):
    resultat = soumettre(score=14)["resultat"]
    premier = contact(resultat, idempotencyKey="contact-1")
    second = contact(resultat, idempotencyKey="contact-2")
    assert second["errors"] == [] and second["reference"] != premier["reference"]
    assert compter()["demandes"] == 2


def test_a_key_under_another_result_is_independent(soumettre, contact):
    premier = contact(soumettre(score=14)["resultat"], idempotencyKey="contact-1")
    second = contact(soumettre(score=15)["resultat"], idempotencyKey="contact-1")
    assert second["errors"] == [] and second["reference"] != premier["reference"]
