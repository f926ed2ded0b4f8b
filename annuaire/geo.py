"""Pure geography of the annuaire: great-circle distance, search boxes, French territory.

No Django import: the search (annuaire/search.py), the importer and the tests all use these
functions, and the tests recompute distances with them independently of the database.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# Mean Earth radius (IUGG), the usual value for haversine distances.
RAYON_TERRE_KM = 6371.0088

# A small margin (degrees, about 0.1 mm) added to search boxes so that rounding never drops
# a point that the exact distance keeps; the exact distance filter follows the box anyway.
_MARGE_DEGRES = 1e-9


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in decimal degrees."""
    phi1 = math.radians(lat1)
    phi2 = math.radians(lat2)
    dphi = math.radians(lat2 - lat1)
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * RAYON_TERRE_KM * math.asin(math.sqrt(min(1.0, a)))


@dataclass(frozen=True)
class Boite:
    """A latitude/longitude box that holds every point within a radius of a centre.

    When the box crosses the antimeridian, `lon_min > lon_max`: the longitudes to keep are
    `lon >= lon_min or lon <= lon_max`.
    """

    lat_min: float
    lat_max: float
    lon_min: float
    lon_max: float

    @property
    def traverse_antimeridien(self) -> bool:
        return self.lon_min > self.lon_max

    def contient(self, lat: float, lon: float) -> bool:
        if not self.lat_min <= lat <= self.lat_max:
            return False
        if self.traverse_antimeridien:
            return lon >= self.lon_min or lon <= self.lon_max
        return self.lon_min <= lon <= self.lon_max


def boite_englobante(lat: float, lon: float, rayon_km: float) -> Boite:
    """The smallest lat/lon box holding the spherical cap of `rayon_km` around (lat, lon).

    Latitude spans ±d (d = angular radius). The longitude half-width is asin(sin d / cos lat),
    the meridian tangent to the cap (Chamberlain's bounding-coordinates method); a cap that
    holds a pole spans all longitudes.
    """
    if rayon_km < 0:
        raise ValueError("rayon négatif")
    d = rayon_km / RAYON_TERRE_KM
    phi = math.radians(lat)
    lat_min = math.degrees(phi - d) - _MARGE_DEGRES
    lat_max = math.degrees(phi + d) + _MARGE_DEGRES
    if lat_max >= 90.0 or lat_min <= -90.0 or d >= math.pi / 2:
        return Boite(max(lat_min, -90.0), min(lat_max, 90.0), -180.0, 180.0)
    ratio = math.sin(d) / math.cos(phi)
    if ratio >= 1.0:
        return Boite(lat_min, lat_max, -180.0, 180.0)
    dlon = math.degrees(math.asin(ratio)) + _MARGE_DEGRES
    lon_min = lon - dlon
    lon_max = lon + dlon
    if lon_min < -180.0:
        lon_min += 360.0
    if lon_max > 180.0:
        lon_max -= 360.0
    return Boite(lat_min, lat_max, lon_min, lon_max)


# --- French territory -------------------------------------------------------------------------
# Generous boxes around each part of France that has départements: coordinates outside all of
# them are refused on import (a swapped latitude/longitude or a missing minus sign lands there).
TERRITOIRES: dict[str, Boite] = {
    "metropole": Boite(41.2, 51.2, -5.3, 9.7),
    "guadeloupe": Boite(15.8, 18.2, -63.2, -60.9),  # with Saint-Barthélemy and Saint-Martin
    "martinique": Boite(14.3, 15.0, -61.3, -60.7),
    "guyane": Boite(2.0, 5.9, -54.7, -51.5),
    "la_reunion": Boite(-21.5, -20.8, 55.1, 55.9),
    "mayotte": Boite(-13.1, -12.5, 44.9, 45.4),
}


def en_france(lat: float, lon: float) -> bool:
    """Whether a point lies in France's départements (metropolitan or overseas), roughly."""
    return any(boite.contient(lat, lon) for boite in TERRITOIRES.values())


_CODE_POSTAL = re.compile(r"^\d{5}$")


def code_postal_valide(code: str) -> bool:
    return bool(_CODE_POSTAL.match(code))


def departement_du_code_postal(code: str) -> str | None:
    """The département code a postcode belongs to (e.g. "75011" → "75", "20090" → "2A").

    None when the postcode is malformed or outside the 101 départements (Monaco, overseas
    collectivities). Corsican postcodes 200xx–201xx are Corse-du-Sud, 202xx–206xx Haute-Corse.
    """
    if not code_postal_valide(code):
        return None
    prefixe = code[:2]
    if prefixe == "00":
        return None
    if prefixe == "20":
        return "2A" if code[2] in "01" else "2B"
    if prefixe == "97":
        dom = code[:3]
        return dom if dom in {"971", "972", "973", "974", "976"} else None
    if prefixe in {"98", "99"}:
        return None
    return prefixe
