"""What a submission writes, statement by statement: the write path of soumettreEpds (issue #17)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.epds.reference import indexes_pour, points_pour_score


def _entree(epds, partenaire, score, **champs):
    return {
        "source": partenaire.slug,
        "version": epds.version,
        "langue": "fr",
        "reponses": indexes_pour(points_pour_score(score, 0)),
        **champs,
    }


def _chauffer(gql, epds, partenaire, score):
    """What a first request reads once per content generation (partner, scale, threshold,
    resources: `memo`), read before the measured one."""
    from epds.models import ParametresEpds

    ParametresEpds.load()  # created on first use: a change of content (a new generation)
    gql.operation("SoumettreEpds", {"input": _entree(epds, partenaire, score, idempotencyKey="chauffe")})


def _tables_ecrites(requetes) -> list[str]:
    return [q["sql"].split('"')[1] for q in requetes if q["sql"].startswith("INSERT")]


def _instructions(requetes) -> list[str]:
    """The statements, without those of transaction control (SQLite's BEGIN and COMMIT are
    statements; psycopg's are not seen here: `set_autocommit` tells about them)."""
    return [q["sql"] for q in requetes if q["sql"].split()[0] not in ("BEGIN", "COMMIT")]


@pytest.mark.django_db(transaction=True)  # autocommit, as under gunicorn: no test transaction around
def test_a_submission_without_a_case_is_one_insert_and_no_transaction_round_trips(
    gql, epds, partenaire, monkeypatch
):
    from epds.models import DossierSuivi, SoumissionEpds

    _chauffer(gql, epds, partenaire, 2)
    basculements = []  # BEGIN … COMMIT: Django leaves autocommit for a transaction, then comes back
    original = connection.set_autocommit
    monkeypatch.setattr(
        connection, "set_autocommit", lambda *a, **k: basculements.append(a) or original(*a, **k)
    )
    with CaptureQueriesContext(connection) as requetes:
        reponse = gql.operation("SoumettreEpds", {"input": _entree(epds, partenaire, 2, idempotencyKey="k1")})
    resultat = reponse["data"]["soumettreEpds"]["resultat"]
    assert resultat["suiviOuvert"] is False
    assert [q["sql"].split()[0] for q in requetes] == ["INSERT"]  # no BEGIN, no COMMIT either
    assert _tables_ecrites(requetes) == ["epds_soumissionepds"]
    assert basculements == []
    assert SoumissionEpds.objects.filter(uuid=resultat["id"]).exists()
    assert not DossierSuivi.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_replay_in_autocommit_answers_the_first_result_and_stores_nothing_more(gql, epds, partenaire):
    from epds.models import SoumissionEpds

    entree = _entree(epds, partenaire, 2, idempotencyKey="rejouee")
    premiere = gql.operation("SoumettreEpds", {"input": entree})["data"]["soumettreEpds"]["resultat"]
    seconde = gql.operation("SoumettreEpds", {"input": entree})["data"]["soumettreEpds"]["resultat"]
    assert seconde["id"] == premiere["id"] and seconde["jeton"] == premiere["jeton"]
    assert SoumissionEpds.objects.count() == 1
    autre = gql.operation("SoumettreEpds", {"input": {**entree, "reponses": indexes_pour([1] * 10)}})
    codes = [e["code"] for e in autre["data"]["soumettreEpds"]["errors"]]
    assert codes == ["CLE_IDEMPOTENCE_REUTILISEE"]
    assert SoumissionEpds.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_case_opens_in_the_submission_s_transaction(gql, epds, partenaire, monkeypatch):
    from epds.models import DossierSuivi

    _chauffer(gql, epds, partenaire, 20)
    basculements = []
    original = connection.set_autocommit
    monkeypatch.setattr(
        connection, "set_autocommit", lambda *a, **k: basculements.append(a) or original(*a, **k)
    )
    with CaptureQueriesContext(connection) as requetes:
        reponse = gql.operation(
            "SoumettreEpds", {"input": _entree(epds, partenaire, 20, idempotencyKey="k2")}
        )
    assert reponse["data"]["soumettreEpds"]["resultat"]["suiviOuvert"] is True
    # the submission, its case and the case's audit line (whose content type Wagtail validates)
    assert _tables_ecrites(requetes) == [
        "epds_soumissionepds",
        "epds_dossiersuivi",
        "wagtailcore_modellogentry",
    ]
    assert len(_instructions(requetes)) == 4
    assert [a[0] for a in basculements] == [False, True]  # one transaction around the three
    assert DossierSuivi.objects.filter(soumission__idempotency_key="k2").count() == 1


def test_the_answer_s_token_is_the_one_whose_hash_is_stored(soumettre):
    from epds.models import SoumissionEpds
    from epds.soumissions import hash_jeton, jeton_de

    resultat = soumettre(score=4)["resultat"]
    soumission = SoumissionEpds.objects.get(uuid=resultat["id"])
    assert resultat["jeton"] == jeton_de(soumission.uuid)
    assert hash_jeton(resultat["jeton"]) == soumission.jeton_hash
