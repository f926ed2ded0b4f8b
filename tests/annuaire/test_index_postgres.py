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
