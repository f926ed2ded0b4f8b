"""The date a parent submits on /calendrier/ never reaches the server's logs: the real gunicorn
(hub/gunicorn_conf.py) on a free 127.0.0.1 port serves the whole flow — form, POST, redirect to
the token, subscription page, .ics — and its access and error logs hold no form of the date."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.conf import settings

from contenus import parcours
from tests.support.net import free_port

RACINE = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    base = settings.DATABASES["default"]
    if base["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{base['NAME']}"
    mot_de_passe = f":{quote(base['PASSWORD'])}" if base.get("PASSWORD") else ""
    return f"postgres://{base['USER']}{mot_de_passe}@{base['HOST'] or '127.0.0.1'}:{base['PORT'] or 5432}/{base['NAME']}"


@pytest.fixture
def gunicorn(db, tmp_path):
    # The reference content is committed once per session (tests/conftest.py): the server
    # process reads it. This test writes nothing and holds no lock the server would wait on.
    port = free_port()
    journal, erreurs = tmp_path / "access.log", tmp_path / "error.log"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "hub.settings",
        "DATABASE_URL": _database_url(),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "SITE_URL": f"http://127.0.0.1:{port}",
    }
    processus = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "hub/gunicorn_conf.py",
            "--access-logfile",
            str(journal),
            "--error-logfile",
            str(erreurs),
            "hub.wsgi:application",
        ],
        cwd=RACINE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    adresse = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                requests.get(adresse + "/healthz", timeout=30)  # the first answer loads the project
                break
            except requests.ConnectionError:
                assert processus.poll() is None, (
                    erreurs.read_text() if erreurs.exists() else "gunicorn stopped"
                )
                time.sleep(0.1)
        yield adresse, journal, erreurs
    finally:
        processus.send_signal(signal.SIGINT)  # quick shutdown: nothing is in flight
        try:
            processus.wait(timeout=15)
        except subprocess.TimeoutExpired:
            processus.kill()
            processus.wait()


def test_the_submitted_date_is_in_no_log(gunicorn):
    adresse, journal, erreurs = gunicorn
    terme = parcours.aujourdhui() + timedelta(days=150)
    navigateur = requests.Session()
    formulaire = navigateur.get(adresse + "/calendrier/", timeout=10)
    jeton_csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', formulaire.text).group(1)
    reponse = navigateur.post(
        adresse + "/calendrier/",
        data={
            "csrfmiddlewaretoken": jeton_csrf,
            "situation": "GROSSESSE",
            "date": terme.strftime("%d/%m/%Y"),
            "rappels": "on",
        },
        headers={"Referer": adresse + "/calendrier/"},
        timeout=10,
    )
    assert reponse.status_code == 200 and "Vos liens d’agenda" in reponse.text
    page = reponse.url
    ics = navigateur.get(page.rstrip("/") + ".ics", headers={"Referer": page}, timeout=10)
    assert ics.status_code == 200 and b"BEGIN:VEVENT" in ics.content
    time.sleep(0.2)

    lignes = journal.read_text(encoding="utf-8")
    # The log works: it has every request of the flow; the token itself is a secret path segment,
    # written « - » (hub/journaux.py).
    jeton = page.rstrip("/").rsplit("/", 1)[1]
    assert "POST /calendrier/ " in lignes and "/calendrier/-/ " in lignes and "/calendrier/-.ics " in lignes
    assert jeton not in lignes
    formes = [
        terme.isoformat(),
        terme.strftime("%d/%m/%Y"),
        quote(terme.strftime("%d/%m/%Y"), safe=""),
        terme.strftime("%Y%m%d"),
        terme.strftime("%d%m%Y"),
        terme.strftime("%d-%m-%Y"),
    ]
    for texte in (lignes, erreurs.read_text(encoding="utf-8")):
        assert not [f for f in formes if f in texte], texte
