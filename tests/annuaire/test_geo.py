"""Pure geography: table-driven distances, boxes that always hold the circle, postcodes."""

import math
import random

import pytest

from annuaire import geo
from hub.texte import mots, normaliser


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((48.8566, 2.3522), (45.7640, 4.8357), 391.5),  # Paris – Lyon
        ((48.8566, 2.3522), (43.2965, 5.3698), 660.5),  # Paris – Marseille
        ((48.8566, 2.3522), (48.8566, 2.3522), 0.0),
        ((0.0, 0.0), (0.0, 180.0), math.pi * geo.RAYON_TERRE_KM),  # antipodes
        ((0.0, 179.9), (0.0, -179.9), 22.24),  # across the antimeridian
    ],
)
def test_haversine_reference_distances(a, b, km):
    assert geo.haversine_km(*a, *b) == pytest.approx(km, abs=0.5)
    assert geo.haversine_km(*a, *b) == pytest.approx(geo.haversine_km(*b, *a))


@pytest.mark.parametrize(
    ("lat", "lon", "rayon"),
    [
        (48.8566, 2.3522, 20),
        (-20.88, 55.45, 50),
        (0, 179.95, 30),
        (0, -179.95, 30),
        (89.9, 0, 50),
        (60, 10, 200),
    ],
)
def test_bounding_box_holds_every_point_of_the_circle(lat, lon, rayon):
    boite = geo.boite_englobante(lat, lon, rayon)
    rng = random.Random(7)
    d = rayon / geo.RAYON_TERRE_KM
    phi1, l1 = math.radians(lat), math.radians(lon)
    for _ in range(2000):
        # A point at distance <= rayon in a random direction (destination-point formula).
        delta = d * math.sqrt(rng.random()) if rng.random() < 0.5 else d * (1 - 1e-12)
        theta = rng.uniform(0, 2 * math.pi)
        phi2 = math.asin(
            math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta)
        )
        l2 = l1 + math.atan2(
            math.sin(theta) * math.sin(delta) * math.cos(phi1),
            math.cos(delta) - math.sin(phi1) * math.sin(phi2),
        )
        p_lat, p_lon = math.degrees(phi2), (math.degrees(l2) + 540) % 360 - 180
        assert geo.haversine_km(lat, lon, p_lat, p_lon) <= rayon * (1 + 1e-9)
        assert boite.contient(p_lat, p_lon), (p_lat, p_lon, boite)


def test_bounding_box_is_tight_in_france():
    boite = geo.boite_englobante(48.8566, 2.3522, 20)
    assert boite.lat_max - boite.lat_min == pytest.approx(2 * 20 / 111.195, rel=1e-3)
    assert not boite.traverse_antimeridien
    assert boite.lon_max - boite.lon_min < 0.55  # ≈ 2 × 20 km / (111.2 km × cos 48.86°)
    assert not boite.contient(48.8566 + 0.2, 2.3522)


def test_bounding_box_across_antimeridian_and_pole():
    boite = geo.boite_englobante(0, 179.95, 30)
    assert boite.traverse_antimeridien
    assert boite.contient(0, -179.9) and boite.contient(0, 179.9) and not boite.contient(0, 0)
    polaire = geo.boite_englobante(89.9, 0, 50)
    assert (polaire.lon_min, polaire.lon_max) == (-180.0, 180.0)
    with pytest.raises(ValueError):
        geo.boite_englobante(0, 0, -1)


@pytest.mark.parametrize(
    ("code", "departement"),
    [
        ("75011", "75"), ("01000", "01"), ("20000", "2A"), ("20137", "2A"), ("20200", "2B"), ("20600", "2B"),
        ("97100", "971"), ("97200", "972"), ("97300", "973"), ("97400", "974"), ("97600", "976"),
        ("97500", None), ("98000", None), ("00100", None), ("7501", None), ("750011", None), ("A5011", None),
    ],
)  # fmt: skip
def test_departement_du_code_postal(code, departement):
    assert geo.departement_du_code_postal(code) == departement


@pytest.mark.parametrize(
    ("lat", "lon", "attendu"),
    [
        (48.8566, 2.3522, True), (41.9192, 8.7386, True), (-20.88, 55.45, True), (-12.78, 45.23, True),
        (16.24, -61.53, True), (14.6, -61.07, True), (4.93, -52.33, True),
        (2.3522, 48.8566, False), (48.8566, -2.3522 - 10, False), (40.4, -3.7, False), (51.5, -0.12, False),
    ],
)  # fmt: skip
def test_en_france(lat, lon, attendu):
    assert geo.en_france(lat, lon) is attendu


def test_normaliser():
    assert normaliser("Sage-Femme à Évry–Courcouronnes") == "sage femme a evry courcouronnes"
    assert normaliser("  ŒUVRE  Lefèvre  ") == "oeuvre lefevre"
    assert normaliser(None) == ""
    assert mots("Hélène hélène PÉDIATRE") == ["helene", "pediatre"]
