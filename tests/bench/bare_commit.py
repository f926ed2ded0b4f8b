"""The bare-commit row of `make bench`: what PostgreSQL commits into the submissions' table when
nothing but psycopg stands in front of it.

`connections` processes (one psycopg 3 connection each, as many as wrk's connections), each
looping for `seconds`: one INSERT of a submission row (the columns and value sizes the hub
writes: a UUID, the points as JSON, two 64-character HMAC digests, an idempotency key), then
COMMIT. Processes, not threads: the loop must not wait on the GIL, it is the ceiling the hub's
`soumettreEpds` is compared with (issue #17: ≥ 0.3 of it). The rows are counted back (lost =
committed and not found), then deleted: the dataset stays as it was.
"""

from __future__ import annotations

import json
import multiprocessing
import secrets
import time
import uuid
from dataclasses import dataclass

INSERT = (
    "INSERT INTO epds_soumissionepds (uuid, questionnaire_id, langue, partenaire_id, points, score, niveau,"
    " alerte_question_10, duree_secondes, genre, tranche_age, departement, situation, mois, entourage_aide,"
    " categorie_pcs, idempotency_key, empreinte, jeton_hash, cree_le)"
    " VALUES (%s, %s, 'fr', %s, %s, %s, 'MODERE', false, %s, '', '', '', '', NULL, NULL, NULL, %s, %s, %s, now())"
)
POINTS = json.dumps([0, 1, 3, 1, 2, 2, 3, 2, 3, 3])


@dataclass
class BareResult:
    committed: int
    found: int
    seconds: float

    @property
    def rps(self) -> float:
        return self.committed / self.seconds if self.seconds else 0.0

    @property
    def lost(self) -> int:
        return self.committed - self.found


def _loop(dsn: str, prefix: str, questionnaire: int, partenaire: int, seconds: float, start, out) -> None:
    import psycopg

    with psycopg.connect(dsn) as connection:
        cursor = connection.cursor()
        start.wait()
        deadline = time.monotonic() + seconds
        done = 0
        while time.monotonic() < deadline:
            cursor.execute(
                INSERT,
                (
                    uuid.uuid4(),
                    questionnaire,
                    partenaire,
                    POINTS,
                    20,
                    120,
                    f"{prefix}{done}",
                    secrets.token_hex(32),
                    secrets.token_hex(32),
                ),
            )
            connection.commit()
            done += 1
    out.put(done)


def run(dsn: str, questionnaire: int, partenaire: int, *, connections: int, seconds: float) -> BareResult:
    """`dsn`: a libpq URL (postgres://…); the ids of a questionnaire and a partner that exist."""
    import psycopg

    context = multiprocessing.get_context("spawn")  # a clean interpreter: nothing of Django's
    start = context.Barrier(connections + 1)
    out = context.Queue()
    run_id = uuid.uuid4().hex[:12]
    processes = [
        context.Process(
            target=_loop,
            args=(dsn, f"bare-{run_id}-{n}-", questionnaire, partenaire, seconds, start, out),
        )
        for n in range(connections)
    ]
    for process in processes:
        process.start()
    start.wait()  # every loop runs `seconds` from here
    committed = sum(out.get(timeout=seconds + 60) for _ in processes)
    for process in processes:
        process.join(timeout=30)
    with psycopg.connect(dsn, autocommit=True) as connection:
        pattern = f"bare-{run_id}-%"
        found = connection.execute(
            "SELECT count(*) FROM epds_soumissionepds WHERE idempotency_key LIKE %s", [pattern]
        ).fetchone()[0]
        connection.execute("DELETE FROM epds_soumissionepds WHERE idempotency_key LIKE %s", [pattern])
    return BareResult(committed, found, seconds)
