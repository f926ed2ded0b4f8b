"""Accent-free text, the one normalisation of every search (articles, professionals, places).

Pure, no Django import. The search columns hold `normaliser(...)` of the searchable fields and
the needle is normalised the same way, so a plain `contains` works identically on SQLite and
PostgreSQL (no unaccent extension, no collation needed).
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALPHANUMERIQUE = re.compile(r"[^0-9a-z]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


def normaliser(texte: str | None) -> str:
    """Lowercase, without accents, words separated by single spaces: "Sage-Femme à Évry" → "sage femme a evry"."""
    if not texte:
        return ""
    decompose = unicodedata.normalize("NFKD", texte.translate(_LIGATURES))
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    return _NON_ALPHANUMERIQUE.sub(" ", sans_accents.lower()).strip()


def mots(texte: str | None) -> list[str]:
    """The normalised words of a search text, without duplicates, in order."""
    vus: list[str] = []
    for mot in normaliser(texte).split():
        if mot not in vus:
            vus.append(mot)
    return vus
