"""Idempotency keys replay a request only with the payload first sent under them.

A key reused with other answers (another parent, a buggy client, a guessed key) is refused with
a code and learns nothing of the first result: no id, no token, no score, no level.
"""

import pytest

from tests.epds.reference import indexes_pour, points_pour_score
from tests.support.factories import compter


def _entree(epds, partenaire, **champs):
    entree = {
        "source": partenaire.slug,
        "version": epds.version,
        "langue": "fr",
        "reponses": indexes_pour(points_pour_score(21, question_10=3)),
        "idempotencyKey": "cle-partagee",
        "demographie": {"departement": "75", "trancheAge": "25-30"},
    }
    entree.update(champs)
    return entree


def _soumettre(gql, entree):
    reponse = gql.operation("SoumettreEpds", {"input": entree})
    assert "errors" not in reponse, reponse
    return reponse["data"]["soumettreEpds"]


@pytest.mark.parametrize(
    "autre",
    [
        {"reponses": indexes_pour([0] * 10)},  # score 0, BIEN, no item-10 alert
        {"reponses": indexes_pour(points_pour_score(21, question_10=2))},  # one answer differs
        {"demographie": {"departement": "13", "trancheAge": "25-30"}},
        {"demographie": None},
        {"dureeSecondes": 120},
    ],
)
def test_a_used_key_with_another_payload_is_refused_and_reveals_nothing(gql, epds, partenaire, autre):
    premier = _soumettre(gql, _entree(epds, partenaire))
    assert premier["errors"] == [] and premier["resultat"]["alerteQuestion10"] is True
    avant = compter()

    second = _soumettre(gql, _entree(epds, partenaire, **autre))

    assert second["resultat"] is None
    assert [(e["code"], e["champ"]) for e in second["errors"]] == [
        ("CLE_IDEMPOTENCE_REUTILISEE", "idempotencyKey")
    ]
    texte = repr(second)
    for secret in (premier["resultat"]["id"], premier["resultat"]["jeton"]):
        assert secret not in texte
    assert compter() == avant


def test_the_same_payload_under_the_same_key_replays_the_first_result(gql, epds, partenaire):
    premier = _soumettre(gql, _entree(epds, partenaire))
    # Same payload, fields in another order and demographics spelt with its defaults.
    second = _soumettre(gql, dict(reversed(list(_entree(epds, partenaire).items()))))
    assert second == premier
    assert compter()["soumissions"] == 1 and compter()["dossiers"] == 1


def test_a_submission_stored_before_fingerprints_is_not_replayed_to_anyone(gql, epds, partenaire):
    """Rows stored before this change have no fingerprint: nothing proves a replay, refuse."""
    from epds.models import SoumissionEpds

    _soumettre(gql, _entree(epds, partenaire))
    SoumissionEpds.objects.update(empreinte="")
    second = _soumettre(gql, _entree(epds, partenaire))
    assert second["resultat"] is None
    assert [e["code"] for e in second["errors"]] == ["CLE_IDEMPOTENCE_REUTILISEE"]
