"""The repérage TND through the real /graphql/ view: questionnaire by age, answers, outcome."""

import pytest
from django.core.management import call_command
from graphql import parse, validate

from hub.schema import schema
from tests.operations import load_operation
from tests.support.factories import questionnaire_tnd

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("nom", ["QuestionnaireReperage", "SoumettreReperage"])
def test_operations_are_valid(nom):
    assert validate(schema.graphql_schema, parse(load_operation(nom))) == []


def questionnaire(gql, age):
    return gql.operation("QuestionnaireReperage", {"ageMois": age})


@pytest.mark.parametrize(("age", "trouve"), [(11, False), (12, True), (17, True), (18, False)])
def test_questionnaire_of_the_age_band(gql, tnd, age, trouve):
    reponse = questionnaire(gql, age)
    assert "errors" not in reponse, reponse
    q = reponse["data"]["questionnaireReperage"]
    assert (q is not None) == trouve
    if trouve:
        assert (q["cle"], q["debutMois"], q["finMois"]) == (tnd.cle, 12, 18)
        assert [x["numero"] for x in q["questions"]] == [1, 2, 3, 4]
        assert q["source"]["titre"] == "Source fictive de test"
        # grouped by domain, in the domains' order (load_reperage)
        assert [(d["code"], [x["numero"] for x in d["questions"]]) for d in q["domaines"]] == [
            ("motricite-globale", [1]),
            ("langage", [2, 3]),
            ("socialisation", [4]),
        ]


def test_a_questionnaire_costs_constant_queries(gql, tnd, django_assert_max_num_queries):
    questionnaire_tnd(
        cle="fixture-tnd-0-6",
        debut=0,
        fin=6,
        questions=[(n, "langage", f"Q{n}", "NON", False) for n in range(1, 30)],
    )
    with django_assert_max_num_queries(8):
        q = questionnaire(gql, 3)["data"]["questionnaireReperage"]
    assert len(q["questions"]) == 29


@pytest.mark.parametrize("age", [-1, 73])
def test_age_out_of_bounds_is_refused_with_its_code(gql, tnd, age):
    reponse = questionnaire(gql, age)
    assert reponse["errors"][0]["extensions"]["code"] == "AGE_INVALIDE"


def test_the_shipped_sample_content_is_never_served(gql, tnd):
    from reperage.models import QuestionnaireTnd

    exemples = QuestionnaireTnd.objects.filter(cle__startswith="exemple-tnd-")
    assert exemples.count() == 4 and not exemples.filter(publie=True).exists()
    assert all(e.contenu_exemple for e in exemples)
    assert questionnaire(gql, 3)["data"]["questionnaireReperage"] is None  # 0–6: sample only


def soumettre(gql, partenaire, questionnaire, reponses, **champs):
    entree = {"source": partenaire.slug, "questionnaire": questionnaire, "reponses": reponses, **champs}
    reponse = gql.operation("SoumettreReperage", {"input": entree})
    assert "errors" not in reponse, reponse
    return reponse["data"]["soumettreReperage"]


@pytest.mark.parametrize(
    ("reponses", "issue", "signes", "domaines"),
    [
        (["OUI", "OUI", "NON", "OUI"], "AUCUN_SIGNE", [], []),
        (["OUI", "NON", "NON", "OUI"], "A_SURVEILLER", [2], ["langage"]),
        (["NON", "NON", "NON", "OUI"], "EN_PARLER_AU_MEDECIN", [1, 2], ["motricite-globale", "langage"]),
        (["OUI", "OUI", "NON", "NON"], "EN_PARLER_AU_MEDECIN", [4], ["socialisation"]),
    ],
)
def test_outcome_and_advice_computed_by_the_server(gql, tnd, partenaire, reponses, issue, signes, domaines):
    from reperage.models import ReponseTnd

    payload = soumettre(gql, partenaire, tnd.cle, reponses)
    assert payload["errors"] == []
    resultat = payload["resultat"]
    assert (resultat["issue"], resultat["signesAlerte"], resultat["domainesAlerte"]) == (
        issue,
        signes,
        domaines,
    )
    assert (resultat["titre"], resultat["conseil"]) == (f"Titre {issue}", f"Conseil fictif {issue}")
    assert resultat["source"]["url"] == "https://exemple.test/grille"
    stocke = ReponseTnd.objects.get()
    assert (stocke.debut_mois, stocke.fin_mois, stocke.reponses, stocke.signes, stocke.issue) == (
        12,
        18,
        reponses,
        signes,
        issue,
    )


def test_stored_answers_hold_nothing_identifying():
    from reperage.models import ReponseTnd

    champs = {f.name for f in ReponseTnd._meta.concrete_fields}
    assert champs == {
        "id",
        "questionnaire",
        "debut_mois",
        "fin_mois",
        "reponses",
        "signes",
        "issue",
        "partenaire",
        "idempotency_key",
        "empreinte",
        "recu_le",
    }
    assert ReponseTnd._meta.get_field("recu_le").get_internal_type() == "DateField"  # the day, no time


@pytest.mark.parametrize(
    ("champs", "code", "champ"),
    [
        ({"reponses": ["OUI", "OUI"]}, "NOMBRE_REPONSES_INVALIDE", "reponses"),
        ({"questionnaire": "inconnu"}, "QUESTIONNAIRE_INCONNU", "questionnaire"),
        ({"questionnaire": "exemple-tnd-0-6-mois"}, "QUESTIONNAIRE_INCONNU", "questionnaire"),  # unpublished
        ({"idempotencyKey": ""}, "CLE_IDEMPOTENCE_INVALIDE", "idempotencyKey"),
        ({"questionnaire": "a\x00b"}, "CARACTERE_INVALIDE", "questionnaire"),
        ({"source": "inconnue"}, "SOURCE_INCONNUE", "source"),
    ],
)
def test_refused_input_is_data_and_stores_nothing(gql, tnd, partenaire, champs, code, champ):
    from reperage.models import ReponseTnd

    entree = {"questionnaire": tnd.cle, "reponses": ["OUI"] * 4, **champs}
    payload = soumettre(gql, partenaire, entree.pop("questionnaire"), entree.pop("reponses"), **entree)
    assert payload["resultat"] is None
    assert [(e["code"], e["champ"]) for e in payload["errors"]] == [(code, champ)]
    assert not ReponseTnd.objects.exists()


def test_idempotent_replay_and_reused_key(gql, tnd, partenaire):
    from reperage.models import ReponseTnd

    premier = soumettre(gql, partenaire, tnd.cle, ["NON", "OUI", "NON", "OUI"], idempotencyKey="k-1")
    encore = soumettre(gql, partenaire, tnd.cle, ["NON", "OUI", "NON", "OUI"], idempotencyKey="k-1")
    assert premier == encore and premier["resultat"]["issue"] == "A_SURVEILLER"
    autre = soumettre(gql, partenaire, tnd.cle, ["NON"] * 4, idempotencyKey="k-1")
    assert [e["code"] for e in autre["errors"]] == ["CLE_IDEMPOTENCE_REUTILISEE"]
    assert ReponseTnd.objects.count() == 1


def test_purge_deletes_answers_past_the_retention(tnd, partenaire, settings):
    from datetime import timedelta

    from django.utils import timezone

    from reperage.models import ReponseTnd

    settings.REPERAGE_RETENTION_JOURS = 30
    aujourdhui = timezone.localdate()
    for jours in (0, 30, 31, 400):
        ReponseTnd.objects.create(
            questionnaire=tnd,
            debut_mois=12,
            fin_mois=18,
            reponses=[],
            signes=[],
            issue="AUCUN_SIGNE",
            partenaire=partenaire,
            recu_le=aujourdhui - timedelta(days=jours),
        )
    call_command("purge_reperage", stdout=__import__("io").StringIO())
    assert sorted((aujourdhui - r.recu_le).days for r in ReponseTnd.objects.all()) == [0, 30]
