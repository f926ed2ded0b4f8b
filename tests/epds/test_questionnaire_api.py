"""The questionnaire, languages and counter through the documented operations."""

import json
from pathlib import Path

from django.conf import settings

from tests.epds.reference import BAREME

# Verbatim from docs/epds.md (the validated wording must never be paraphrased).
CONSIGNE = (
    "Veuillez cocher la réponse qui vous semble décrire le mieux comment vous vous êtes senti(e) "
    "au cours des 7 derniers jours et pas seulement aujourd’hui."
)
QUESTION_1 = (
    "J’ai pu rire et prendre les choses du bon côté",
    [
        "Aussi souvent que d’habitude",
        "Pas tout-à-fait autant",
        "Vraiment beaucoup moins souvent ces jours-ci",
        "Absolument pas",
    ],
)
QUESTION_10 = (
    "Il m’est arrivé de penser à me faire du mal",
    ["Oui, très souvent", "Parfois", "Presque jamais", "Jamais"],
)


def test_french_questionnaire_is_the_reference_wording(gql, epds):
    data = gql.operation("QuestionnaireEpds")["data"]["questionnaireEpds"]
    assert data["version"] == epds.version
    assert data["consigne"] == CONSIGNE
    assert data["langue"] == {"code": "fr", "nom": "français", "nomNatif": "Français", "droiteAGauche": False}
    assert [q["numero"] for q in data["questions"]] == list(range(1, 11))
    assert all(len(q["reponses"]) == 4 for q in data["questions"])
    assert (data["questions"][0]["libelle"], data["questions"][0]["reponses"]) == QUESTION_1
    assert (data["questions"][9]["libelle"], data["questions"][9]["reponses"]) == QUESTION_10


def test_stored_points_match_the_reference_scale(epds):
    assert [tuple(p) for p in epds.bareme()] == [tuple(b) for b in BAREME]


def test_loading_twice_changes_nothing(epds):
    from django.core.management import call_command

    from epds.models import LangueEpds, LibelleEpds, QuestionEpds, QuestionnaireEpds, RessourceEpds

    def compte():
        return tuple(m.objects.count() for m in (QuestionnaireEpds, QuestionEpds, LangueEpds, RessourceEpds))

    avant, textes = compte(), LibelleEpds.objects.count()
    call_command("load_epds", stdout=open("/dev/null", "w"))
    ressources = len(
        json.loads((Path(settings.BASE_DIR) / "epds" / "data" / "ressources_fr.json").read_text())
    )
    # French and English questionnaires (10 questions each), 3 languages, the resources of the data file.
    assert avant == compte() == (2, 20, 3, ressources)
    assert textes == LibelleEpds.objects.count() > 0


def test_unknown_language_is_a_coded_query_error(gql, epds):
    reponse = gql.operation("QuestionnaireEpds", {"langue": "xx"})
    assert reponse["errors"][0]["extensions"]["code"] == "LANGUE_INCONNUE"


def test_languages_lists_only_those_with_a_published_questionnaire(gql, epds):
    from wagtail.models import Locale

    from epds.models import QuestionEpds, QuestionnaireEpds

    # French and the original English wording are shipped (load_epds).
    assert [lg["code"] for lg in gql.operation("Langues")["data"]["langues"]] == ["fr", "en"]

    # An editor adds the Arabic version: published, it appears with its right-to-left flag.
    arabe = Locale.objects.get_or_create(language_code="ar")[0]
    q = QuestionnaireEpds(version=epds.version, consigne="تعليمات", locale=arabe, publie=True)
    q.questions = [
        QuestionEpds(
            numero=i + 1,
            libelle=f"سؤال {i + 1}",
            **{f"reponse_{n}": f"ج{n}" for n in range(1, 5)},
            **{f"points_{n}": p for n, p in enumerate(BAREME[i], start=1)},
        )
        for i in range(10)
    ]
    q.save()
    langues = {lg["code"]: lg for lg in gql.operation("Langues")["data"]["langues"]}
    assert set(langues) == {"fr", "en", "ar"}
    assert langues["ar"]["droiteAGauche"] is True and langues["ar"]["nomNatif"] == "العربية"
    data = gql.operation("QuestionnaireEpds", {"langue": "ar"})["data"]["questionnaireEpds"]
    assert data["consigne"] == "تعليمات" and data["langue"]["droiteAGauche"] is True


def test_a_published_version_is_never_edited_in_place(epds):
    import pytest

    from epds.models import VersionPublieeNonModifiable

    epds.consigne = "autre chose"
    with pytest.raises(VersionPublieeNonModifiable):
        epds.save()
    from epds.models import QuestionEpds

    question = QuestionEpds.objects.filter(questionnaire=epds).first()
    question.points_1 = 3
    with pytest.raises(VersionPublieeNonModifiable):
        question.save()


def test_public_counter_counts_submissions(gql, soumettre):
    assert gql.operation("StatistiquesEpds")["data"]["statistiquesEpds"]["parentsTestes"] == 0
    soumettre(score=3)
    soumettre(score=14)
    from django.core.cache import cache

    cache.clear()
    assert gql.operation("StatistiquesEpds")["data"]["statistiquesEpds"]["parentsTestes"] == 2


def test_questionnaire_costs_a_constant_number_of_queries(gql, epds, settings, django_assert_max_num_queries):
    settings.GRAPHQL_CACHE_SECONDS = 0  # measure the resolvers, not the response cache
    with django_assert_max_num_queries(4):  # questionnaire + locale, its 10 questions, its language
        data = gql.operation("QuestionnaireEpds")["data"]["questionnaireEpds"]
    assert len(data["questions"]) == 10
    with django_assert_max_num_queries(2):
        assert gql.operation("Langues")["data"]["langues"]
