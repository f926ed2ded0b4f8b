"""The rules of the repérage TND (reperage/regles.py), table-driven, on made-up questions."""

import pytest

from reperage import regles
from reperage.regles import Issue, Question, Reponse, Tranche

OUI, NON = Reponse.OUI.value, Reponse.NON.value
QUESTIONS = [
    Question(1, "motricite", Reponse.NON),
    Question(2, "langage", Reponse.NON),
    Question(3, "langage", Reponse.OUI),
    Question(4, "socialisation", Reponse.NON, prioritaire=True),
]


@pytest.mark.parametrize(
    ("reponses", "seuil", "signes", "domaines", "issue"),
    [
        ([OUI, OUI, NON, OUI], 2, (), (), Issue.AUCUN_SIGNE),
        ([NON, OUI, NON, OUI], 2, (1,), ("motricite",), Issue.A_SURVEILLER),
        ([OUI, OUI, OUI, OUI], 2, (3,), ("langage",), Issue.A_SURVEILLER),  # OUI is item 3's sign
        ([NON, NON, NON, OUI], 2, (1, 2), ("motricite", "langage"), Issue.EN_PARLER_AU_MEDECIN),
        ([OUI, NON, OUI, OUI], 2, (2, 3), ("langage",), Issue.EN_PARLER_AU_MEDECIN),  # one domain, once
        ([NON, NON, NON, OUI], 3, (1, 2), ("motricite", "langage"), Issue.A_SURVEILLER),  # below threshold
        ([OUI, OUI, NON, NON], 9, (4,), ("socialisation",), Issue.EN_PARLER_AU_MEDECIN),  # priority alone
        ([NON, OUI, NON, OUI], 1, (1,), ("motricite",), Issue.EN_PARLER_AU_MEDECIN),
    ],
)
def test_outcome(reponses, seuil, signes, domaines, issue):
    resultat = regles.evaluer(reponses, QUESTIONS, seuil)
    assert (resultat.signes, resultat.domaines, resultat.issue) == (signes, domaines, issue)


@pytest.mark.parametrize(
    ("reponses", "code", "champ"),
    [
        ([OUI, OUI, NON], "NOMBRE_REPONSES_INVALIDE", "reponses"),
        ([OUI, OUI, NON, OUI, OUI], "NOMBRE_REPONSES_INVALIDE", "reponses"),
        ([OUI, "PEUT_ETRE", NON, OUI], "REPONSE_HORS_BORNES", "reponses.1"),
        ([OUI, OUI, NON, "oui"], "REPONSE_HORS_BORNES", "reponses.3"),
    ],
)
def test_refused_answers(reponses, code, champ):
    with pytest.raises(regles.SaisieRefusee) as refus:
        regles.evaluer(reponses, QUESTIONS, 2)
    assert (refus.value.code, refus.value.champ) == (code, champ)


def test_threshold_below_one_is_a_content_error():
    with pytest.raises(ValueError):
        regles.evaluer([OUI] * 4, QUESTIONS, 0)


BANDES = [Tranche(0, 6), Tranche(6, 12), Tranche(12, 25)]


@pytest.mark.parametrize(
    ("age", "index"),
    [(0, 0), (5, 0), (6, 1), (11, 1), (12, 2), (24, 2), (25, None), (72, None)],
)
def test_band_of_an_age_is_half_open(age, index):
    assert regles.tranche_pour(age, BANDES) == index


@pytest.mark.parametrize("age", [-1, 73, 1000, True, 6.0, "6", None])
def test_age_out_of_bounds(age):
    with pytest.raises(regles.SaisieRefusee) as refus:
        regles.tranche_pour(age, BANDES)
    assert (refus.value.code, refus.value.champ) == ("AGE_INVALIDE", "ageMois")


@pytest.mark.parametrize(
    ("tranches", "chevauchements"),
    [
        (BANDES, []),
        ([Tranche(0, 6), Tranche(5, 12)], [(0, 1)]),
        ([Tranche(0, 24), Tranche(6, 12), Tranche(24, 36)], [(0, 1)]),
        ([Tranche(12, 18), Tranche(0, 12)], []),
    ],
)
def test_overlapping_bands(tranches, chevauchements):
    assert regles.tranches_qui_se_chevauchent(tranches) == chevauchements
