"""Input hygiene shared by the EPDS mutations and queries."""

from __future__ import annotations

from hub.api.errors import ErreurSaisie


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
