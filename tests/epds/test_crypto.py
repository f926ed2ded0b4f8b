"""Encryption at rest: keys from the environment, rotation, loud failure in production."""

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

from epds import crypto

ROOT = Path(__file__).resolve().parents[2]


def test_round_trip_and_ciphertext_hides_the_text(settings):
    settings.EPDS_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    chiffre = crypto.chiffrer("06 12 34 56 78")
    assert "06 12" not in chiffre
    assert crypto.dechiffrer(chiffre) == "06 12 34 56 78"


def test_key_rotation_reads_old_data_and_writes_with_the_new_key(settings):
    ancienne, nouvelle = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.EPDS_ENCRYPTION_KEYS = [ancienne]
    vieux = crypto.chiffrer("Camille")
    settings.EPDS_ENCRYPTION_KEYS = [nouvelle, ancienne]
    assert crypto.dechiffrer(vieux) == "Camille"
    neuf = crypto.chiffrer("Camille")
    assert Fernet(nouvelle.encode()).decrypt(neuf.encode()) == b"Camille"


def test_production_refuses_to_start_without_encryption_keys():
    env = {
        k: v for k, v in os.environ.items() if k not in ("EPDS_ENCRYPTION_KEYS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-" + "x7Gq2!vB9#kLm4$pRt8&wZs1^nYc6*hJ",
        ALLOWED_HOSTS="hub.example",
        DATABASE_URL="sqlite:////tmp/epds-crypto-check.sqlite3",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "EPDS_ENCRYPTION_KEYS" in result.stderr
