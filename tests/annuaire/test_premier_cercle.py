"""Around a point, the first page comes from a circle of an eighth of the radius when it holds
the page whole (annuaire.schema._page): the same page as from the whole radius, fewer rows read.

The expected pages are computed here by brute force (haversine in Python over every published
professional, sorted by distance then id), independently of the search's SQL.
"""

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annuaire.models import Professionnel

pytestmark = pytest.mark.django_db

CENTRE = (48.8566, 2.3522)
R = 6371.0088


def _distance(lat, lon):
    p1, l1, p2, l2 = map(math.radians, (*CENTRE, lat, lon))
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 2 * R * math.asin(math.sqrt(min(1.0, h)))


def _attendus(rayon):
    lignes = Professionnel.objects.filter(publie=True, latitude__isnull=False).values_list(
        "id", "nom", "latitude", "longitude"
    )
    proches = sorted((_distance(lat, lon), pk, nom) for pk, nom, lat, lon in lignes)
    return [nom for d, _pk, nom in proches if d <= rayon]


def _pros(n, pas_km, debut_km=0.0, premier=0):
    """n professionals on a line going north from `debut_km` north of the centre, `pas_km`
    apart, two at each spot (equal distances: the id decides)."""
    for i in range(n):
        lat = CENTRE[0] + (debut_km + (i // 2) * pas_km) / 111.2
        Professionnel.objects.create(
            nom=f"Pro {premier + i:03d}", profession="sage_femme", latitude=lat, longitude=CENTRE[1]
        )


def _page(gql, first=5, after=None):
    """A page of the search within 20 km of the centre, and the queries that read its rows."""
    autour = {"latitude": CENTRE[0], "longitude": CENTRE[1]}
    variables = {"recherche": {"autourDe": autour, "rayonKm": 20.0}, "first": first, "after": after}
    with CaptureQueriesContext(connection) as requetes:
        reponse = gql.operation("Professionnels", variables)
    assert "errors" not in reponse, reponse
    lectures = [q["sql"] for q in requetes if "LIMIT" in q["sql"] and "annuaire_professionnel" in q["sql"]]
    return reponse["data"]["professionnels"], lectures


def _noms(page):
    return [e["node"]["nom"] for e in page["edges"]]


def test_a_dense_centre_gives_the_first_page_from_the_small_circle(gql, departements):
    _pros(12, 0.1)  # within 0.6 km: the small circle (2.5 km) holds more than a page
    _pros(6, 3.0, debut_km=3.0, premier=12)  # beyond it, within the radius
    page, lectures = _page(gql)
    attendus = _attendus(20.0)
    assert _noms(page) == attendus[:5]
    assert page["pageInfo"]["hasNextPage"] is True
    assert page["totalCount"] == len(attendus) == 18  # the whole radius, not the small circle
    assert len(lectures) == 1 and "<= 2.5)" in lectures[0]  # the small circle only
    suite, _ = _page(gql, after=page["pageInfo"]["endCursor"], first=100)  # the rest, from the radius
    assert _noms(page) + _noms(suite) == attendus


def test_a_sparse_centre_gives_the_first_page_from_the_whole_radius(gql, departements):
    _pros(3, 0.1)  # fewer than a page in the small circle
    _pros(6, 3.0, debut_km=3.0, premier=3)
    page, lectures = _page(gql)
    attendus = _attendus(20.0)
    assert _noms(page) == attendus[:5]
    assert page["pageInfo"]["hasNextPage"] is True and page["totalCount"] == len(attendus) == 9
    assert len(lectures) == 2 and "<= 2.5)" in lectures[0] and "<= 20.0)" in lectures[1]


def test_a_small_circle_holding_exactly_the_page_is_not_enough(gql, departements):
    _pros(5, 0.1)  # exactly `first` rows inside: whether a next page exists needs the radius
    _pros(1, 1.0, debut_km=10.0, premier=5)
    page, lectures = _page(gql)
    assert _noms(page) == _attendus(20.0)[:5]
    assert page["pageInfo"]["hasNextPage"] is True
    assert len(lectures) == 2 and "<= 2.5)" in lectures[0] and "<= 20.0)" in lectures[1]
