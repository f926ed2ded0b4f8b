"""The hub's one SHA-256 helper: stored hashes of secrets (API keys, result and self-service tokens),
persisted-query ids, ETags. A secret's hash is what is stored, the secret never is."""

from __future__ import annotations

import hashlib


def sha256(valeur: str | bytes) -> str:
    """Hex SHA-256 of a text (UTF-8) or of bytes."""
    return hashlib.sha256(valeur.encode("utf-8") if isinstance(valeur, str) else valeur).hexdigest()
