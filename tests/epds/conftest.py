"""EPDS fixtures: reference content, a partner, a mutation helper, a real SMTP server."""

from __future__ import annotations

import pytest

from tests.epds.reference import indexes_pour, points_pour_score
from tests.support.factories import entree_contact
from tests.support.reference import load_reference
from tests.support.smtp import ServeurSmtp


@pytest.fixture
def epds(db):
    """The reference questionnaire, languages and resources, as `make run` loads them."""
    load_reference()
    from epds.models import QuestionnaireEpds

    return QuestionnaireEpds.objects.get(locale__language_code="fr", publie=True)


@pytest.fixture
def partenaire(db):
    from epds.models import Partenaire

    return Partenaire.objects.create(nom="Widget test", slug="widget-test", actif=True)


@pytest.fixture
def soumettre(gql, epds, partenaire):
    """Runs the SoumettreEpds operation; `points` per item or a `score` build the answers."""

    def run(score=None, question_10=0, points=None, **champs):
        if points is None and score is not None:
            points = points_pour_score(score, question_10)
        entree = {"source": partenaire.slug, "version": epds.version, "langue": "fr"}
        if points is not None:
            entree["reponses"] = indexes_pour(points)
        entree.update(champs)
        reponse = gql.operation("SoumettreEpds", {"input": entree})
        assert "errors" not in reponse, reponse
        return reponse["data"]["soumettreEpds"]

    return run


@pytest.fixture
def contact(gql):
    def run(resultat, **champs):
        reponse = gql.operation("DemanderContact", {"input": entree_contact(resultat, **champs)})
        assert "errors" not in reponse, reponse
        return reponse["data"]["demanderContact"]

    return run


@pytest.fixture
def smtp(settings):
    serveur = ServeurSmtp()
    serveur.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = serveur.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield serveur
    serveur.stop()


MOT_DE_PASSE = "mot-de-passe-de-test-123"


@pytest.fixture
def membre(django_user_model):
    user = django_user_model.objects.create_user(
        "suivi", password=MOT_DE_PASSE, first_name="Sam", last_name="Suivi"
    )
    # The data migration creates it; a transactional test's flush may have removed it since.
    from epds.groupes import creer_groupe_equipe_suivi

    user.groups.add(creer_groupe_equipe_suivi())
    return user


@pytest.fixture
def collegue(django_user_model):
    user = django_user_model.objects.create_user("collegue", first_name="Claude", last_name="Collègue")
    from epds.groupes import creer_groupe_equipe_suivi

    user.groups.add(creer_groupe_equipe_suivi())
    return user
