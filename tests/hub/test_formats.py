"""The one rule for French phone numbers, slugs and département codes (hub/formats.py)."""

import pytest

from hub.formats import afficher_telephone, est_departement, est_slug, telephone_francais


@pytest.mark.parametrize(
    ("saisie", "stocke", "affiche"),
    [
        ("01 23 45 67 89", "+33123456789", "01 23 45 67 89"),
        ("+33 6 12 34 56 78", "+33612345678", "06 12 34 56 78"),
        ("06.12.34.56.78", "+33612345678", "06 12 34 56 78"),
        ("0262 21 34 56", "+262262213456", "0262 21 34 56"),  # La Réunion, dialled from France
        ("0590 12 34 56", "+590590123456", "0590 12 34 56"),  # Guadeloupe
        ("1234", None, None),  # the CSV import used to accept it
        ("3230", None, None),  # a service number cannot call a parent back
        ("+1 212 555 0100", None, None),  # not French
        ("06 12 34 56 78 90 12 34 56 78 90 12 34", None, None),
        ("", None, None),
    ],
)
def test_a_french_number_is_stored_in_e164_and_shown_as_dialled(saisie, stocke, affiche):
    assert telephone_francais(saisie) == stocke
    if stocke:
        assert afficher_telephone(stocke) == affiche


@pytest.mark.parametrize(("saisie", "stocke"), [("32 30", "3230"), ("3114", "3114"), ("1234", None)])
def test_the_directory_keeps_service_numbers(saisie, stocke):
    assert telephone_francais(saisie, numeros_courts=True) == stocke


@pytest.mark.parametrize(
    ("code", "valide"),
    [("75", True), ("01", True), ("2A", True), ("2B", True), ("971", True), ("976", True), ("00", False),
     ("20", False), ("96", False), ("99", False), ("7\x005", False), ("2a", False), ("", False)],
)  # fmt: skip
def test_departement_codes(code, valide):
    assert est_departement(code) is valide


@pytest.mark.parametrize(
    ("slug", "valide"), [("debut-de-grossesse", True), ("etape_3", True), ("Étape", False), ("a b", False),
                         ("x" * 101, False), ("", False)],
)  # fmt: skip
def test_slugs(slug, valide):
    assert est_slug(slug) is valide
