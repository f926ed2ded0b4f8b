import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-" + "x7Gq2!vB9#kLm4$pRt8&wZs1^nYc6*hJ",
    "ALLOWED_HOSTS": "hub.1000jours.example",
    "CSRF_TRUSTED_ORIGINS": "https://hub.1000jours.example",
    "SITE_URL": "https://hub.1000jours.example",
    "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
    "EPDS_ENCRYPTION_KEYS": "Qm9uam91ci1jZWNpLWVzdC11bmUtY2xlLWRlLXRlc3Q=",
}


def run_manage(*args, env_extra):
    # the browser fixture sets DJANGO_ALLOW_ASYNC_UNSAFE in this process: not production
    env = {
        k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.longue
def test_check_deploy_is_clean_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.longue
def test_production_refuses_to_start_without_secret_key():
    env = dict(PRODUCTION)
    env["SECRET_KEY"] = ""
    result = run_manage("check", env_extra=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


GRAPHIQL_PROBE = """
import django
django.setup()
from django.urls import NoReverseMatch, reverse
try:
    reverse("grapple_graphiql")
    print("exposed")
except NoReverseMatch:
    print("absent")
"""


@pytest.mark.longue
def test_graphiql_is_off_in_production():
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env.update(PRODUCTION, DJANGO_SETTINGS_MODULE="hub.settings")
    out = subprocess.run(
        [sys.executable, "-c", GRAPHIQL_PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.stdout.strip().splitlines()[-1] == "absent", out.stderr[-2000:]
