"""Accent-insensitive search text: one normalised form for stored text and queries alike.

Stored in a column maintained on save and matched with `contains`, it behaves the same on
SQLite and PostgreSQL (no unaccent extension, no collation needed).
"""

from __future__ import annotations

import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "’": "'", "ʼ": "'"})
_HORS_MOT = re.compile(r"[^a-z0-9]+")


def normaliser(texte: str) -> str:
    """Lowercase, without accents or punctuation, words separated by one space."""
    decompose = unicodedata.normalize("NFKD", (texte or "").translate(_LIGATURES))
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    return " ".join(_HORS_MOT.sub(" ", sans_accents.lower()).split())


def mots(recherche: str) -> list[str]:
    """The normalised words of a query, each to be found in the text."""
    return normaliser(recherche).split()
