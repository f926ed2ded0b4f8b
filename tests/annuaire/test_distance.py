"""Distance search equals a brute-force great-circle computation, same entries, same order.

The reference is computed here, independently of annuaire.geo and of the database: every
published professional with coordinates, its haversine distance in Python, kept when within
the radius, sorted by (distance, id).
"""

import math
import time

import pytest

from annuaire.models import Professionnel
from annuaire.search import Criteres, rechercher_professionnels
from tests.annuaire.generation import creer_professionnels
from tests.support.postgres import requires_postgres

pytestmark = pytest.mark.django_db

R = 6371.0088

CENTRES = [
    (48.8566, 2.3522, 20.0),  # Paris
    (45.7640, 4.8357, 5.0),  # Lyon, small radius
    (43.2965, 5.3698, 50.0),  # Marseille
    (46.5, 2.5, 200.0),  # centre of France, maximum radius
    (41.9192, 8.7386, 30.0),  # Ajaccio
    (-20.8821, 55.4507, 30.0),  # Saint-Denis de La Réunion
    (47.0, -3.0, 10.0),  # at sea: nobody
]


def reference(lignes, lat, lon, rayon):
    p1, l1 = math.radians(lat), math.radians(lon)
    resultats = []
    for pk, plat, plon in lignes:
        p2, l2 = math.radians(plat), math.radians(plon)
        h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
        d = 2 * R * math.asin(math.sqrt(min(1.0, h)))
        if d <= rayon:
            resultats.append((d, pk))
    resultats.sort()
    return resultats


def verifier(gql=None):
    lignes = list(
        Professionnel.objects.filter(publie=True, latitude__isnull=False).values_list(
            "id", "latitude", "longitude"
        )
    )
    assert lignes
    for lat, lon, rayon in CENTRES:
        attendu = reference(lignes, lat, lon, rayon)
        qs = rechercher_professionnels(Criteres(latitude=lat, longitude=lon, rayon_km=rayon))
        obtenu = list(qs.values_list("distance_km", "id"))
        assert [pk for _, pk in obtenu] == [pk for _, pk in attendu], (lat, lon, rayon)
        for (d_obtenu, _), (d_attendu, _) in zip(obtenu, attendu, strict=True):
            assert d_obtenu == pytest.approx(d_attendu, rel=1e-9, abs=1e-9)
        assert qs.count() == len(attendu)
    if gql is not None:
        # Through the API: pages of 100 walk the same list (Paris, 20 km).
        lat, lon, rayon = CENTRES[0]
        attendu = [str(pk) for _, pk in reference(lignes, lat, lon, rayon)][:300]
        vus, apres = [], None
        while len(vus) < 300:
            reponse = gql.execute(
                "query($r: RechercheProfessionnels, $a: String) { professionnels(recherche: $r, first: 100, after: $a)"
                " { totalCount pageInfo { hasNextPage endCursor } edges { node { id distanceKm } } } }",
                {"r": {"autourDe": {"latitude": lat, "longitude": lon}, "rayonKm": rayon}, "a": apres},
            )
            data = reponse["data"]["professionnels"]
            vus += [e["node"]["id"] for e in data["edges"]]
            if not data["pageInfo"]["hasNextPage"]:
                break
            apres = data["pageInfo"]["endCursor"]
        assert vus == attendu


def test_distance_search_equals_brute_force_5000(gql, departements):
    creer_professionnels(5000, seed=5)
    verifier(gql)


@requires_postgres
def test_distance_search_equals_brute_force_50000_postgres(gql, departements):
    debut = time.monotonic()
    creer_professionnels(50_000, seed=50)
    assert Professionnel.objects.count() == 50_000
    verifier(gql)
    assert time.monotonic() - debut < 60


def test_distance_search_uses_the_coordinates_index(departements):
    """EXPLAIN shows the bounding box served by the (latitude, longitude) index, no full scan."""
    from django.db import connection

    creer_professionnels(20_000, seed=7)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE annuaire_professionnel")
    qs = rechercher_professionnels(Criteres(latitude=48.8566, longitude=2.3522, rayon_km=20))[:20]
    plan = qs.explain()
    print(plan)
    assert "annuaire_professionnel_coords" in plan, plan
    if connection.vendor == "postgresql":
        assert "Seq Scan on annuaire_professionnel" not in plan, plan
    else:
        assert "SCAN annuaire_professionnel" not in plan.replace("SCAN annuaire_professionnel USING", ""), (
            plan
        )
