"""The shared input checks (hub/saisie.py): what each keeps, and the code each refusal answers."""

from __future__ import annotations

import pytest

from hub.saisie import Saisie, SaisieInvalide, caracteres_interdits, nom_api, refus


def _verdict(methode: str, *args, **kwargs):
    saisie = Saisie()
    valeur = getattr(saisie, methode)(*args, **kwargs)
    return valeur, [(e.code, e.champ) for e in saisie.erreurs]


@pytest.mark.parametrize(
    ("args", "kwargs", "attendu"),
    [
        (("  PMI  ", "nom"), {"maximum": 10}, ("PMI", [])),
        ((None, "nom"), {"maximum": 10}, ("", [])),
        (
            ("  ", "nom"),
            {"maximum": 10, "requis": refus("NOM_REQUIS", "Indiquez le nom.")},
            ("", [("NOM_REQUIS", "nom")]),
        ),
        (("x" * 11, "description"), {"maximum": 10}, ("x" * 11, [("TEXTE_TROP_LONG", "description")])),
        (("x" * 10, "description"), {"maximum": 10}, ("x" * 10, [])),
        (
            ("x" * 101, "prenom"),
            {"maximum": 100, "trop_long": refus("PRENOM_TROP_LONG", "Le prénom est trop long.")},
            ("x" * 101, [("PRENOM_TROP_LONG", "prenom")]),
        ),
    ],
)
def test_a_text_is_trimmed_required_and_bounded(args, kwargs, attendu):
    assert _verdict("texte", *args, **kwargs) == attendu


def test_a_too_long_text_says_its_maximum():
    saisie = Saisie()
    saisie.texte("abcdef", "nom", maximum=5)
    assert saisie.erreurs[0].message == "5 caractères au plus."


@pytest.mark.parametrize(
    ("valeur", "kwargs", "attendu"),
    [
        ("01 23 45 67 89", {}, ("+33123456789", [])),
        ("  ", {}, ("", [])),
        (None, {}, ("", [])),
        ("1234", {}, ("", [("TELEPHONE_INVALIDE", "telephone")])),
        ("3230", {}, ("", [("TELEPHONE_INVALIDE", "telephone")])),
        ("3230", {"numeros_courts": True}, ("3230", [])),
    ],
)
def test_a_phone_number_is_french_and_kept_in_e164(valeur, kwargs, attendu):
    assert _verdict("telephone", valeur, **kwargs) == attendu


@pytest.mark.parametrize(
    ("valeur", "kwargs", "attendu"),
    [
        (" a@example.org ", {}, ("a@example.org", [])),
        ("", {}, ("", [])),
        ("", {"facultative": False}, ("", [("EMAIL_INVALIDE", "email")])),
        ("pas-une-adresse", {}, ("", [("EMAIL_INVALIDE", "email")])),
    ],
)
def test_an_email_address_is_valid(valeur, kwargs, attendu):
    assert _verdict("email", valeur, **kwargs) == attendu


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [
        ("2A", ("2A", [])),
        ("974", ("974", [])),
        ("", ("", [])),
        ("20", ("", [("DEPARTEMENT_INVALIDE", "departement")])),
    ],
)
def test_a_departement_is_an_insee_code(valeur, attendu):
    assert _verdict("departement", valeur) == attendu


def test_nul_characters_are_found_anywhere_with_the_api_field_name():
    entree = {"code_postal": "75\x00", "creneaux": ["MATIN", "\x00"], "demographie": {"tranche_age": "\x00"}}
    assert [e.champ for e in caracteres_interdits(entree)] == [
        "codePostal",
        "creneaux.1",
        "demographie.trancheAge",
    ]
    assert caracteres_interdits({"nom": "PMI", "n": 3}) == []
    assert nom_api("naissance_dernier_enfant") == "naissanceDernierEnfant"


def test_verifier_raises_every_refusal_at_once():
    saisie = Saisie()
    saisie.verifier()  # nothing refused: nothing raised
    saisie.email("x", "email")
    saisie.telephone("12", "telephone")
    with pytest.raises(SaisieInvalide) as refus_:
        saisie.verifier()
    assert [e.code for e in refus_.value.erreurs] == ["EMAIL_INVALIDE", "TELEPHONE_INVALIDE"]
