"""`make bench`: every contract operation under load, on PostgreSQL, through gunicorn and wrk.

    make bench                       # PostgreSQL at 127.0.0.1:5432 (database hub_bench), Redis cache
    BENCH_SECONDS=5 make bench       # shorter runs

Builds the volume dataset once (tests/bench/dataset.py) in its own database, starts the hub
under gunicorn on 127.0.0.1, and for each operation prints median and p95 latency, requests
per second and SQL queries per request, cold (response cache off) and warm (cache on, primed).
soumettreEpds is driven with a fresh idempotency key per request, and the rows stored are
counted against the submissions acknowledged. The last row lists the same articles through
Wagtail's own REST API v2, for comparison.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from urllib.parse import urlparse, urlunparse

BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hub_bench")
BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = urlunparse(parts._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def server_env(cache_seconds: int) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": BENCH_DATABASE_URL,
        "REDIS_URL": BENCH_REDIS_URL,
        "EPDS_ENCRYPTION_KEYS": "Qm9uam91ci1jZWNpLWVzdC11bmUtY2xlLWRlLXRlc3Q=",
        "GRAPHQL_CACHE_SECONDS": str(cache_seconds),
        "GRAPHQL_MUTATIONS_REQUIRE_PARTNER": "0",
        "RATE_LIMIT_PER_ADDRESS": "100000000",
        "RATE_LIMIT_PER_PARTNER": "100000000",
        "EMAIL_URL": "consolemail://",
        "LOG_LEVEL": "WARNING",
        "WAGTAIL_API_V2_ENABLED": "1",
    }


def operations() -> list[tuple[str, dict]]:
    from epds.models import Partenaire, QuestionnaireEpds

    today = dt.date.today()
    partner = Partenaire.objects.filter(actif=True).order_by("pk").first()
    questionnaire = QuestionnaireEpds.objects.filter(locale__language_code="fr").order_by("-pk").first()
    ops = [
        (
            "Parcours",
            {"situation": "GROSSESSE", "date": (today + dt.timedelta(days=120)).isoformat(), "first": 20},
        ),
        ("Articles", {"first": 20}),
        ("Article", {"slug": "bench-article-7"}),
        ("Etapes", {}),
        ("Thematiques", {}),
        ("Mesures", {}),
        ("Evenements", {}),
        ("Calendrier", {"situation": "ENFANT", "date": (today - dt.timedelta(days=60)).isoformat()}),
        (
            "Professionnels",
            {
                "recherche": {"autourDe": {"latitude": 48.8566, "longitude": 2.3522}, "rayonKm": 20},
                "first": 20,
            },
        ),
        ("Lieux", {"first": 20}),
        ("Departements", {}),
        ("QuestionnaireEpds", {}),
        ("Langues", {}),
        ("StatistiquesEpds", {}),
    ]
    if partner is not None and questionnaire is not None:
        ops.append(
            (
                "SoumettreEpds",
                {
                    "input": {
                        "source": partner.slug,
                        "version": questionnaire.version,
                        "reponses": [0, 1, 3, 1, 2, 2, 3, 2, 3, 3],  # a typical low score
                        "idempotencyKey": "__UNIQUE__",
                    }
                },
            )
        )
    return ops


def query_counts(name: str, variables: dict) -> tuple[int, int]:
    """SQL queries of one request, cold (cache off) and warm (cache primed), in-process."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from tests.operations import load_operation

    body = json.dumps({"query": load_operation(name), "variables": variables}).replace(
        "__UNIQUE__", "count-" + name
    )
    client = Client(REMOTE_ADDR="127.0.0.9")

    def count_one() -> int:
        executed = []

        def counter(execute, sql, params, many, context):
            executed.append(sql)
            return execute(sql, params, many, context)

        # A wrapper, not the query log: Django empties the log when each request starts.
        with connection.execute_wrapper(counter):
            client.post("/graphql/", body, content_type="application/json")
        return len(executed)

    cache.clear()
    settings.GRAPHQL_CACHE_SECONDS = 0
    cold = count_one()
    settings.GRAPHQL_CACHE_SECONDS = 300
    client.post("/graphql/", body, content_type="application/json")
    warm = count_one()
    return cold, warm


def main() -> int:
    ensure_database(BENCH_DATABASE_URL)
    os.environ["DATABASE_URL"] = BENCH_DATABASE_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from tests.bench import dataset
    from tests.bench.runner import Hub, wrk
    from tests.operations import load_operation

    print(f"Benchmark database: {BENCH_DATABASE_URL}")
    call_command("migrate", verbosity=0, interactive=False)
    print("Dataset…")
    dataset.build()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # testserver host for the in-process query counts

    ops = operations()
    only = {name for name in os.environ.get("BENCH_ONLY", "").split(",") if name}
    if only:  # e.g. BENCH_ONLY=Parcours,Articles
        ops = [(name, variables) for name, variables in ops if name in only]
    counts = {name: query_counts(name, variables) for name, variables in ops}
    from epds.models import SoumissionEpds

    rows = []
    for mode, cache_seconds in (("cold", 0), ("warm", 300)):
        with Hub(server_env(cache_seconds)) as hub:
            for name, variables in ops:
                if name == "SoumettreEpds" and mode == "warm":
                    continue  # mutations are never cached
                body = json.dumps({"query": load_operation(name), "variables": variables})
                unique = "__UNIQUE__" in body
                if mode == "warm":
                    hub.post("/graphql/", json.loads(body))  # primes the cache
                before = SoumissionEpds.objects.count() if unique else 0
                result = wrk(
                    hub.url, "/graphql/", body, seconds=SECONDS, connections=CONNECTIONS, unique=unique
                )
                extra = ""
                if unique:
                    stored = SoumissionEpds.objects.count() - before
                    extra = f"acknowledged={result.acknowledged} stored={stored} lost={result.acknowledged - stored}"
                cold_q, warm_q = counts[name]
                rows.append((name, mode, result, cold_q if mode == "cold" else warm_q, extra))
                print(
                    f"{name:18} {mode:5} median {result.median_ms:7.2f} ms  p95 {result.p95_ms:7.2f} ms  "
                    f"{result.rps:8.1f} req/s  SQL/request {rows[-1][3]:3}  errors {result.errors} {extra}",
                    flush=True,
                )
            if mode == "cold":
                path = (
                    "/api/v2/pages/?type=contenus.ArticlePage&fields=resume,visuel_rendu,etapes,thematiques"
                    "&limit=20"
                )
                result = wrk(hub.url, path, None, method="GET", seconds=SECONDS, connections=CONNECTIONS)
                print(
                    f"{'Wagtail API v2':18} {mode:5} median {result.median_ms:7.2f} ms  p95 {result.p95_ms:7.2f} ms  "
                    f"{result.rps:8.1f} req/s  (same 20 articles with stages, themes and renditions)"
                    f"  errors {result.errors}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
