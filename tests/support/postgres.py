"""A private PostgreSQL cluster for fault tests: `initdb` into a temporary folder, `pg_ctl` on a
free port of 127.0.0.1, stopped and started at will (an outage the test controls), removed at
the end. Nobody else's server is ever stopped. As root, the server runs as the `postgres` user
(PostgreSQL refuses to run as root)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

import pytest

from tests.support.net import free_port

BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")


def disponible() -> bool:
    return os.path.exists(os.path.join(BIN, "initdb"))


def _en_tant_que(utilisateur: str | None, commande: list[str]) -> list[str]:
    return ["runuser", "-u", utilisateur, "--", *commande] if utilisateur else commande


@dataclass
class ClusterPostgres:
    port: int
    dossier: str
    utilisateur: str | None
    journal: str = field(init=False)

    def __post_init__(self):
        self.journal = os.path.join(self.dossier, "journal.log")

    def url(self, base: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{base}"

    def _pg_ctl(self, *args: str) -> None:
        commande = [os.path.join(BIN, "pg_ctl"), "-D", os.path.join(self.dossier, "data"), "-w", *args]
        subprocess.run(_en_tant_que(self.utilisateur, commande), check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dossier} -c fsync=off"
        self._pg_ctl("-l", self.journal, "-o", options, "start")

    def stop(self) -> None:
        """Fast shutdown: every open connection is cut, as in a real outage."""
        self._pg_ctl("-m", "fast", "stop")

    def creer_base(self, nom: str) -> str:
        commande = [
            os.path.join(BIN, "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            nom,
        ]
        subprocess.run(commande, check=True, capture_output=True, timeout=60)
        return self.url(nom)

    def detruire(self) -> None:
        try:
            self._pg_ctl("-m", "immediate", "stop")
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.dossier, ignore_errors=True)


def demarrer_cluster() -> ClusterPostgres:
    utilisateur = "postgres" if os.geteuid() == 0 else None
    dossier = tempfile.mkdtemp(prefix="hub-pg-")
    if utilisateur:
        entree = pwd.getpwnam(utilisateur)
        os.chown(dossier, entree.pw_uid, entree.pw_gid)
    commande = [
        os.path.join(BIN, "initdb"),
        "-D",
        os.path.join(dossier, "data"),
        "-U",
        "postgres",
        "--auth=trust",
        "--no-sync",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
    ]
    subprocess.run(_en_tant_que(utilisateur, commande), check=True, capture_output=True, timeout=120)
    cluster = ClusterPostgres(port=free_port(), dossier=dossier, utilisateur=utilisateur)
    cluster.start()
    return cluster


def attendre(condition, delai: float, pas: float = 0.2) -> bool:
    """Polls `condition()` until it is true or `delai` seconds have passed."""
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        if condition():
            return True
        time.sleep(pas)
    return bool(condition())


requires_postgres = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("sqlite") or not os.environ.get("DATABASE_URL"),
    reason="needs PostgreSQL (DATABASE_URL=postgres://…); CI always runs it",
)
