from unittest import mock

import pytest
from django.db.utils import OperationalError


@pytest.mark.django_db
def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_database_unreachable(client):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=OperationalError("down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "erreur"


@pytest.mark.longue
def test_healthz_with_unreachable_server_url(tmp_path):
    """A real unreachable database (closed port) rather than a patched cursor."""
    import subprocess
    import sys

    code = (
        "import django, os;"
        "django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code)"
    )
    env = {
        **__import__("os").environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing",
        "CONN_MAX_AGE": "0",
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "503", out.stderr[-2000:]
