"""`make bench`'s memory row: one gunicorn worker's RSS after 500 distinct large documents.

Each document is near both limits of a cached document (≈ 19 800 characters, 1 800 tokens:
about a megabyte once parsed, with its verdict); refused for its field count, it is still
parsed, walked and kept. Bounded in entries, 512 such documents took a worker from 175 MiB to
1.5 GiB (issue #17); bounded in bytes (GRAPHQL_DOCUMENT_CACHE_BYTES) the worker stays under
300 MiB.

    python -m tests.bench.bench_memoire     # alone (PostgreSQL database of `make bench`)
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

DOCUMENTS = 500
TARGET_MIB = 300


def large_document(number: int) -> str:
    return f"query Grand{number} {{ " + " ".join(["__typename"] * 1_800) + " }"


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def _send(url: str, query: str) -> int:
    request = urllib.request.Request(
        url + "/graphql/",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def worker_rss_after_documents(env: dict[str, str], documents: int = DOCUMENTS) -> tuple[float, float, dict]:
    """(RSS before, RSS after in MiB, statuses) of a single gunicorn worker fed `documents`
    distinct large documents."""
    from tests.bench.runner import Hub

    with Hub({**env, "GUNICORN_WORKERS": "1"}) as hub:
        (worker,) = _workers(hub.process.pid)
        before = _rss_mib(worker)
        statuses: dict[int, int] = {}
        for number in range(documents):
            status = _send(hub.url, large_document(number))
            statuses[status] = statuses.get(status, 0) + 1
        assert _workers(hub.process.pid) == [worker], "the worker was restarted"
        return before, _rss_mib(worker), statuses


def print_row(env: dict[str, str]) -> float:
    before, after, statuses = worker_rss_after_documents(env)
    verdict = "ok" if after < TARGET_MIB else f"OVER {TARGET_MIB} MiB"
    print(
        f"worker RSS after {DOCUMENTS} distinct large documents: {after:.0f} MiB (before {before:.0f} MiB; "
        f"statuses {statuses}; target < {TARGET_MIB} MiB: {verdict})",
        flush=True,
    )
    return after


def main() -> int:
    from tests.bench.__main__ import BENCH_DATABASE_URL, ensure_database, private_redis_url, server_env

    ensure_database(BENCH_DATABASE_URL)
    os.environ["DATABASE_URL"] = BENCH_DATABASE_URL
    env = server_env(0)
    env["REDIS_URL"] = private_redis_url()
    print_row(env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
