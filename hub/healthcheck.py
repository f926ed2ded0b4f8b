"""Health checks of the image's three roles, exit 0 when healthy, 1 otherwise.

- `python -m hub.healthcheck` (the image's HEALTHCHECK, the hub): asks /healthz of the server
  this container runs, where it listens (GUNICORN_BIND, as hub/gunicorn_conf.py reads it) and
  with a Host header the hub accepts (SITE_URL's host when ALLOWED_HOSTS allows it, else the
  first allowed name). Imports the settings only (no Django setup): cheap every 30 seconds.
- `python -m hub.healthcheck --worker`: this container's worker (`manage.py worker --worker-id
  $HOSTNAME`) wrote its heartbeat within WORKER_BAIL_SECONDES.
- `python -m hub.healthcheck --battement FICHIER`: the scheduler touched its file within
  two minutes (`manage.py planificateur --battement FICHIER`).
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import sys
import time
from urllib.parse import urlsplit


def adresse(bind: str) -> tuple[str, int]:
    """(host, port) to connect to for a gunicorn bind `host:port`: a wildcard is loopback."""
    hote, _, port = bind.rpartition(":")
    hote = hote.strip("[]")
    if hote in ("", "0.0.0.0"):
        hote = "127.0.0.1"
    elif hote == "::":
        hote = "::1"
    return hote, int(port)


def hote_autorise(site_url: str, allowed_hosts: list[str]) -> str:
    """A Host header that ALLOWED_HOSTS accepts: SITE_URL's host if allowed, else the first
    concrete allowed name (`.example.org` → `example.org`)."""
    from django.http.request import validate_host

    site = urlsplit(site_url).hostname or ""
    if site and validate_host(site, allowed_hosts):
        return site
    for nom in allowed_hosts:
        if nom != "*":
            return nom.lstrip(".")
    return site or "localhost"


def worker_vivant() -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.utils import timezone

    from hub.models import WorkerHeartbeat
    from hub.worker import bail

    worker_id = os.environ.get("HOSTNAME") or socket.gethostname()
    vu = WorkerHeartbeat.objects.filter(worker_id=worker_id, seen_at__gte=timezone.now() - bail()).exists()
    print(f"healthcheck: worker {'alive' if vu else 'silent'} ({settings.WORKER_BAIL_SECONDES:.0f} s)")
    return 0 if vu else 1


def battement_recent(fichier: str, age_max: float = 120) -> int:
    try:
        age = time.time() - os.stat(fichier).st_mtime
    except OSError:
        print("healthcheck: no heartbeat file", file=sys.stderr)
        return 1
    print(f"healthcheck: heartbeat {age:.0f} s ago")
    return 0 if age <= age_max else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hub.healthcheck")
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--battement", metavar="FICHIER")
    options = parser.parse_args(argv)
    if options.worker:
        return worker_vivant()
    if options.battement:
        return battement_recent(options.battement)
    return serveur_sain()


def serveur_sain() -> int:
    from hub import gunicorn_conf, settings

    binds = gunicorn_conf.bind if isinstance(gunicorn_conf.bind, list) else [gunicorn_conf.bind]
    bind = next((b for b in binds if not b.startswith(("unix:", "fd://"))), None)
    if bind is None:
        print("healthcheck: no TCP bind in GUNICORN_BIND", file=sys.stderr)
        return 1
    hote, port = adresse(bind)
    connexion = http.client.HTTPConnection(hote, port, timeout=4)
    try:
        connexion.request(
            "GET", "/healthz", headers={"Host": hote_autorise(settings.SITE_URL, settings.ALLOWED_HOSTS)}
        )
        statut = connexion.getresponse().status
    except OSError as erreur:
        print(f"healthcheck: {type(erreur).__name__}", file=sys.stderr)
        return 1
    finally:
        connexion.close()
    print(f"healthcheck: /healthz {statut}")
    return 0 if statut == 200 else 1


if __name__ == "__main__":
    sys.exit(main())
