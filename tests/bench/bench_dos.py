"""Figures of the denial-of-service and malformed-input checks, in process (no server):

    .venv/bin/python -m tests.bench.bench_dos

- the time to refuse the exponential fragment document (each of 22 fragments spreads the next
  one twice: 2**21 paths for a document under 1 KB), each attempt in a child process capped at
  BENCH_DOS_TIMEOUT seconds (60 by default; "> 60 s" is printed when the cap is reached);
- the malformed requests of tests/hub/test_fuzz_malformed.py and the generated queries and
  mutations of tests/hub/test_fuzz.py: how many, and the HTTP statuses seen (on a throwaway
  SQLite database with the reference content).
"""

from __future__ import annotations

import collections
import multiprocessing
import os
import sys
import time

TIMEOUT = float(os.environ.get("BENCH_DOS_TIMEOUT", "60"))
LEVELS = 22


def exponential_fragments(levels: int = LEVELS) -> str:
    """`query { ...F0 }` and fragments F0…F(levels-1), each spreading the next one twice."""
    lines = ["query { ...F0 }"]
    for level in range(levels - 1):
        lines.append(f"fragment F{level} on Query {{ ...F{level + 1} ...F{level + 1} }}")
    lines.append(f"fragment F{levels - 1} on Query {{ __typename }}")
    return "\n".join(lines)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]


def _post(body: str):
    from django.test import Client

    return Client().post("/graphql/", body, content_type="application/json")


def _refuse_once(queue) -> None:
    import json

    _setup()
    body = json.dumps({"query": exponential_fragments()})
    _post(json.dumps({"query": "{ __typename }"}))  # warm: imports and the schema are built
    started = time.perf_counter()
    response = _post(body)
    elapsed = time.perf_counter() - started
    codes = [e.get("extensions", {}).get("code") for e in response.json().get("errors", [])]
    queue.put((elapsed, response.status_code, codes))


def time_exponential_document() -> str:
    queue = multiprocessing.get_context("fork").Queue()
    process = multiprocessing.get_context("fork").Process(target=_refuse_once, args=(queue,))
    process.start()
    process.join(TIMEOUT)
    if process.is_alive():
        process.kill()
        process.join()
        return f"> {TIMEOUT:.0f} s (killed)"
    elapsed, status, codes = queue.get(timeout=5)
    return f"{elapsed * 1000:.1f} ms, HTTP {status}, codes {codes}"


def _test_database() -> None:
    """A throwaway SQLite test database with the reference content (DATABASE_URL unset)."""
    import tempfile

    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.GRAPHQL_CACHE_SECONDS = 0
    settings.GRAPHQL_INTROSPECTION = False
    settings.GRAPHQL_MUTATIONS_REQUIRE_PARTNER = False
    settings.RATE_LIMIT_PER_ADDRESS = 10**9
    settings.RATE_LIMIT_READ_COST_PER_ADDRESS = 10**12
    if connection.vendor == "sqlite":
        test = connection.settings_dict.setdefault("TEST", {})
        test["NAME"] = tempfile.mktemp(prefix="hub-bench-dos-", suffix=".sqlite3")
        for key, value in {"MIGRATE": True, "CHARSET": None, "COLLATION": None, "MIRROR": None}.items():
            test.setdefault(key, value)
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    from tests.support.reference import load_reference

    load_reference()


def malformed_statuses() -> tuple[int, collections.Counter]:
    from tests.hub.test_fuzz_malformed import MALFORMED, send

    statuses: collections.Counter = collections.Counter()
    for case in MALFORMED:
        statuses[send(case).status_code] += 1
    return len(MALFORMED), statuses


def generated_statuses() -> dict[str, collections.Counter]:
    """The generated queries and mutations of tests/hub/test_fuzz.py (same strategies, same
    settings, same derandomised examples), by HTTP status."""
    import json

    from django.test import Client
    from hypothesis import given
    from hypothesis_graphql import strategies as gql_strategies

    from tests.support.fuzz import CUSTOM_SCALARS, FUZZ, SDL

    seen: dict[str, collections.Counter] = {}

    def runner(strategy, statuses: collections.Counter):
        @FUZZ
        @given(query=strategy(SDL, custom_scalars=CUSTOM_SCALARS))
        def run(query):
            body = json.dumps({"query": query})
            statuses[Client().post("/graphql/", body, content_type="application/json").status_code] += 1

        return run

    for kind, strategy in (("queries", gql_strategies.queries), ("mutations", gql_strategies.mutations)):
        seen[kind] = collections.Counter()
        runner(strategy, seen[kind])()
    return seen


def main() -> None:
    print(f"exponential fragment document ({LEVELS} levels, in process): {time_exponential_document()}")
    sys.stdout.flush()
    if "--fragments-only" in sys.argv:
        return
    _setup()
    _test_database()
    count, statuses = malformed_statuses()
    print(f"malformed requests: {count} cases, HTTP statuses {dict(sorted(statuses.items()))}")
    for kind, counter in generated_statuses().items():
        print(
            f"generated {kind}: {sum(counter.values())} cases, HTTP statuses {dict(sorted(counter.items()))}"
        )


if __name__ == "__main__":
    main()
