"""Coordinates of an address, through a pluggable geocoder (setting GEOCODER, a dotted path).

- `GeocodeurIndisponible` (default): nothing to run locally; every lookup fails with a reason,
  so the coordinates stay empty and the import report says why.
- `GeocodeurBAN`: the national address API (Base Adresse Nationale,
  https://api-adresse.data.gouv.fr/search/), reached through hub/reseau.py's checked outbound
  HTTP. Its answer is a GeoJSON FeatureCollection: `features[0].geometry.coordinates` is
  [longitude, latitude], `properties.score` the confidence (0 to 1).

A lookup never guesses: no result, a score under GEOCODER_SCORE_MIN, a point outside France,
an unreadable answer or an unreachable server are each an `EchecGeocodage` with a French reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.utils.module_loading import import_string

from annuaire import geo


class EchecGeocodage(Exception):
    """The address was not located; `str()` is the reason, in French, for the editor."""


@dataclass(frozen=True)
class Position:
    latitude: float
    longitude: float
    score: float
    libelle: str = ""


@dataclass(frozen=True)
class Adresse:
    adresse: str
    code_postal: str
    commune: str

    @property
    def vide(self) -> bool:
        return not (self.adresse or self.commune)

    def texte(self) -> str:
        return " ".join(p for p in (self.adresse, self.code_postal, self.commune) if p)


class GeocodeurIndisponible:
    """No geocoder configured: nothing is looked up, nothing is required to run."""

    def localiser(self, adresse: Adresse) -> Position:
        raise EchecGeocodage("géocodage non configuré (réglage GEOCODER) : coordonnées à saisir")


class GeocodeurBAN:
    """The national address API; its URL, minimum score and timeout come from the settings."""

    def __init__(self, url: str | None = None, score_min: float | None = None, delai: float | None = None):
        self.url = url or settings.GEOCODER_URL
        self.score_min = settings.GEOCODER_SCORE_MIN if score_min is None else score_min
        self.delai = settings.GEOCODER_DELAI_SECONDES if delai is None else delai

    def localiser(self, adresse: Adresse) -> Position:
        from hub import reseau

        if adresse.vide:
            raise EchecGeocodage("adresse absente")
        parametres = {"q": adresse.texte()[:200], "limit": 1}
        if adresse.code_postal:
            parametres["postcode"] = adresse.code_postal
        url = f"{self.url}{'&' if '?' in self.url else '?'}{urlencode(parametres)}"
        try:
            reponse = reseau.obtenir(url, {"Accept": "application/json"}, self.delai)
        except reseau.CibleRefusee:
            raise EchecGeocodage(
                "service de géocodage non autorisé (adresse du réglage GEOCODER_URL)"
            ) from None
        except Exception:  # connection refused, timeout, TLS: the service is unreachable
            raise EchecGeocodage("service de géocodage injoignable") from None
        if reponse.status != 200:
            raise EchecGeocodage(f"service de géocodage en erreur (HTTP {reponse.status})")
        return self._lire(reponse.data)

    def _lire(self, corps: bytes) -> Position:
        try:
            donnees = json.loads(corps)
            features = donnees["features"]
        except (ValueError, KeyError, TypeError):
            raise EchecGeocodage("réponse du service de géocodage illisible") from None
        if not features:
            raise EchecGeocodage("adresse introuvable")
        try:
            longitude, latitude = (float(c) for c in features[0]["geometry"]["coordinates"][:2])
            proprietes = features[0].get("properties") or {}
            score = float(proprietes.get("score", 0))
        except (ValueError, KeyError, TypeError, IndexError, AttributeError):
            raise EchecGeocodage("réponse du service de géocodage illisible") from None
        if score < self.score_min:
            raise EchecGeocodage(f"adresse incertaine (score {score:.2f} < {self.score_min:.2f})")
        if not geo.en_france(latitude, longitude):
            raise EchecGeocodage(f"coordonnées trouvées hors de France ({latitude}, {longitude})")
        return Position(latitude, longitude, score, str(proprietes.get("label", ""))[:255])


@cache
def _classe(chemin: str):
    return import_string(chemin)


def geocodeur():
    """The configured geocoder (a new instance: settings may change in tests)."""
    return _classe(settings.GEOCODER)()


def localiser(adresse: Adresse) -> Position:
    return geocodeur().localiser(adresse)
