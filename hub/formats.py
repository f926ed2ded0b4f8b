"""The formats of identifiers that several domains accept: one rule each.

- French phone numbers (metropolitan France and overseas): stored in E.164 (« +33123456789 »,
  what an SMS gateway and `tel:` links need), shown in the national format (« 01 23 45 67 89 »);
- slugs (stages, themes, types) as the API names them;
- codes of départements (INSEE), overseas included;
- calendar dates (YYYY-MM-DD, strictly), within the years every rule computes with.
"""

from __future__ import annotations

import re
from datetime import date

import phonenumbers

from hub.erreurs import ErreurDomaine

# Numbers of metropolitan France and the overseas départements/collectivities.
REGIONS_TELEPHONE = frozenset({"FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "WF", "PF", "NC"})
SLUG = re.compile(r"^[-a-z0-9_]{1,100}$")
DEPARTEMENT = re.compile(
    r"^(0[1-9]|1\d|2[1-9]|[3-8]\d|9[0-5]|2A|2B|97[1-8]|98[4-9])$"
)  # no « 20 » since 1976


def telephone_francais(valeur: str, *, numeros_courts: bool = False) -> str | None:
    """The number in E.164 when `valeur` is a valid French number, else None (« 1234 » is not).

    A national number of an overseas territory (« 0262 … ») is read with that territory's plan.
    With `numeros_courts`, the directory's service numbers (« 3230 », « 3114 ») are kept as digits;
    a parent's number to call back never is one.
    """
    if not isinstance(valeur, str) or len(valeur) > 30:
        return None
    for region in ("FR", *sorted(REGIONS_TELEPHONE - {"FR"})):
        try:
            numero = phonenumbers.parse(valeur, region)
        except phonenumbers.NumberParseException:
            return None
        if (
            phonenumbers.is_valid_number(numero)
            and phonenumbers.region_code_for_number(numero) in REGIONS_TELEPHONE
        ):
            return phonenumbers.format_number(numero, phonenumbers.PhoneNumberFormat.E164)
        if valeur.lstrip().startswith("+"):
            break  # an international number names its country: no other plan to try
    if numeros_courts:
        numero = phonenumbers.parse(valeur, "FR")
        if phonenumbers.is_valid_short_number_for_region(numero, "FR"):
            return phonenumbers.national_significant_number(numero)
    return None


def afficher_telephone(valeur: str) -> str:
    """A stored number as people in France dial it (« 01 23 45 67 89 », « 0262 12 34 56 »,
    « 3230 »); anything unparseable (older data) is shown as it was stored."""
    try:
        numero = phonenumbers.parse(valeur, "FR")
    except phonenumbers.NumberParseException:
        return valeur
    if phonenumbers.region_code_for_number(numero) in REGIONS_TELEPHONE:
        return phonenumbers.format_number(numero, phonenumbers.PhoneNumberFormat.NATIONAL)
    return valeur


def est_slug(valeur: str) -> bool:
    return isinstance(valeur, str) and SLUG.match(valeur) is not None


def est_departement(code: str) -> bool:
    return isinstance(code, str) and DEPARTEMENT.match(code) is not None


DATE_INVALIDE = "DATE_INVALIDE"
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Dates the rules compute with (a parcours spans a few years around its reference date): far
# from these bounds, date arithmetic never leaves Python's years 1 to 9999, and a date-time
# converted to UTC for the database never overflows.
ANNEE_MIN, ANNEE_MAX = 1900, 2200


class DateInvalide(ErreurDomaine):
    def __init__(self, message: str) -> None:
        super().__init__(DATE_INVALIDE, message)


def lire_date(valeur: str) -> date:
    """Parses `YYYY-MM-DD` strictly; an impossible date (2027-02-30) is refused too."""
    if not isinstance(valeur, str) or not DATE.fullmatch(valeur):
        raise DateInvalide(f"« {valeur} » n'est pas une date au format AAAA-MM-JJ.")
    try:
        return date.fromisoformat(valeur)
    except ValueError:
        raise DateInvalide(f"Le {valeur} n'existe pas dans le calendrier.") from None
