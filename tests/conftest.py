"""Shared fixtures. Integration servers (S3, SMTP, browser) live in their own fixtures here."""

from __future__ import annotations

import json
import os

import pytest
from django.test import Client
from pytest_django.plugin import blocking_manager_key

from tests.support.reference import keep_snapshot, load_reference, restore_snapshot


def _reused_database_is_intact() -> bool:
    """Whether the kept test database still holds what migrations put there (Wagtail's root
    page). Tests with transaction=True flush every table, data migrations' rows included; the
    next --reuse-db run must then rebuild the database rather than run on an empty tree."""
    from django.db import connections

    connection = connections["default"]
    name = connection.creation._get_test_db_name()
    query = "SELECT COUNT(*) FROM wagtailcore_page WHERE depth = 1"
    try:
        if connection.vendor == "sqlite":
            import sqlite3

            if not os.path.exists(name):
                return True  # nothing kept: it will be created anyway
            with sqlite3.connect(name) as raw:
                return raw.execute(query).fetchone()[0] > 0
        if connection.vendor == "postgresql":
            import psycopg

            params = connection.get_connection_params()
            params["dbname"] = name
            params.pop("cursor_factory", None)
            params.pop("context", None)
            params.pop("prepare_threshold", None)
            with psycopg.connect(**params) as raw:
                return raw.execute(query).fetchone()[0] > 0
    except Exception:
        return True  # no database yet, or not migrated: the normal path handles it
    return True


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """The test database need not survive a power cut: without an fsync at each commit, SQLite
    commits cost microseconds instead of tens of milliseconds on a busy disk (953 commits made one
    transactional test take 25 s). PostgreSQL: the same for the session's own commits."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    options = database.setdefault("OPTIONS", {})
    if database["ENGINE"] == "django.db.backends.sqlite3":
        options["init_command"] = "PRAGMA synchronous=OFF"
    elif database["ENGINE"] == "django.db.backends.postgresql":
        options["options"] = (options.get("options", "") + " -c synchronous_commit=off").strip()


@pytest.fixture(scope="session")
def django_db_createdb(request, django_db_modify_db_settings):
    if request.config.getvalue("create_db"):
        return True
    return not _reused_database_is_intact()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The reference content is loaded once per session and committed: every test starts with it
    (a test's own changes are rolled back). A transactional test flushes it at its end: fixtures
    that need it call `load_reference()` again (tests/contenus `reference`, tests/epds `epds`)."""
    from django.db import connections

    with django_db_blocker.unblock():
        load_reference()
        keep_snapshot()
        # serialized_rollback tests reload, at their start, what the database held when it was
        # serialized: on a database created by this session, that was right after migrations,
        # before the reference content — Wagtail's home page came back with no children
        # (numchild 0 under the reference's pages) and every page under it answered 404.
        # SQLite only, where the snapshot keeps that state after every flush; on PostgreSQL the
        # migrations' rows are what a flushed database is given back.
        for connection in connections.all():
            if connection.vendor == "sqlite" and hasattr(connection, "_test_serialized_contents"):
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    yield
    # The next --reuse-db run finds the database intact, not flushed. When the session's last test
    # is transactional, its flush has already run (session fixtures end in its teardown, before
    # pytest_runtest_teardown below restores the snapshot): restore here, and forget the content
    # type ids cached before the flush (the loaders would point pages at rows no longer there).
    from django.contrib.contenttypes.models import ContentType

    with django_db_blocker.unblock():
        restore_snapshot()
        ContentType.objects.clear_cache()
        load_reference()


def pytest_collection_modifyitems(items):
    """Tests marked `longue` (about ten seconds or more: browser journeys, servers started in
    subprocesses, fault scenarios) run first: xdist hands tests out in collection order, and a
    long test handed out last keeps one core busy after the other has run out of work.

    SQLite only: there, the snapshot puts the database back after each transactional test, so
    order does not matter. PostgreSQL has no snapshot (a flush is undone by the fixtures that
    reload what they need, and by serialized_rollback): tests keep their collection order."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        items.sort(key=lambda item: item.get_closest_marker("longue") is None)


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(
        (marker is not None and marker.kwargs.get("transaction"))
        or {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Once a transactional test's flush has emptied the database (its fixtures torn down), the
    database comes back as the session left it: the next test starts with the reference content
    and migrations' rows, whatever it creates before asking for them."""
    result = yield
    if _transactional(item):
        with item.config.stash[blocking_manager_key].unblock():
            restore_snapshot()
    return result


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    from django.contrib.contenttypes.models import ContentType

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Every read asks for the content generation: a test's changes (and cache.clear()) are seen
    # at once. tests/hub/test_response_cache.py covers the production interval.
    settings.GRAPHQL_GENERATION_CHECK_SECONDS = 0
    # A transactional test's flush may renumber content types: never trust ids cached before.
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _one_minute_of_rate_limits(monkeypatch):
    """Rate limits count in fixed minutes: every request of a test falls in the same one (a
    minute that ended between two requests restarted a count, and a throttling test failed once
    in CI). A test of the minute's end sets `current_window` itself."""
    from hub.api import ratelimit

    minute = ratelimit.current_window()
    monkeypatch.setattr(ratelimit, "current_window", lambda: minute)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Every cache alias starts empty. Wagtail's rendition cache (its own alias) keys entries by
    image id: SQLite reuses the ids of rolled-back rows, so a previous test's renditions would
    answer for this test's images."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


class GraphQLClient:
    """Calls the real /graphql/ view through Django's test client."""

    def __init__(self, client: Client):
        self.client = client

    def execute(self, query: str, variables: dict | None = None, operation_name: str | None = None, **extra):
        payload = {"query": query, "variables": variables or {}}
        if operation_name:
            payload["operationName"] = operation_name
        response = self.client.post(
            "/graphql/", json.dumps(payload), content_type="application/json", **extra
        )
        assert response.status_code in (200, 400), response.content[:500]
        return response.json()

    def operation(self, name: str, variables: dict | None = None, **extra):
        """Run a documented operation from graphql/operations/<name>.graphql."""
        from tests.operations import load_operation

        return self.execute(load_operation(name), variables, **extra)


@pytest.fixture
def gql(client) -> GraphQLClient:
    return GraphQLClient(client)


def database_is_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.fixture(scope="session")
def s3_server():
    """The real S3 server: CI's (from the environment) or a private SeaweedFS started here."""
    from tests.support.s3 import configured_server, start_seaweedfs, wait_for_bucket

    server = configured_server()
    if server is not None:
        wait_for_bucket(server)
        yield server
        return
    server = start_seaweedfs()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_server():
    """A private Redis server for this test session (never a developer's own on 6379)."""
    from tests.support.redis import redis_binary, start_redis

    if redis_binary() is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing in CI (.ci/run installs it)")
        pytest.skip("redis-server is not installed (apt-get install redis-server); CI has it")
    server = start_redis()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def s3_media(settings, s3_server):
    """Media files of this test go to the real S3 server."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_server.storage_options()},
    }
    return s3_server
