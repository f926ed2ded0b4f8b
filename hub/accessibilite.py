"""The accessibility statement's facts, read from docs/accessibilite.json (a file, not the
database: the footer of every page, error pages included, shows the conformity status).

The browser tests (tests/e2e/test_pages_*.py) check every page they run axe-core on against
this file, and a test fails when a page the hub serves to people is not listed in it.

RGAA: « totalement conforme » needs an audit with every criterion met, « partiellement
conforme » at least half of them; without an audit a site is « non conforme ». Automated tests
cover only part of the criteria: they are listed as what they are, not as an audit.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

FICHIER = Path(__file__).resolve().parent.parent / "docs" / "accessibilite.json"


@lru_cache(maxsize=1)
def _lire(chemin: str, modifie: float) -> dict:
    with open(chemin, encoding="utf-8") as fichier:
        return json.load(fichier)


def donnees() -> dict:
    return _lire(str(FICHIER), FICHIER.stat().st_mtime)


def statut(faits: dict | None = None) -> str:
    """« totalement conforme », « partiellement conforme » or « non conforme »."""
    faits = donnees() if faits is None else faits
    audit = faits.get("audit") or {}
    taux = audit.get("taux_conformite")
    if taux is None:
        return "non conforme"
    if taux >= 100 and not any(p.get("violations") for p in faits.get("pages", [])):
        return "totalement conforme"
    return "partiellement conforme" if taux >= 50 else "non conforme"
