"""docker/compose.yaml runs the hub as production needs it: migrate once before the others,
every long-running service restarted and health-checked, secrets as files, Redis bounded, TLS
in front, the bucket created."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
UNE_FOIS = {"migrate", "s3-bucket"}


def test_one_shots_run_before_the_hub_worker_and_scheduler():
    for nom in ("hub", "worker", "scheduler"):
        attente = SERVICES[nom]["depends_on"]
        assert attente["migrate"]["condition"] == "service_completed_successfully", nom
        assert attente["s3-bucket"]["condition"] == "service_completed_successfully", nom
    assert SERVICES["s3-bucket"]["command"] == ["python", "manage.py", "creer_bucket_s3"]


def test_every_service_restarts_and_has_a_healthcheck():
    for nom, service in SERVICES.items():
        if nom in UNE_FOIS:
            assert service["restart"] == "no", nom
            continue
        assert service["restart"] == "unless-stopped", nom
        assert service["healthcheck"]["test"][0] in ("CMD", "CMD-SHELL"), nom


def test_secrets_come_from_files_and_the_hub_trusts_only_its_proxy():
    env = SERVICES["hub"]["environment"]
    for nom in ("SECRET_KEY", "DATABASE_URL", "EPDS_ENCRYPTION_KEYS", "EMAIL_URL", "AWS_SECRET_ACCESS_KEY"):
        assert nom not in env and env[f"{nom}_FILE"].startswith("/run/secrets/"), nom
    assert env["TRUST_X_FORWARDED_PROTO"] == "1" and "ports" not in SERVICES["hub"]
    assert SERVICES["caddy"]["ports"][:2] == ["80:80", "443:443"]
    assert SERVICES["hub"]["read_only"] is True


def test_redis_is_bounded():
    commande = SERVICES["redis"]["command"]
    assert commande[commande.index("--maxmemory") + 1] == "256mb"
    assert commande[commande.index("--maxmemory-policy") + 1] == "allkeys-lru"


def test_compose_validates_the_file():
    import shutil
    import subprocess

    import pytest

    if shutil.which("docker-compose"):
        commande = ["docker-compose"]
    elif (
        shutil.which("docker")
        and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0
    ):
        commande = ["docker", "compose"]
    else:
        pytest.skip(
            "neither docker-compose nor the docker compose plugin is installed (apt-get install docker-compose)"
        )
    fin = subprocess.run(
        [*commande, "-f", str(ROOT / "docker" / "compose.yaml"), "config", "-q"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin"},
    )
    assert fin.returncode == 0, fin.stderr
