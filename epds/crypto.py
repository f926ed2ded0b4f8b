"""Encryption at rest of the parents' personal data (first name, phone, email, team notes).

Keys come from `EPDS_ENCRYPTION_KEYS` (comma-separated Fernet keys, newest first: MultiFernet
encrypts with the first and decrypts with any, so a key can be rotated). Settings refuse to
start without a key when DEBUG is off; in DEBUG (decided when settings load, see
`EPDS_CLE_DEV_AUTORISEE`) a key derived from SECRET_KEY is used.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...], secret_key: str, cle_dev_autorisee: bool) -> MultiFernet:
    if not keys:
        if not cle_dev_autorisee:
            raise ImproperlyConfigured("EPDS_ENCRYPTION_KEYS est obligatoire quand DEBUG est désactivé.")
        derived = base64.urlsafe_b64encode(hashlib.sha256(f"epds-dev-key:{secret_key}".encode()).digest())
        keys = (derived.decode(),)
    return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(
        tuple(settings.EPDS_ENCRYPTION_KEYS),
        settings.SECRET_KEY,
        getattr(settings, "EPDS_CLE_DEV_AUTORISEE", False),
    )


def chiffrer(texte: str) -> str:
    return fernet().encrypt(texte.encode()).decode()


def dechiffrer(jeton: str) -> str:
    return fernet().decrypt(jeton.encode()).decode()


class EncryptedTextField(models.TextField):
    """A text field stored encrypted; the empty string stays empty (nothing to hide, purge-friendly)."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return dechiffrer(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return chiffrer(value)
