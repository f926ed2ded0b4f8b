"""Repérage TND fixtures: the reference content (domains), a made-up questionnaire, a partner."""

import pytest

from tests.support.factories import questionnaire_tnd
from tests.support.reference import load_reference


@pytest.fixture
def tnd(db):
    load_reference()
    return questionnaire_tnd()


@pytest.fixture
def partenaire(db):
    from epds.models import Partenaire

    return Partenaire.objects.create(nom="App 1000 jours (test)", slug="app-test", actif=True)
