"""Access logs never hold personal data: the hub under gunicorn (production settings, a free
port on 127.0.0.1) is sent GETs carrying a birth date, a phone, a first name and an update-link
token; its access and error logs hold none of them. They are JSON lines (production's
LOG_FORMAT), each with the request's id (X-Request-ID: a valid one kept, any other replaced)."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.operations import load_operation
from tests.support.net import free_port

ROOT = Path(__file__).resolve().parents[2]
NAISSANCE = "2025-03-14"
TELEPHONE = "0612345678"
PRENOM = "Berenice"
JETON = "jeton-secret-9f8e7d6c5b4a"
ABONNEMENT = "gAAAAABabonnementSecretDuCalendrier0123456789abcdef"
ID_REQUETE = "6f1c2a9e-4b7d-4e0a-9c3b-2d5e8f7a1b60"


def _database_url() -> str:
    from django.db import connection

    reglages = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{reglages['NAME']}"
    hote = reglages.get("HOST") or "127.0.0.1"
    return f"postgres://{reglages['USER']}@{hote}:{reglages.get('PORT') or 5432}/{reglages['NAME']}"


def _get(url: str, **entetes: str) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=entetes), timeout=20) as reponse:
            return reponse.status
    except urllib.error.HTTPError as erreur:
        return erreur.code


@pytest.mark.longue
@pytest.mark.django_db
def test_gunicorn_access_log_holds_no_query_string_nor_token(tmp_path):
    import os

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    journal_acces, journal_erreurs = tmp_path / "acces.log", tmp_path / "erreurs.log"
    env = {
        **os.environ,
        "DEBUG": "0",
        "STATIC_ROOT": str(tmp_path / "static"),  # production serves collected static files
        "SECRET_KEY": "journaux-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": base,
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": _database_url(),
        "EPDS_ENCRYPTION_KEYS": "Qm9uam91ci1jZWNpLWVzdC11bmUtY2xlLWRlLXRlc3Q=",
        "GRAPHQL_MUTATIONS_REQUIRE_PARTNER": "0",
        "GUNICORN_WORKERS": "1",
        "LOG_LEVEL": "INFO",
        "LOG_FORMAT": "json",
    }
    env.pop("REDIS_URL", None)
    commande = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-c",
        "python:hub.gunicorn_conf",
        "hub.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        str(journal_acces),
        "--error-logfile",
        str(journal_erreurs),
    ]
    collecte = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(collecte, cwd=ROOT, env=env, check=True, timeout=300)
    serveur = subprocess.Popen(commande, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        limite = time.monotonic() + 60
        while True:
            assert time.monotonic() < limite and serveur.poll() is None, "gunicorn did not start"
            try:
                if _get(base + "/healthz") == 200:
                    break
            except urllib.error.URLError:
                time.sleep(0.3)
        parcours = hashlib.sha256(load_operation("Parcours").encode()).hexdigest()
        persistee = urllib.parse.urlencode(
            {
                "extensions": json.dumps({"persistedQuery": {"version": 1, "sha256Hash": parcours}}),
                "variables": json.dumps({"situation": "ENFANT", "date": NAISSANCE}),
            }
        )
        mutation = urllib.parse.urlencode(
            {
                "query": load_operation("DemanderContact"),
                "variables": json.dumps(
                    {
                        "input": {
                            "resultat": "1",
                            "jeton": "x",
                            "prenom": PRENOM,
                            "canal": "SMS",
                            "telephone": TELEPHONE,
                        }
                    }
                ),
            }
        )
        statuts = {
            "persistée": _get(f"{base}/graphql/?{persistee}"),
            "mutation": _get(f"{base}/graphql/?{mutation}"),
            "calendrier": _get(
                f"{base}/calendrier.ics?situation=ENFANT&date={NAISSANCE}", **{"X-Request-ID": ID_REQUETE}
            ),
            "lien": _get(f"{base}/professionnels/mise-a-jour/{JETON}/", **{"X-Request-ID": PRENOM}),
            "abonnement": _get(f"{base}/calendrier/{ABONNEMENT}.ics"),
        }
        assert statuts["persistée"] == 200 and statuts["mutation"] in (400, 405)
        assert statuts["calendrier"] == 200 and statuts["lien"] == statuts["abonnement"] == 404
    finally:
        serveur.terminate()
        sortie = serveur.communicate(timeout=30)[0].decode(errors="replace")
    acces = journal_acces.read_text()
    lignes = [json.loads(ligne) for ligne in acces.splitlines()]  # one JSON object a line
    chemins = {ligne["path"]: ligne for ligne in lignes}
    assert len(lignes) >= 5 and {
        "/calendrier.ics",
        "/professionnels/mise-a-jour/-/",
        "/calendrier/-.ics",
    } <= set(chemins)
    # the proxy's request id is kept; a header that is not a UUID (here a first name) is replaced
    assert chemins["/calendrier.ics"]["request_id"] == ID_REQUETE
    assert re.fullmatch("[0-9a-f]{32}", chemins["/professionnels/mise-a-jour/-/"]["request_id"])
    assert all(ligne["status"] and ligne["method"] == "GET" for ligne in lignes)
    tout = acces + journal_erreurs.read_text() + sortie
    for donnee in (
        NAISSANCE,
        "2025%2D03%2D14",
        TELEPHONE,
        PRENOM,
        JETON,
        ABONNEMENT,
        "variables",
        "situation=ENFANT",
    ):
        assert donnee not in tout, donnee


def test_django_log_records_lose_query_strings_and_tokens():
    import logging

    from hub.journaux import FiltreDonneesPersonnelles

    enregistrement = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Internal Server Error: %s",
        (f"/professionnels/mise-a-jour/{JETON}/?date={NAISSANCE}",),
        None,
    )
    assert FiltreDonneesPersonnelles().filter(enregistrement)
    assert enregistrement.getMessage() == "Internal Server Error: /professionnels/mise-a-jour/-/?-"


@pytest.mark.parametrize("nom", ["django.request", "django.server", "hub.graphql"])
def test_every_django_log_handler_scrubs_urls(nom):
    import logging

    from hub.journaux import FiltreDonneesPersonnelles

    journal = logging.getLogger(nom)
    handlers = []
    while journal is not None:
        handlers += [h for h in journal.handlers if not type(h).__module__.startswith("_pytest")]
        journal = journal.parent if journal.propagate else None
    assert handlers and all(
        any(isinstance(f, FiltreDonneesPersonnelles) for f in h.filters) for h in handlers
    ), nom


def test_gunicorn_error_lines_lose_tokens_too():
    import logging

    from gunicorn.config import Config

    from hub.journaux import JournalGunicorn

    journal = JournalGunicorn(Config())
    lignes: list[str] = []

    class Collecte(logging.Handler):
        def emit(self, record):
            lignes.append(record.getMessage())

    journal.error_log.addHandler(Collecte())
    journal.exception("Error handling request %s", f"GET /calendrier/{ABONNEMENT}.ics?date={NAISSANCE}")
    assert lignes == ["Error handling request GET /calendrier/-.ics?-"]
