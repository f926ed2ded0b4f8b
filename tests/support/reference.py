"""The reference content of `make run`, for tests: loaded once per session (tests/conftest.py)
and again by the fixtures that need it after a transactional test flushed the database.

On SQLite the database as it stands after that first load (migrations' rows and the reference
content) is kept in memory and copied back with SQLite's backup API (milliseconds) after each
transactional test's flush (tests/conftest.py), instead of the loaders running again at the next
test that needs them (2–3 s each)."""

from __future__ import annotations

import io
import sqlite3

from django.core.management import call_command

_instantane: sqlite3.Connection | None = None


def reference_is_loaded() -> bool:
    from annuaire.models import Departement, TypeDeLieu
    from contenus.models import ArticlePage, Etape
    from epds.models import LibelleEpds, QuestionnaireEpds, RessourceEpds
    from reperage.models import DomaineTnd

    return (
        Departement.objects.exists()
        and TypeDeLieu.objects.exists()
        and Etape.objects.exists()
        and ArticlePage.objects.exists()
        and QuestionnaireEpds.objects.filter(publie=True).exists()
        and RessourceEpds.objects.exists()
        and LibelleEpds.objects.exists()
        and DomaineTnd.objects.exists()
    )


def _sqlite():
    from django.db import connection

    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return None
    connection.ensure_connection()
    return connection.connection


def load_reference() -> None:
    """The reference content of `make run` (`load_initial_data`, idempotent), when it is missing."""
    from wagtail.signal_handlers import disable_reference_index_auto_update

    if reference_is_loaded():
        return
    # Without the ~320 reference-index tasks each save would queue: a test's worker() then
    # runs the tasks the test made, not the reload's.
    with disable_reference_index_auto_update():
        call_command("load_initial_data", stdout=io.StringIO())


def keep_snapshot() -> None:
    """Keeps the database as it is now (migrated, reference loaded) for `load_reference`."""
    global _instantane
    base = _sqlite()
    if base is not None:
        _instantane = sqlite3.connect(":memory:", check_same_thread=False)
        base.backup(_instantane)


def restore_snapshot() -> None:
    """The database back as `keep_snapshot` kept it (SQLite), after a flush emptied it."""
    base = _sqlite()
    if base is not None and _instantane is not None:
        _instantane.backup(base)
