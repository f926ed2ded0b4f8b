"""The task worker under real faults: a private PostgreSQL cluster stopped for 10 s, a worker
killed with SIGKILL while the SMTP server holds its « 250 » (tests/support/faults.py drives
both, in processes of their own). The whole matrix, with django-tasks-db's own worker for
comparison, is `make bench-faults`."""

from __future__ import annotations

import pytest

from tests.support import postgres

pytestmark = [
    pytest.mark.xdist_group("faults"),
    pytest.mark.longue,
    pytest.mark.skipif(not postgres.disponible(), reason="needs PostgreSQL 15's initdb (CI always has it)"),
]


@pytest.fixture(scope="module")
def cluster():
    from tests.support.faults import preparer_modele

    cluster = postgres.demarrer_cluster()
    try:
        preparer_modele(cluster)
        yield cluster
    finally:
        cluster.detruire()


def test_the_worker_survives_a_postgresql_outage_of_10_seconds(cluster):
    from tests.support.faults import executer

    chiffres = executer("postgres", cluster)
    assert chiffres["panne_secondes"] >= 10
    assert chiffres["worker_vivant"], chiffres  # django-tasks-db's db_worker exits for good
    # Acknowledged before and after the outage, nothing during it, nothing half-stored.
    assert chiffres["contacts_acquittes"] == chiffres["contacts_stockes"] == 7, chiffres
    assert chiffres["soumissions_acquittees"] == chiffres["soumissions_stockees"] == 7, chiffres
    # The requests made after the outage were emailed by the same worker, once each; the email
    # accepted by the SMTP server during the outage was recorded as sent once it was over.
    assert chiffres["emails_livres"] == chiffres["emails_recus"] == 7, chiffres
    assert chiffres["notifications"]["envoyee"] == 7 and chiffres["notifications"]["incertaine"] == 0
    assert chiffres["termine"], chiffres


def test_a_task_killed_mid_send_is_reclaimed_and_no_email_is_sent_twice(cluster):
    from tests.support.faults import executer

    chiffres = executer("kill9", cluster)
    assert chiffres["contacts_acquittes"] == chiffres["contacts_stockes"] == 3, chiffres
    # Nothing stays RUNNING or waiting: the dead worker's task was put back and ran again…
    assert chiffres["taches_running"] == 0 and chiffres["notifications"]["en_attente"] == 0, chiffres
    # …without sending again what the server had accepted while the worker died.
    assert chiffres["emails_livres"] == chiffres["emails_recus"] == 3, chiffres
    assert chiffres["emails_doublons"] == 0
    assert chiffres["notifications"] == {"en_attente": 0, "envoyee": 2, "abandonnee": 0, "incertaine": 1}
