"""Relay pagination (hub/api/pagination.py): keyset cursors, a total counted only when asked."""

import base64

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annuaire.models import Professionnel
from annuaire.search import Criteres, rechercher_professionnels
from hub.api.errors import ErreurRequete
from hub.api.pagination import encode_cursor, paginate
from tests.annuaire.generation import generer_professionnels


@pytest.fixture
def professionnels(departements):
    Professionnel.objects.bulk_create(generer_professionnels(60))
    return Professionnel.objects.filter(publie=True)


def _walk(elements, first):
    seen, after, pages = [], None, []
    while True:
        page = paginate(elements, first, after)
        seen += [edge.node.pk for edge in page.edges]
        pages.append(page)
        if not page.page_info.has_next_page:
            return seen, pages
        after = page.page_info.end_cursor


@pytest.mark.parametrize("order", [("cle_tri", "id"), ("-cle_tri", "id"), ("profession", "-nom", "id")])
def test_keyset_pages_walk_every_row_once_in_order(professionnels, order):
    elements = professionnels.order_by(*order)
    seen, pages = _walk(elements, 7)
    assert seen == list(elements.values_list("pk", flat=True))
    assert [p.page_info.has_previous_page for p in pages] == [False] + [True] * (len(pages) - 1)


def test_a_deep_page_is_read_after_its_cursor_not_by_offset(professionnels):
    elements = professionnels.order_by("cle_tri", "id")
    _seen, pages = _walk(elements, 10)
    expected = list(elements.values_list("pk", flat=True)[40:50])
    with CaptureQueriesContext(connection) as queries:
        page = paginate(elements, 10, pages[3].page_info.end_cursor)
    assert [edge.node.pk for edge in page.edges] == expected
    assert len(queries) == 1
    assert "OFFSET" not in queries[0]["sql"].upper()


def test_the_total_is_counted_only_when_asked(professionnels):
    elements = professionnels.order_by("cle_tri", "id")
    with CaptureQueriesContext(connection) as queries:
        page = paginate(elements, 5)
    assert len(queries) == 1 and "COUNT" not in queries[0]["sql"].upper()
    assert page.total_count == elements.count()
    # the last page knows its total without counting
    with CaptureQueriesContext(connection) as queries:
        page = paginate(elements, 100)
        assert page.total_count == len(page.edges)
    assert len(queries) == 1


def test_distance_search_pages_follow_the_distance(professionnels):
    criteres = Criteres(latitude=48.8566, longitude=2.3522, rayon_km=50)
    elements = rechercher_professionnels(criteres)
    seen, _pages = _walk(elements, 3)
    assert seen == [p.pk for p in elements]


def test_former_offset_cursors_are_still_read(professionnels):
    elements = professionnels.order_by("cle_tri", "id")
    page = paginate(elements, 5, encode_cursor(9))
    assert [edge.node.pk for edge in page.edges] == list(elements.values_list("pk", flat=True)[10:15])


@pytest.mark.parametrize(
    "cursor",
    [
        "pas du base64 !",
        base64.b64encode(b"keyset:[3, []]").decode(),
        base64.b64encode(b'keyset:[3, ["a"]]').decode(),  # one value for two sort columns
        base64.b64encode(b'keyset:[3, ["a", "pas un id"]]').decode(),
        base64.b64encode(b'keyset:[3, [{"a": 1}, 2]]').decode(),
        base64.b64encode(b'keyset:[-1, ["a", 2]]').decode(),
        base64.b64encode(b"keyset:" + b"[1, [" + b'"x",' * 400 + b"1]]").decode(),
    ],
)
def test_a_forged_cursor_is_a_coded_error(professionnels, cursor):
    with pytest.raises(ErreurRequete) as refus:
        paginate(professionnels.order_by("cle_tri", "id"), 5, cursor)
    assert refus.value.extensions["code"] == "CURSEUR_INVALIDE"


@pytest.mark.parametrize(
    "texte", ["martin", "sage", "le"]
)  # a name, a profession, a word too short for a trigram
def test_a_text_search_pages_in_the_lists_order(professionnels, texte):
    """The text search asks its order of a copy of the sort key (annuaire.search._trier): the
    same rows in the same order as (cle_tri, id), walked by keyset cursors."""
    elements = rechercher_professionnels(Criteres(texte=texte))
    seen, _pages = _walk(elements, 2)
    attendus = list(
        professionnels.filter(texte_recherche__contains=texte)
        .order_by("cle_tri", "id")
        .values_list("pk", flat=True)
    )
    assert len(attendus) > 2 and seen == attendus
