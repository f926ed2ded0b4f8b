"""The directory's filters and sort are served by indexes on PostgreSQL (EXPLAIN).

The planner is told not to scan sequentially (`enable_seqscan = off`): on a test-sized table a
scan is cheaper, what is checked is that an index *can* serve the filter and the order — a
page of a département filtered on the row's own indexed column (no join), and a deep page
read from its keyset cursor.
"""

import pytest
from django.db import connection

from annuaire.models import Professionnel
from annuaire.search import Criteres, rechercher_professionnels
from hub.api.pagination import paginate
from tests.annuaire.generation import generer_professionnels
from tests.support.postgres import requires_postgres

pytestmark = [requires_postgres, pytest.mark.django_db]


@pytest.fixture
def professionnels(departements):
    Professionnel.objects.bulk_create(generer_professionnels(500))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE annuaire_professionnel")
        cursor.execute("SET enable_seqscan = off")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET enable_seqscan")


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_departement_page_is_read_in_order_from_its_index(professionnels):
    page = rechercher_professionnels(Criteres(departement="69"))[:21]
    plan = _plan(page)
    # on the row's own indexed column, not on a joined département's code
    assert "Index Cond: (departement_id = " in plan, plan
    assert paginate(rechercher_professionnels(Criteres(departement="69")), 20).edges


def test_a_deep_departement_page_starts_from_its_cursor_in_the_index(professionnels):
    elements = rechercher_professionnels(Criteres(departement="75"))
    first = paginate(elements, 20)
    assert first.page_info.has_next_page
    from django.db.models import F

    from hub.api.pagination import _KEY_PREFIX, _after, _decode, _ordering

    order = _ordering(elements)
    keyed = elements.annotate(**{f"{_KEY_PREFIX}{i}": F(n) for i, (n, _d) in enumerate(order)})
    plan = _plan(_after(keyed, order, _decode(first.page_info.end_cursor).key)[:21])
    assert "Index Cond: ((departement_id = " in plan and "OFFSET" not in plan.upper(), plan


@pytest.fixture
def annuaire_reel(departements):
    """Enough rows for the planner to weigh reading the matches against walking the sort index
    (at 500 every plan costs the same); its real choice, sequential scans allowed."""
    Professionnel.objects.bulk_create(generer_professionnels(5000), batch_size=2500)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE annuaire_professionnel")


def test_a_name_s_page_is_not_read_by_walking_the_sort_index(annuaire_reel):
    """A name's matches are contiguous in name order: the planner, which believes them spread
    along the sort index, walked it from its start and filtered every row before them (28 000
    rows read for « martin » among 50 000 in the bench, 285 000 among 500 000). The page now
    reads the matches (at the bench's sizes through the trigram index: bench_annuaire's
    EXPLAIN) and keeps its 21 rows by a top-N sort."""
    plan = _plan(rechercher_professionnels(Criteres(texte="martin"))[:21])
    assert "professionnel_publie_tri" not in plan and "cle_tri_b6a759b0" not in plan, plan
    assert "Sort Key:" in plan, plan


def test_a_word_spread_along_the_list_keeps_the_walk_of_the_sort_index(annuaire_reel):
    """A profession's matches are everywhere in name order: the first page is found within a
    few rows of the sort index, at any size."""
    plan = _plan(rechercher_professionnels(Criteres(texte="sage"))[:21])
    assert "Index Scan using professionnel_publie_tri" in plan, plan
    assert "texte_trgm" not in plan, plan
