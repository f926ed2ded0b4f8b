"""demanderContact: token, validation, case opening, encryption at rest, no public exposure."""

import logging

import pytest
from django.db import connection

from tests.support.factories import compter


def test_contact_request_moves_the_case_to_nouveau(soumettre, contact, django_capture_on_commit_callbacks):
    from epds.models import DemandeContact, DossierSuivi, Notification

    resultat = soumettre(score=14)["resultat"]
    assert DossierSuivi.objects.get().statut == "sans_contact"
    with django_capture_on_commit_callbacks() as rappels:
        payload = contact(resultat)
    assert payload["errors"] == []
    assert payload["reference"].startswith("EPDS-")
    dossier = DossierSuivi.objects.get()
    assert dossier.statut == "nouveau"
    demande = DemandeContact.objects.get()
    assert demande.dossier == dossier and demande.reference == payload["reference"]
    assert (demande.prenom, demande.telephone, demande.canal) == ("Camille", "+33612345678", "SMS")
    assert demande.creneaux == ["MATIN", "APRES_MIDI"]
    # One email for the team, enqueued only once the transaction commits.
    assert list(Notification.objects.values_list("destinataire", flat=True)) == ["equipe"]
    assert len(rappels) == 1


def test_low_score_contact_request_opens_a_case(soumettre, contact):
    from epds.models import DossierSuivi

    resultat = soumettre(score=4)["resultat"]
    assert resultat["suiviOuvert"] is False and DossierSuivi.objects.count() == 0
    assert contact(resultat, canal="EMAIL", telephone=None, email="camille@example.fr")["errors"] == []
    assert DossierSuivi.objects.get().statut == "nouveau"


def test_confirmation_email_is_optional(soumettre, contact):
    from epds.models import Notification

    resultat = soumettre(score=12)["resultat"]
    contact(resultat, email="camille@example.fr", confirmation=True)
    assert sorted(Notification.objects.values_list("destinataire", flat=True)) == ["equipe", "parent"]


def test_personal_data_is_encrypted_at_rest_and_never_logged(soumettre, contact, caplog):
    caplog.set_level(logging.DEBUG)
    resultat = soumettre(score=14)["resultat"]
    contact(resultat, prenom="Zéphyrine", email="zephyrine@example.fr", telephone="0612345678")
    with connection.cursor() as cursor:
        cursor.execute("SELECT prenom, telephone, email FROM epds_demandecontact")
        brut = " ".join(cursor.fetchone())
    for secret in ("Zéphyrine", "zephyrine@example.fr", "612345678"):
        assert secret not in brut
        assert secret not in caplog.text


@pytest.mark.parametrize(
    ("champs", "code", "champ"),
    [
        ({"consentement": False}, "CONSENTEMENT_REQUIS", "consentement"),
        ({"telephone": "06 12 34"}, "TELEPHONE_INVALIDE", "telephone"),
        ({"telephone": "+44 20 7946 0958"}, "TELEPHONE_INVALIDE", "telephone"),  # valid, but not French
        ({"telephone": "pas un numéro"}, "TELEPHONE_INVALIDE", "telephone"),
        ({"telephone": None}, "TELEPHONE_REQUIS", "telephone"),  # SMS needs a phone
        ({"canal": "EMAIL", "email": "camille@", "telephone": None}, "EMAIL_INVALIDE", "email"),
        ({"email": "pas une adresse"}, "EMAIL_INVALIDE", "email"),
        ({"canal": "EMAIL", "telephone": None}, "EMAIL_REQUIS", "email"),
        ({"prenom": "  "}, "PRENOM_REQUIS", "prenom"),
        ({"departement": "00"}, "DEPARTEMENT_INVALIDE", "departement"),
        ({"naissanceDernierEnfant": "2999-01-01"}, "DATE_INVALIDE", "naissanceDernierEnfant"),
    ],
)
def test_bad_contact_input_is_a_coded_error_and_stores_nothing(soumettre, contact, champs, code, champ):
    resultat = soumettre(score=14)["resultat"]
    avant = compter()
    payload = contact(resultat, **champs)
    assert payload["reference"] is None
    assert (code, champ) in [(e["code"], e["champ"]) for e in payload["errors"]]
    assert compter() == avant
    from epds.models import DossierSuivi

    assert DossierSuivi.objects.get().statut == "sans_contact"


@pytest.mark.parametrize(
    "falsifier",
    [
        lambda r: {**r, "jeton": "0" * 64},
        lambda r: {**r, "jeton": ""},
        lambda r: {**r, "id": "00000000-0000-4000-8000-000000000000"},
        lambda r: {**r, "id": "pas-un-uuid"},
    ],
)
def test_wrong_token_is_refused_and_stores_nothing(soumettre, contact, falsifier):
    resultat = soumettre(score=4)["resultat"]
    avant = compter()
    payload = contact(falsifier(resultat))
    assert payload["reference"] is None
    assert [(e["code"], e["champ"]) for e in payload["errors"]] == [("JETON_INVALIDE", "jeton")]
    assert compter() == avant


def test_a_token_only_works_for_its_own_result(soumettre, contact):
    premier = soumettre(score=4)["resultat"]
    second = soumettre(score=5)["resultat"]
    payload = contact({"id": second["id"], "jeton": premier["jeton"]})
    assert [e["code"] for e in payload["errors"]] == ["JETON_INVALIDE"]


def test_no_public_type_exposes_cases_or_contacts():
    from graphql import GraphQLInterfaceType, GraphQLObjectType

    from hub.schema import schema

    types = schema.graphql_schema.type_map
    for nom in ("DossierSuivi", "DemandeContact", "Notification", "SoumissionEpds", "ParametresEpds"):
        assert nom not in types
    for nom, type_ in types.items():
        if not isinstance(type_, (GraphQLObjectType, GraphQLInterfaceType)):
            continue  # inputs may carry them (demanderContact's input), outputs never
        champs = set(getattr(type_, "fields", {}) or {})
        assert not {"prenom", "canal"} <= champs, nom  # a contact request's shape
        assert "jetonHash" not in champs and "notes" not in champs, nom


def test_nul_characters_in_contact_are_refused(soumettre, contact):
    resultat = soumettre(score=14)["resultat"]
    avant = compter()
    payload = contact(resultat, prenom="Cam\x00ille")
    assert [(e["code"], e["champ"]) for e in payload["errors"]] == [("CARACTERE_INVALIDE", "prenom")]
    assert compter() == avant
