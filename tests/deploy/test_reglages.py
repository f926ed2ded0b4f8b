"""Secrets come from files (`NAME_FILE`, Docker and Kubernetes secrets); the image build imports
the settings without any runtime secret; the image's healthcheck asks with a Host the hub accepts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SONDE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.SECRET_KEY, s.EPDS_ENCRYPTION_KEYS, s.DATABASES['default']['NAME'], s.LOG_FORMAT]))"
)


def _lancer(env_extra: dict) -> subprocess.CompletedProcess:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(env_extra, DJANGO_SETTINGS_MODULE="hub.settings")
    return subprocess.run(
        [sys.executable, "-c", SONDE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.longue
def test_secrets_are_read_from_files_without_their_final_newline(tmp_path):
    fichiers = {
        "SECRET_KEY": "cle-secrete-lue-dans-un-fichier-0123456789-abcdefghijklmnopqrstuvwxyz",
        "EPDS_ENCRYPTION_KEYS": "Qm9uam91ci1jZWNpLWVzdC11bmUtY2xlLWRlLXRlc3Q=,QXV0cmUtY2xlLWRlLXRlc3QtcG91ci1sYS1yb3Q=",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'secret.sqlite3'}",
    }
    env = {"DEBUG": "0", "ALLOWED_HOSTS": "hub.example", "SITE_URL": "https://hub.example"}
    for nom, valeur in fichiers.items():
        (tmp_path / nom).write_text(valeur + "\n")
        env[f"{nom}_FILE"] = str(tmp_path / nom)
    fin = _lancer(env)
    assert fin.returncode == 0, fin.stderr[-2000:]
    cle, cles, base, format_journal = json.loads(fin.stdout.strip().splitlines()[-1])
    assert cle == fichiers["SECRET_KEY"]
    assert cles == fichiers["EPDS_ENCRYPTION_KEYS"].split(",")
    assert base == str(tmp_path / "secret.sqlite3")
    assert format_journal == "json"  # production logs are JSON lines


@pytest.mark.longue
def test_the_image_build_needs_no_runtime_secret():
    fin = _lancer({"DEBUG": "0", "BUILD_STATIC": "1", "EPDS_ENCRYPTION_KEYS": "", "SECRET_KEY": ""})
    assert fin.returncode == 0, fin.stderr[-2000:]
    # …and without BUILD_STATIC, production still refuses to start without its keys
    fin = _lancer({"DEBUG": "0", "SECRET_KEY": "x" * 60, "EPDS_ENCRYPTION_KEYS": ""})
    assert fin.returncode != 0 and "EPDS_ENCRYPTION_KEYS" in fin.stderr


def test_healthcheck_connects_where_gunicorn_listens_with_an_allowed_host():
    from hub.healthcheck import adresse, hote_autorise

    assert adresse("0.0.0.0:8000") == ("127.0.0.1", 8000)
    assert adresse("[::]:9000") == ("::1", 9000)
    assert adresse("10.0.0.5:8080") == ("10.0.0.5", 8080)
    assert hote_autorise("https://hub.example.org", ["hub.example.org"]) == "hub.example.org"
    assert hote_autorise("https://hub.example.org", [".example.org"]) == "hub.example.org"
    assert hote_autorise("https://cdn.example.net", ["hub.example.org", "x.example"]) == "hub.example.org"
    assert hote_autorise("https://hub.example.org", ["*"]) == "hub.example.org"


def test_healthcheck_against_a_server(live_server, settings, monkeypatch, capsys):
    """The check's own request reaches /healthz through the middleware (Host and port checked)."""
    from hub import gunicorn_conf, healthcheck

    hote, port = live_server.url.removeprefix("http://").split(":")
    monkeypatch.setattr(gunicorn_conf, "bind", f"{hote}:{port}")
    settings.SITE_URL = f"http://hub.example.org:{port}"
    settings.ALLOWED_HOSTS = ["hub.example.org"]
    monkeypatch.setattr("hub.settings.SITE_URL", settings.SITE_URL)
    monkeypatch.setattr("hub.settings.ALLOWED_HOSTS", settings.ALLOWED_HOSTS)
    assert healthcheck.main([]) == 0
    assert "/healthz 200" in capsys.readouterr().out
    monkeypatch.setattr("hub.settings.ALLOWED_HOSTS", ["autre.example.org"])
    monkeypatch.setattr("hub.settings.SITE_URL", "http://autre.example.org")
    assert healthcheck.main([]) == 1  # Host allowed by the check, refused by the server (400)
