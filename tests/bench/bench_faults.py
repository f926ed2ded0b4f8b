"""`make bench-faults`: what is acknowledged, stored and emailed when a server fails.

    make bench-faults                       # every fault, with `manage.py worker`, then with
                                            # django-tasks-db's own db_worker for comparison
    FAULTS_ONLY=postgres,kill9 make bench-faults
    FAULTS_WORKERS=worker make bench-faults # only the hub's worker

Each fault runs tests/support/faults.py in a process of its own, on a copy of one template
database in a private PostgreSQL cluster (initdb, free port), with aiosmtpd and a private
redis-server; the task worker is a subprocess. Per fault, parents submit the EPDS and ask to
be contacted (3 per phase) through the real /graphql/ view:
- smtp: the SMTP server is down while they ask, back 2.5 s later;
- postgres: 3 before; 3 during a 10 s outage of PostgreSQL (the cluster is stopped, the
  worker idle); 3 after, which only a worker that outlived the outage emails; then 1 whose
  email is in flight (the server holds its « 250 » 2 s) when PostgreSQL stops again for 4 s:
  the worker must record it as sent once the database is back;
- kill9: the SMTP server holds the « 250 » of the first message 4 s; the worker is killed
  with SIGKILL meanwhile, and a new worker started (the message was accepted: not sent again,
  « incertaine »);
- kill9_avant_donnees: the same, the server holding its answer to the first recipient (the
  message was never transmitted: sent by the new worker);
- redis: the shared cache (Redis) is down while they ask.
Emails expected = acknowledged contact requests; delivered = those whose email reached the
server; duplicated = emails received more than once.
"""

from __future__ import annotations

import os
import sys
import time

from tests.support import faults, postgres

COLONNES = [
    ("panne", 20),
    ("worker", 10),
    ("soum. ack/stock", 16),
    ("contacts ack/stock", 19),
    ("emails att/livr/doubl", 22),
    ("incertains", 11),
    ("RUNNING", 8),
    ("worker vivant", 14),
    ("durée", 7),
    ("réponses HTTP", 20),
]


def ligne(valeurs) -> str:
    return "".join(str(v).ljust(largeur) for v, (_, largeur) in zip(valeurs, COLONNES, strict=True))


def main() -> int:
    if not postgres.disponible():
        print("PostgreSQL 15 (initdb) est introuvable : apt-get install postgresql-15", file=sys.stderr)
        return 1
    seulement = [s for s in os.environ.get("FAULTS_ONLY", "").split(",") if s] or list(faults.SCENARIOS)
    workers = [w for w in os.environ.get("FAULTS_WORKERS", "worker,db_worker").split(",") if w]
    cluster = postgres.demarrer_cluster()
    try:
        faults.preparer_modele(cluster)
        print(ligne([titre for titre, _ in COLONNES]))
        for scenario in seulement:
            for commande in workers:
                debut = time.monotonic()
                try:
                    c = faults.executer(scenario, cluster, commande)
                except RuntimeError as erreur:
                    print(ligne([scenario, commande, "échec du scénario", "", "", "", "", "", "", ""]))
                    print(str(erreur)[-1500:], file=sys.stderr)
                    continue
                if cluster_arrete(cluster):
                    cluster.start()
                print(
                    ligne(
                        [
                            scenario,
                            commande,
                            f"{c['soumissions_acquittees']}/{c['soumissions_stockees']} (sur {c['soumissions_essayees']})",
                            f"{c['contacts_acquittes']}/{c['contacts_stockes']}",
                            f"{c['emails_attendus']}/{c['emails_livres']}/{c['emails_doublons']}",
                            c["notifications"]["incertaine"],
                            c["taches_running"],
                            "oui" if c["worker_vivant"] else "NON",
                            f"{time.monotonic() - debut:.0f} s",
                            " ".join(f"{k}×{v}" for k, v in sorted(c["statuts_http"].items())),
                        ]
                    ),
                    flush=True,
                )
    finally:
        cluster.detruire()
    return 0


def cluster_arrete(cluster) -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", cluster.port), timeout=1).close()
        return False
    except OSError:
        return True


if __name__ == "__main__":
    sys.exit(main())
