"""`make bench`: every contract operation under load, on PostgreSQL, through gunicorn and wrk.

    make bench                       # PostgreSQL at 127.0.0.1:5432 (database hub_bench), Redis cache
    BENCH_SECONDS=5 make bench       # shorter runs
    BENCH_ONLY=Parcours,Articles     # a few operations

Builds the volume dataset once (tests/bench/dataset.py) in its own database, starts the hub
under gunicorn on 127.0.0.1, and for each operation prints median and p95 latency, requests
per second and SQL queries per request:
- after a publish: in-process, the first request once the content generation has advanced —
  every cache empty (response cache, and the stage data each worker keeps);
- cold: under load with the response cache off: every request computes its answer, reading
  once per worker and generation what every request shares (the stages, the live events, a
  stage's articles and measures);
- warm: response cache on and primed.
Each row follows a one-second unmeasured run of the same request, so that every worker has
imported and set up what a first request needs.
"Parcours, new parent" sends a different due date each request: no answer can be reused, the
realistic load of the personalised query. soumettreEpds is driven with a fresh idempotency key
per request; the result id of every acknowledged submission is looked up in the database
afterwards (lost = acknowledged and not stored), and the row after it is the bare-commit loop
(tests/bench/bare_commit.py: psycopg alone, one INSERT + COMMIT into the same table, as many
connections and seconds — half just before the soumettreEpds row, half just after), with the
ratio soumettreEpds / bare loop of the same run. The
Wagtail API v2 row lists the same articles through Wagtail's own REST API, for comparison.

BENCH_SCALE=10 compares like with like: every row asks for an answer of the same size at both
scales, so that its 10×/1× ratio is the cost of a larger dataset, not of a longer answer. Lists
are pages of 20; the deep pages sit at the same positions; the published calendar (the events
list, the calendar, a parcours's coming appointments: lists the contract does not page) is the
same 200 events, the 10× events table holding 1 800 unpublished ones besides (dataset.py says
why, and what 10× published events cost). What still grows with the data is real and shows:
a `totalCount` counts 10× the rows (once per content generation: the "after a publish" rows),
the first page around Paris reads the rows of a circle of an eighth of the radius (10× denser
at 10×: 38 → 395 rows, instead of 1 546 → 15 760 for the whole 20 km), and the articles' first
page sorts every published article (its sort key spans two tables).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import uuid
from urllib.parse import urlparse, urlunparse

SCALE = int(os.environ.get("BENCH_SCALE", "1"))
# The 10× dataset has its own database (hub_bench_x10): each scale is built once and kept.
BENCH_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/hub_bench" + (f"_x{SCALE}" if SCALE != 1 else ""),
)
# Empty: a private redis-server is started for the run (a developer's own Redis keeps its data).
BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "")
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
        "RATE_LIMIT_READ_COST_PER_ADDRESS": "100000000000",  # wrk sends everything from one address
        "EMAIL_URL": "consolemail://",
        "LOG_LEVEL": "WARNING",
        "WAGTAIL_API_V2_ENABLED": "1",
        "BENCH_FLOOR_VIEW": "1",
    }


def operations() -> list[tuple[str, str, dict]]:
    """(label, operation of graphql/operations/, variables)."""
    from epds.models import Partenaire, QuestionnaireEpds

    today = dt.date.today()
    partner = Partenaire.objects.filter(actif=True).order_by("pk").first()
    questionnaire = QuestionnaireEpds.objects.filter(locale__language_code="fr").order_by("-pk").first()
    parcours = {"situation": "GROSSESSE", "date": (today + dt.timedelta(days=120)).isoformat(), "first": 20}
    ops = [
        ("Parcours", "Parcours", parcours),
        ("Parcours new parent", "Parcours", {**parcours, "date": "__DATE__"}),
        ("Articles", "Articles", {"first": 20}),
        ("Article", "Article", {"slug": "bench-article-7"}),
        ("Etapes", "Etapes", {}),
        ("Thematiques", "Thematiques", {}),
        ("Mesures", "Mesures", {}),
        ("Evenements", "Evenements", {}),
        (
            "Calendrier",
            "Calendrier",
            {"situation": "ENFANT", "date": (today - dt.timedelta(days=60)).isoformat()},
        ),
        (
            "Professionnels",
            "Professionnels",
            {
                "recherche": {"autourDe": {"latitude": 48.8566, "longitude": 2.3522}, "rayonKm": 20},
                "first": 20,
            },
        ),
        ("Lieux", "Lieux", {"first": 20}),
        ("Departements", "Departements", {}),
        ("QuestionnaireEpds", "QuestionnaireEpds", {}),
        ("Langues", "Langues", {}),
        ("StatistiquesEpds", "StatistiquesEpds", {}),
    ]
    ops += deep_and_directory_operations()
    if partner is not None and questionnaire is not None:
        ops.append(
            (
                "SoumettreEpds",
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


# Deep pages: the same positions at every scale, so that 10×/1× compares like with like.
DEEP_ARTICLE = 1_500
DEEP_PROFESSIONNEL = 5_000


def _cursor_before(elements, position: int) -> str:
    """The (keyset) cursor of the row just before `position`: `after` it is the page there."""
    from hub.api.pagination import encode_cursor, paginate

    return paginate(elements, 1, encode_cursor(position - 2)).edges[0].cursor


def deep_and_directory_operations() -> list[tuple[str, str, dict]]:
    """A page after 1 500 articles and after 5 000 professionals; the directory's filters."""
    from annuaire.search import Criteres, rechercher_professionnels
    from contenus.services import filtrer_articles

    return [
        (
            "Articles deep",
            "Articles",
            {"first": 20, "after": _cursor_before(filtrer_articles(), DEEP_ARTICLE)},
        ),
        (
            "Professionnels deep",
            "Professionnels",
            {"first": 20, "after": _cursor_before(rechercher_professionnels(Criteres()), DEEP_PROFESSIONNEL)},
        ),
        ("Professionnels dept.", "Professionnels", {"recherche": {"departement": "75"}, "first": 20}),
        ("Professionnels texte", "Professionnels", {"recherche": {"texte": "martin"}, "first": 20}),
    ]


# grapple's generic `pages` with what its ArticlePage type has of the list's fields (grapple's
# type exposes no summary, image, stages nor themes: they are not `graphql_fields`).
GRAPPLE_PAGES = (
    '{ pages(contentType: "contenus.ArticlePage", limit: 20) '
    "{ id slug title url lastPublishedAt firstPublishedAt } }"
)


def due_dates() -> tuple[int, int]:
    """Due dates for "__DATE__": from tomorrow, over 280 days (every stage of pregnancy)."""
    tomorrow = dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time(12), dt.UTC)
    return int(tomorrow.timestamp()), 280


def _body(name: str, variables: dict, unique: str) -> str:
    from tests.operations import load_operation

    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    body = json.dumps({"query": load_operation(name), "variables": variables})
    return body.replace("__UNIQUE__", unique).replace("__DATE__", tomorrow)


def in_process(name: str, variables: dict, repeats: int = 15) -> tuple[int, int, int, float]:
    """SQL queries of one request after a publish, cold (response cache off), and warm (cache
    primed); and the median in-process latency (ms) of the first request after a publish."""
    import statistics
    import time

    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from hub.api.cache import advance_generation

    client = Client(REMOTE_ADDR="127.0.0.9")
    serial = iter(range(10**9))
    run = uuid.uuid4().hex

    def one() -> int:
        executed = []

        def counter(execute, sql, params, many, context):
            executed.append(sql)
            return execute(sql, params, many, context)

        body = _body(name, variables, f"count-{name}-{run}-{next(serial)}")  # never a replay
        # A wrapper, not the query log: Django empties the log when each request starts.
        with connection.execute_wrapper(counter):
            client.post("/graphql/", body, content_type="application/json")
        return len(executed)

    settings.GRAPHQL_CACHE_SECONDS = 0
    cache.clear()
    one()  # per-process caches of Django and Wagtail (content types, site root paths)
    advance_generation()
    after_publish = one()
    cold = one()
    timings = []
    for _ in range(repeats):
        advance_generation()
        start = time.perf_counter()
        one()
        timings.append((time.perf_counter() - start) * 1000)
    settings.GRAPHQL_CACHE_SECONDS = 300
    one()
    warm = one()
    return after_publish, cold, warm, statistics.median(timings)


RESULTS: dict[str, tuple[float, float]] = {}  # "label mode" → (median ms, req/s)


def _row(label: str, mode: str, result, sql: int | str, extra: str = "") -> None:
    RESULTS[f"{label} {mode}"] = (result.median_ms, result.rps)
    print(
        f"{label:20} {mode:5} median {result.median_ms:7.2f} ms  p95 {result.p95_ms:7.2f} ms  "
        f"{result.rps:8.1f} req/s  SQL/request {sql:>3}  errors {result.errors} {extra}",
        flush=True,
    )


def _bare_commit_half():
    """Half of the bare psycopg loop (tests/bench/bare_commit.py) into the submissions' table,
    as many connections as wrk's: run just before and just after the soumettreEpds row, so
    that a change of the machine's load during the run weighs on both sides of the ratio."""
    from epds.models import Partenaire, QuestionnaireEpds
    from tests.bench import bare_commit

    return bare_commit.run(
        BENCH_DATABASE_URL,
        QuestionnaireEpds.objects.filter(locale__language_code="fr")
        .order_by("-pk")
        .values_list("pk", flat=True)[0],
        Partenaire.objects.filter(actif=True).order_by("pk").values_list("pk", flat=True)[0],
        connections=CONNECTIONS,
        seconds=SECONDS / 2,
    )


def _bare_commit_row(label: str, hub_result, halves) -> None:
    """The bare loop's row (its two halves: the same seconds in all as the hub's row) and the ratio."""
    committed = sum(h.committed for h in halves)
    found = sum(h.found for h in halves)
    rps = committed / sum(h.seconds for h in halves)
    RESULTS["Bare commit loop"] = (0.0, rps)
    print(
        f"{'Bare commit loop':20} psycopg {CONNECTIONS} conn. {rps:8.1f} commits/s "
        f"(before {halves[0].rps:.0f}, after {halves[1].rps:.0f}; committed={committed} stored={found} "
        f"lost={committed - found}: one INSERT + COMMIT a loop)",
        flush=True,
    )
    if rps:
        print(f"  {label} / bare commit loop {hub_result.rps / rps:5.2f} (target ≥ 0.3)", flush=True)


def private_redis_url() -> str:
    """BENCH_REDIS_URL, or a private redis-server started for the run (stopped at exit)."""
    global BENCH_REDIS_URL
    if not BENCH_REDIS_URL:
        import atexit

        from tests.support.redis import start_redis

        private_redis = start_redis()
        atexit.register(private_redis.stop)
        BENCH_REDIS_URL = private_redis.url
    return BENCH_REDIS_URL


def main() -> int:
    private_redis_url()
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

    setup_test_environment()  # testserver host for the in-process measures

    ops = operations()
    only = {name for name in os.environ.get("BENCH_ONLY", "").split(",") if name}
    if only:  # e.g. BENCH_ONLY=Parcours,Articles
        ops = [op for op in ops if op[1] in only]
    print("\nIn process, the first request after a publish (every cache empty), median of 15:")
    counts = {}
    for label, name, variables in ops:
        if name == "SoumettreEpds":
            counts[label] = in_process(name, variables, repeats=1)[:3] + (None,)
            continue
        counts[label] = in_process(name, variables)
        after, cold, _warm, ms = counts[label]
        print(f"{label:20} {ms:7.2f} ms  SQL/request {after:3} (then {cold} cold)", flush=True)
    from epds.models import SoumissionEpds
    from hub import gunicorn_conf

    print(
        f"\nUnder load: gunicorn as in production ({gunicorn_conf.workers} {gunicorn_conf.worker_class} workers"
        f" × {gunicorn_conf.threads} thread(s)), wrk ({CONNECTIONS} connections, {SECONDS} s a row):"
    )
    for mode, cache_seconds in (("cold", 0), ("warm", 300)):
        with Hub(server_env(cache_seconds)) as hub:
            for label, name, variables in ops:
                if name == "SoumettreEpds" and mode == "warm":
                    continue  # mutations are never cached
                body = json.dumps({"query": load_operation(name), "variables": variables})
                unique = "__UNIQUE__" in body
                dates = due_dates() if "__DATE__" in body else None
                if mode == "warm" and not dates:
                    hub.post("/graphql/", json.loads(body))  # primes the cache
                # unmeasured: every worker runs the operation once (imports, first-use setup)
                wrk(
                    hub.url, "/graphql/", body, seconds=1, connections=CONNECTIONS, unique=unique, dates=dates
                )
                bare_before = _bare_commit_half() if unique else None
                before = SoumissionEpds.objects.count() if unique else 0
                result = wrk(
                    hub.url,
                    "/graphql/",
                    body,
                    seconds=SECONDS,
                    connections=CONNECTIONS,
                    unique=unique,
                    dates=dates,
                )
                extra = ""
                if unique:  # every acknowledged submission is looked up by its result id
                    found = SoumissionEpds.objects.filter(uuid__in=result.acknowledged_ids).count()
                    new_rows = SoumissionEpds.objects.count() - before
                    extra = (
                        f"acknowledged={result.acknowledged} of which stored={found} "
                        f"lost={result.acknowledged - found} (rows added {new_rows}: also those in flight at the end)"
                    )
                _after, cold_q, warm_q, _ms = counts[label]
                _row(label, mode, result, cold_q if mode == "cold" or dates else warm_q, extra)
                if unique:
                    _bare_commit_row(label, result, [bare_before, _bare_commit_half()])
                if label == "Parcours" and mode == "cold":
                    single = wrk(hub.url, "/graphql/", body, seconds=SECONDS, connections=1)
                    _row("Parcours 1 conn.", mode, single, cold_q, "(one client at a time: no queueing)")
            if mode == "cold" and (not only or "Articles" in only):
                path = (
                    "/api/v2/pages/?type=contenus.ArticlePage&fields=resume,visuel_rendu,etapes,thematiques"
                    "&limit=20"
                )
                wrk(hub.url, path, None, method="GET", seconds=1, connections=CONNECTIONS)
                result = wrk(hub.url, path, None, method="GET", seconds=SECONDS, connections=CONNECTIONS)
                _row(
                    "Wagtail API v2",
                    mode,
                    result,
                    "-",
                    "(the same 20 articles with stages, themes, renditions)",
                )
                body = json.dumps({"query": GRAPPLE_PAGES})
                wrk(hub.url, "/graphql/", body, seconds=1, connections=CONNECTIONS)
                result = wrk(hub.url, "/graphql/", body, seconds=SECONDS, connections=CONNECTIONS)
                _row("grapple pages", mode, result, "-", "(20 articles, the page fields grapple exposes)")
            if mode == "cold":
                wrk(hub.url, "/bench/plancher", None, method="GET", seconds=1, connections=CONNECTIONS)
                result = wrk(
                    hub.url, "/bench/plancher", None, method="GET", seconds=SECONDS, connections=CONNECTIONS
                )
                _row("Floor", mode, result, 0, "(a constant JSON view: middleware and gunicorn only)")
    if not only or "Memoire" in only:
        from tests.bench.bench_memoire import print_row

        print()
        RESULTS["worker RSS MiB"] = (print_row(server_env(0)), 0.0)
    print_ratios()
    return 0


RESULTS_DIR = ROOT_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), ".bench")


def print_ratios() -> None:
    """hub/floor and hub/API v2 of this run; 10×/1× against the other scale's last run."""
    floor = RESULTS.get("Floor cold")
    if floor and floor[1]:
        print("\nRatios of this run (req/s of the row / req/s of the floor):")
        for key, (_median, rps) in RESULTS.items():
            if key.endswith((" cold", " warm")) and key != "Floor cold":
                print(f"  {key:28} hub/floor {rps / floor[1]:5.2f}")
    for other in ("Wagtail API v2 cold", "grapple pages cold"):
        if other in RESULTS and "Articles cold" in RESULTS and RESULTS[other][1]:
            ratio = RESULTS["Articles cold"][1] / RESULTS[other][1]
            print(f"  Articles cold / {other:20} {ratio:5.2f}× (req/s)")
    os.makedirs(RESULTS_DIR, exist_ok=True)
    with open(os.path.join(RESULTS_DIR, f"results-x{SCALE}.json"), "w") as f:
        json.dump(RESULTS, f, indent=1)
    counterpart = os.path.join(RESULTS_DIR, f"results-x{10 if SCALE == 1 else 1}.json")
    if not os.path.exists(counterpart):
        return
    with open(counterpart) as f:
        other = json.load(f)
    small, large = (RESULTS, other) if SCALE == 1 else (other, RESULTS)
    print("\n10×/1× median latency (each scale's last run; target ≤ 1.3 for lists, searches, parcours):")
    for key, (median, _rps) in large.items():
        if key in small and small[key][0] and key.endswith((" cold", " warm")):
            print(f"  {key:28} {median / small[key][0]:5.2f}")


if __name__ == "__main__":
    sys.exit(main())
