"""Input hygiene shared by the EPDS mutations and queries."""

from __future__ import annotations

from hub.api import partners
from hub.api.errors import ErreurSaisie, RequeteRefusee


def _camel(nom: str) -> str:
    tete, *reste = nom.split("_")
    return tete + "".join(m.capitalize() for m in reste)


def caracteres_interdits(valeur, champ: str = "") -> list[ErreurSaisie]:
    """NUL characters are refused (PostgreSQL cannot store them, and no real input has one)."""
    if isinstance(valeur, str):
        if "\x00" in valeur:
            return [ErreurSaisie("CARACTERE_INVALIDE", "Caractère non autorisé.", champ or None)]
        return []
    if isinstance(valeur, dict):
        erreurs = []
        for cle, sous in valeur.items():
            erreurs += caracteres_interdits(sous, f"{champ}.{_camel(cle)}" if champ else _camel(cle))
        return erreurs
    if isinstance(valeur, (list, tuple)):
        return [e for i, sous in enumerate(valeur) for e in caracteres_interdits(sous, f"{champ}.{i}")]
    return []


def entree_refusee(info, entree: dict) -> tuple[str | None, list[ErreurSaisie]]:
    """What every public mutation with a `source` checks first, in this order: NUL characters,
    then the partner the request is authenticated for (`hub.api.partners`). Returns the partner's
    slug and no error, or no slug and the errors to answer as data."""
    if interdits := caracteres_interdits(entree):
        return None, interdits
    try:
        return partners.mutation_partner(info.context, entree["source"]), []
    except RequeteRefusee as refus:
        return None, [ErreurSaisie(refus.code, refus.message, "source")]
