"""Whether an installed app must, or may, be updated: pure rules on version numbers, no Django.

A version is `MAJEUR[.MINEUR[.CORRECTIF]]` (« 2 », « 2.4 », « 2.4.1 »), compared number by
number (2.10 is after 2.9; a missing number counts as 0, so 2.4 = 2.4.0).
"""

from __future__ import annotations

import re
from enum import StrEnum

from hub.erreurs import ErreurDomaine

_FORMAT = re.compile(r"\d{1,4}(\.\d{1,4}){0,2}")
VERSION_APPLICATION_INVALIDE = "VERSION_APPLICATION_INVALIDE"


class MiseAJour(StrEnum):
    AUCUNE = "AUCUNE"  # up to date, or no version published for the platform
    CONSEILLEE = "CONSEILLEE"  # a newer version exists
    OBLIGATOIRE = "OBLIGATOIRE"  # older than the minimum supported version


def est_version(texte: str) -> bool:
    return isinstance(texte, str) and bool(_FORMAT.fullmatch(texte))


def lire(texte: str) -> tuple[int, int, int]:
    if not est_version(texte):
        raise ErreurDomaine(
            VERSION_APPLICATION_INVALIDE, f"« {str(texte)[:20]} » n'est pas un numéro de version (ex. 2.4.1)."
        )
    nombres = [int(n) for n in texte.split(".")]
    return tuple(nombres + [0] * (3 - len(nombres)))  # type: ignore[return-value]


def mise_a_jour(installee: str, derniere: str, minimale: str) -> MiseAJour:
    """`derniere` or `minimale` empty: nothing published for the platform, nothing required."""
    version = lire(installee)
    if minimale and version < lire(minimale):
        return MiseAJour.OBLIGATOIRE
    if derniere and version < lire(derniere):
        return MiseAJour.CONSEILLEE
    return MiseAJour.AUCUNE
