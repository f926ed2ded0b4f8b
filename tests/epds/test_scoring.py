"""Table-driven tests of the pure scoring module against the reference facts."""

import pytest

from epds import scoring
from tests.epds.reference import BAREME, indexes_pour, niveau_attendu, points_pour_score

# score → (level, follow-up with the default threshold 11), straight from docs/epds.md.
BORDS = [
    (0, "BIEN", False),
    (8, "BIEN", False),
    (9, "MODERE", False),
    (10, "MODERE", False),
    (11, "ELEVE", True),
    (12, "ELEVE", True),
    (13, "TRES_ELEVE", True),
    (30, "TRES_ELEVE", True),
]


@pytest.mark.parametrize(("score", "niveau", "suivi"), BORDS)
def test_levels_and_follow_up_at_each_threshold_edge(score, niveau, suivi):
    q10 = max(0, score - 27)  # 30 needs item 10 at 3
    resultat = scoring.evaluer(indexes_pour(points_pour_score(score, q10)), BAREME)
    assert resultat.score == score
    assert resultat.niveau.value == niveau
    assert resultat.suivi_requis is suivi
    assert resultat.alerte_question_10 is (q10 >= 1)


@pytest.mark.parametrize("score", range(0, 31))
def test_every_score_has_the_reference_level(score):
    assert scoring.niveau_du_score(score).value == niveau_attendu(score)


@pytest.mark.parametrize(("score", "retest"), [(0, True), (8, True), (9, False), (12, False), (30, False)])
def test_only_a_low_score_is_advised_to_retest_in_two_weeks(score, retest):
    # docs/epds.md: the earlier widget advised retesting in 14 days at the low level (0 to 8)
    assert scoring.retest_conseille(scoring.niveau_du_score(score)) is retest
    assert scoring.retest_conseille(scoring.niveau_du_score(score).value) is retest  # as stored


@pytest.mark.parametrize(
    ("indexes", "points"),
    [
        # first answer of every item: 0 for items 1, 2, 4; 3 for the reversed items
        ([0] * 10, [0, 0, 3, 0, 3, 3, 3, 3, 3, 3]),
        # last answer of every item
        ([3] * 10, [3, 3, 0, 3, 0, 0, 0, 0, 0, 0]),
        ([1] * 10, [1, 1, 2, 1, 2, 2, 2, 2, 2, 2]),
    ],
)
def test_reversed_items_score_in_reverse_display_order(indexes, points):
    resultat = scoring.evaluer(indexes, BAREME)
    assert list(resultat.points) == points
    assert resultat.score == sum(points)


@pytest.mark.parametrize(("q10", "alerte"), [(0, False), (1, True), (2, True), (3, True)])
def test_item_10_alert_whatever_the_total(q10, alerte):
    resultat = scoring.evaluer(indexes_pour([0] * 9 + [q10]), BAREME)
    assert resultat.score == q10
    assert resultat.niveau.value == "BIEN"
    assert resultat.alerte_question_10 is alerte
    assert resultat.suivi_requis is alerte


@pytest.mark.parametrize(
    ("seuil", "score", "suivi"), [(11, 10, False), (9, 9, True), (9, 8, False), (14, 13, False)]
)
def test_follow_up_threshold_is_a_parameter(seuil, score, suivi):
    assert scoring.evaluer(indexes_pour(points_pour_score(score)), BAREME, seuil=seuil).suivi_requis is suivi


@pytest.mark.parametrize(
    ("reponses", "code", "index"),
    [
        ([0] * 9, "NOMBRE_REPONSES_INVALIDE", None),
        ([0] * 11, "NOMBRE_REPONSES_INVALIDE", None),
        ([], "NOMBRE_REPONSES_INVALIDE", None),
        ([0] * 9 + [4], "REPONSE_HORS_BORNES", 9),
        ([-1] + [0] * 9, "REPONSE_HORS_BORNES", 0),
        ([0, 0, True] + [0] * 7, "REPONSE_HORS_BORNES", 2),
    ],
)
def test_bad_answers_are_refused_with_a_code(reponses, code, index):
    with pytest.raises(scoring.ReponsesInvalides) as exc:
        scoring.evaluer(reponses, BAREME)
    assert exc.value.code == code
    assert exc.value.index == index


# The admin's check before publishing a version (epds/models.py reads it from scoring).
BAREMES = [
    ([(n, (0, 1, 2, 3)) for n in range(1, 11)], None),
    ([(n, (3, 2, 1, 0)) for n in range(10, 0, -1)], None),
    ([(n, (0, 1, 2, 3)) for n in range(1, 10)], "Le questionnaire compte 10 questions numérotées de 1 à 10."),
    (
        [(n, (0, 1, 2, 3)) for n in (*range(1, 10), 12)],
        "Le questionnaire compte 10 questions numérotées de 1 à 10.",
    ),
    (
        [(n, (0, 0, 2, 3) if n == 4 else (0, 1, 2, 3)) for n in range(1, 11)],
        "Question 4 : les quatre réponses valent 0, 1, 2 et 3 points.",
    ),
]


@pytest.mark.parametrize(("questions", "defaut"), BAREMES)
def test_a_scale_is_published_only_with_ten_items_scoring_0_to_3(questions, defaut):
    assert scoring.defaut_du_bareme(questions) == defaut
    assert scoring.SCORE_MAX == 30
