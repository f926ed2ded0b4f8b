"""What people type into a mutation or a form, checked the same way in every domain.

Each refusal is an `ErreurSaisie`: a registered code (hub/erreurs.py), a French message, the
field as the API spells it (`nom_api`). A check collects them (`Saisie`) so that one answer
lists every field at fault, and nothing is stored while one is refused (`SaisieInvalide`):

- NUL characters are refused anywhere (PostgreSQL cannot store them, no real input has one);
- a text is trimmed; when required it must not be empty; it has a maximum length;
- a phone number is French (kept in E.164, `hub.formats`), an email address is valid, a
  département is an INSEE code.

Which fields a form has, which are required and for which reason are the domains' rules.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from hub.api.errors import ErreurSaisie
from hub.formats import est_departement, telephone_francais


class SaisieInvalide(Exception):
    """Refused input, every field at fault: the mutations answer `erreurs` as `ErreurChamp` data."""

    def __init__(self, erreurs: list[ErreurSaisie]):
        super().__init__(", ".join(e.code for e in erreurs))
        self.erreurs = erreurs


def nom_api(champ: str) -> str:
    """A field as the API spells it: `code_postal` → `codePostal`."""
    tete, *reste = champ.split("_")
    return tete + "".join(m.capitalize() for m in reste)


def caracteres_interdits(valeur, champ: str = "") -> list[ErreurSaisie]:
    """CARACTERE_INVALIDE for each text holding a NUL character, in `valeur` and everything it
    holds (dicts by their keys in the API's spelling, lists by position)."""
    if isinstance(valeur, str):
        if "\x00" in valeur:
            return [ErreurSaisie("CARACTERE_INVALIDE", "Caractère non autorisé.", champ or None)]
        return []
    if isinstance(valeur, dict):
        erreurs = []
        for cle, sous in valeur.items():
            erreurs += caracteres_interdits(sous, f"{champ}.{nom_api(cle)}" if champ else nom_api(cle))
        return erreurs
    if isinstance(valeur, (list, tuple)):
        return [e for i, sous in enumerate(valeur) for e in caracteres_interdits(sous, f"{champ}.{i}")]
    return []


def refus(code: str, message: str) -> tuple[str, str]:
    """A refusal given to a check before the field is known (`Saisie.texte`'s `requis`)."""
    return code, message


class Saisie:
    """The refusals of one input, field by field; `verifier()` raises them all at once.

    Each method returns the value to keep: trimmed, in its stored format, empty when refused."""

    def __init__(self) -> None:
        self.erreurs: list[ErreurSaisie] = []

    def refuser(self, code: str, message: str, champ: str | None = None) -> None:
        self.erreurs.append(ErreurSaisie(code, message, champ))

    def texte(
        self,
        valeur: str | None,
        champ: str,
        *,
        maximum: int,
        requis: tuple[str, str] | None = None,
        trop_long: tuple[str, str] | None = None,
    ) -> str:
        """`valeur` trimmed (None is empty). Empty and `requis`: that `refus`; longer than
        `maximum` characters: `trop_long`, else TEXTE_TROP_LONG « N caractères au plus »."""
        texte = (valeur or "").strip()
        if not texte and requis is not None:
            self.refuser(*requis, champ)
        elif len(texte) > maximum:
            self.refuser(*(trop_long or refus("TEXTE_TROP_LONG", f"{maximum} caractères au plus.")), champ)
        return texte

    def telephone(self, valeur: str | None, champ: str = "telephone", *, numeros_courts: bool = False) -> str:
        """A French number in E.164 (`hub.formats.telephone_francais`); empty stays empty."""
        texte = (valeur or "").strip()
        if not texte:
            return ""
        numero = telephone_francais(texte, numeros_courts=numeros_courts)
        if numero is None:
            self.refuser(
                "TELEPHONE_INVALIDE", "Numéro de téléphone français invalide (ex. 01 23 45 67 89).", champ
            )
        return numero or ""

    def email(self, valeur: str | None, champ: str = "email", *, facultative: bool = True) -> str:
        """A valid email address, trimmed; empty stays empty unless it is not `facultative`."""
        texte = (valeur or "").strip()
        if not texte and facultative:
            return ""
        try:
            validate_email(texte)
        except ValidationError:
            self.refuser("EMAIL_INVALIDE", "Adresse email invalide.", champ)
            return ""
        return texte

    def departement(self, valeur: str | None, champ: str = "departement") -> str:
        """An INSEE code of a département (overseas included); empty stays empty."""
        if valeur and not est_departement(valeur):
            self.refuser("DEPARTEMENT_INVALIDE", "Département inconnu.", champ)
            return ""
        return valeur or ""

    def verifier(self) -> None:
        if self.erreurs:
            raise SaisieInvalide(self.erreurs)
