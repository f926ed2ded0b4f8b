"""The reference content of `make run`, for tests: loaded once per session (tests/conftest.py)
and again by the fixtures that need it after a transactional test flushed the database."""

from __future__ import annotations

import io

from django.core.management import call_command


def reference_is_loaded() -> bool:
    from annuaire.models import Departement, TypeDeLieu
    from contenus.models import ArticlePage, Etape
    from epds.models import LibelleEpds, QuestionnaireEpds, RessourceEpds

    return (
        Departement.objects.exists()
        and TypeDeLieu.objects.exists()
        and Etape.objects.exists()
        and ArticlePage.objects.exists()
        and QuestionnaireEpds.objects.filter(publie=True).exists()
        and RessourceEpds.objects.exists()
        and LibelleEpds.objects.exists()
    )


def load_reference() -> None:
    """The reference content of `make run` (`load_initial_data`, idempotent), when it is missing."""
    if not reference_is_loaded():
        call_command("load_initial_data", stdout=io.StringIO())
