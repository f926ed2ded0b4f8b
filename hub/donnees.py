"""The one reader of the reference data files (`<app>/data/<nom>.json`): keyed JSON a domain
expert reviews, one list of objects (or one object) per file, French keys. Each app's loading
command (`load_parcours`, `load_epds`, `load_reperage`) reads its files through it."""

from __future__ import annotations

import json
from pathlib import Path

from django.apps import apps


def dossier(app: str) -> Path:
    return Path(apps.get_app_config(app).path) / "data"


def lire(app: str, nom: str):
    """The content of `<app>/data/<nom>` (`.json` added when the name has no extension)."""
    fichier = nom if nom.endswith(".json") else f"{nom}.json"
    return json.loads((dossier(app) / fichier).read_text(encoding="utf-8"))
