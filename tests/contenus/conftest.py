import pytest

from tests.support.reference import load_reference
from tests.support.webhooks import Recepteur


@pytest.fixture
def reference(db):
    """The reference content, as a fresh install has it (loaded once per session)."""
    load_reference()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path


@pytest.fixture
def recepteur(settings):
    # Webhooks reach public addresses only: this test's loopback receiver is allowed explicitly.
    settings.WEBHOOK_RESEAUX_AUTORISES = ["127.0.0.1/32"]
    serveur = Recepteur()
    yield serveur
    serveur.arreter()
