"""Outages answer, never a 500: PostgreSQL unreachable is a coded 503 with Retry-After (GraphQL
and every other view); Redis unreachable degrades the cache and the rate limits, requests still
answer. And `POST /graphql` without its slash is served (APPEND_SLASH cannot redirect a POST)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.test import Client

from tests.support.net import free_port
from tests.support.redis import redis_binary, start_redis

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_post_graphql_without_the_trailing_slash_is_served(client):
    response = client.post(
        "/graphql", json.dumps({"query": "{ __typename }"}), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


# Run in a child process: its database is a PostgreSQL address where nothing listens.
_OUTAGE = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.test import Client
    client = Client(raise_request_exception=False)
    def graphql(query, variables=None):
        return client.post("/graphql/", json.dumps({"query": query, "variables": variables or {}}),
                           content_type="application/json")
    answers = {
        "query": graphql("{ etapes { slug } }"),
        "grapple": graphql("{ pages { id } }"),
        "mutation": graphql(
            "mutation ($i: SoumissionEpdsInput!) { soumettreEpds(input: $i) { resultat { id } errors { code } } }",
            {"i": {"source": "site", "version": "2024", "reponses": [0] * 10}},
        ),
        "graphql without slash": client.post("/graphql", json.dumps({"query": "{ etapes { slug } }"}),
                                             content_type="application/json"),
        "calendar": client.get("/calendrier.ics", {"situation": "ENFANT", "date": "2026-10-01"}),
        # a page read from the database (the home page « / » reads none and is still served)
        "page": client.get("/articles/", HTTP_ACCEPT="text/html"),
        "feed": client.get("/flux/etapes/grossesse.rss"),
        "unknown page": client.get("/nulle-part/", HTTP_ACCEPT="text/html"),
        "healthz": client.get("/healthz"),
    }
    print(json.dumps({
        name: {"status": r.status_code, "retry": r.get("Retry-After"), "type": r.get("Content-Type", ""),
               "body": r.content.decode("utf-8", "replace")[:400]}
        for name, r in answers.items()
    }))
    """
)


@pytest.mark.longue
def test_database_outage_is_a_coded_503_with_retry_after():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/absente",
        "DEBUG": "1",  # static files without collectstatic; the outage answers do not depend on it
        "SECRET_KEY": "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "GRAPHQL_CACHE_SECONDS": "0",
        "GRAPHQL_MUTATIONS_REQUIRE_PARTNER": "0",
        "EPDS_ENCRYPTION_KEYS": "Qm9uam91ci1jZWNpLWVzdC11bmUtY2xlLWRlLXRlc3Q=",
        "REDIS_URL": "",
        "LOG_LEVEL": "CRITICAL",
    }
    child = subprocess.run(
        [sys.executable, "-c", _OUTAGE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert child.returncode == 0, child.stderr[-3000:]
    answers = json.loads(child.stdout.strip().splitlines()[-1])
    for name, answer in answers.items():
        assert answer["status"] == 503, (name, answer)
        if name == "healthz":
            continue  # its own body, already a 503
        assert answer["retry"] == "30", (name, answer)
        if "text/html" in answer["type"]:
            assert "Service momentanément indisponible" in answer["body"], (name, answer)
            assert 'lang="fr"' in answer["body"]
        else:
            codes = [e["extensions"]["code"] for e in json.loads(answer["body"])["errors"]]
            assert codes == ["SERVICE_INDISPONIBLE"], (name, answer)
    assert "text/html" in answers["unknown page"]["type"] and "json" in answers["query"]["type"]


@pytest.fixture
def private_redis(settings):
    if redis_binary() is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server); CI has it")
    server = start_redis()
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "hub.cache_backends.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    yield server
    server.stop()


@pytest.mark.django_db
def test_redis_outage_degrades_the_cache_and_the_rate_limits(private_redis, settings, caplog):
    from hub.api import cache as response_cache

    settings.RATE_LIMIT_PER_ADDRESS = 3
    settings.RATE_LIMIT_READ_COST_PER_ADDRESS = 100
    query = json.dumps({"query": "{ etapes { slug } }"})
    client = Client(REMOTE_ADDR="203.0.113.50")
    first = client.post("/graphql/", query, content_type="application/json")
    assert first.status_code == 200 and first["X-Cache"] == "MISS"
    assert client.post("/graphql/", query, content_type="application/json")["X-Cache"] == "HIT"

    private_redis.stop()
    response_cache._recent[0] = None  # the generation this process read is not trusted any more
    with caplog.at_level("WARNING", logger="hub.cache"):
        reads = [client.post("/graphql/", query, content_type="application/json") for _ in range(30)]
    # reads fail open: answered (fresh, never from this process's copy), and not counted
    assert [r.status_code for r in reads] == [200] * 30
    assert {r["X-Cache"] for r in reads} == {"MISS"}
    assert all(r.json()["data"]["etapes"] for r in reads)
    assert any("injoignable" in record.getMessage() for record in caplog.records)
    # mutations are counted in the process: a burst is still stopped
    mutation = json.dumps({"query": "mutation { __typename }"})
    statuses = [
        client.post("/graphql/", mutation, content_type="application/json").status_code for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


def test_a_database_outage_raised_by_a_middleware_is_a_503_too(rf):
    """Django turns a middleware's exception into handler500's answer: a 503 for an outage."""
    from django.db import InterfaceError, OperationalError

    from hub.unavailable import server_error

    for error in (OperationalError("connection refused"), InterfaceError("connection already closed")):
        try:
            raise error
        except type(error):
            response = server_error(rf.get("/graphql/"))
        assert response.status_code == 503 and response["Retry-After"] == "30"
        assert json.loads(response.content)["errors"][0]["extensions"]["code"] == "SERVICE_INDISPONIBLE"
    try:
        raise ValueError("any other error")
    except ValueError:
        assert server_error(rf.get("/")).status_code == 500
