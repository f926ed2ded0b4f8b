"""The pure date rules (contenus/parcours.py), table-driven on the boundary days."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from contenus import parcours
from contenus.parcours import DATE_INVALIDE, HORS_PARCOURS, ErreurParcours, Situation


@dataclass
class E:
    ordre: int
    situation: str = ""
    debut: int | None = None
    fin: int | None = None


# The reference ranges of /work/shared/reference/parcours.md, written out here independently.
ETAPES = [
    E(1, "PROJET"),
    E(2, "CONCEPTION"),
    E(3, debut=-287, fin=-175),
    E(4, debut=-175, fin=-14),
    E(5, debut=-14, fin=7),
    E(6, debut=7, fin=91),
    E(7, debut=91, fin=365),
    E(8, debut=365, fin=730),
]
TERME = date(2027, 5, 14)
NAISSANCE = date(2026, 3, 10)


def _jour(reference, ecart):
    return reference + timedelta(days=ecart)


BORNES_GROSSESSE = [
    # (offset from the due date, expected stage, expected SA)
    (-287, 3, 0),  # first day of pregnancy: due date exactly 287 days ahead
    (-176, 3, 15),  # last day of stage 3
    (-175, 4, 16),  # 16 SA: stage 4 starts
    (-15, 4, 38),
    (-14, 5, 39),  # the last two weeks
    (-1, 5, 40),
    (0, 5, 41),  # due date today
    (6, 5, 41),
    (7, 6, 42),  # still "pregnant" a week after term: the offset rules, stage 6
]


@pytest.mark.parametrize(("ecart", "ordre", "sa"), BORNES_GROSSESSE)
def test_grossesse_stage_and_sa_on_boundaries(ecart, ordre, sa):
    jour = _jour(TERME, ecart)
    decalage = parcours.valider(Situation.GROSSESSE, TERME, jour)
    assert decalage == ecart
    assert parcours.etape_courante(Situation.GROSSESSE, decalage, ETAPES).ordre == ordre
    assert parcours.semaine_amenorrhee(TERME, jour) == sa


BORNES_ENFANT = [
    (0, 5),  # birth date today
    (6, 5),
    (7, 6),
    (90, 6),
    (91, 7),
    (364, 7),
    (365, 8),
    (729, 8),
]


@pytest.mark.parametrize(("ecart", "ordre"), BORNES_ENFANT)
def test_enfant_stage_on_boundaries(ecart, ordre):
    jour = _jour(NAISSANCE, ecart)
    decalage = parcours.valider(Situation.ENFANT, NAISSANCE, jour)
    assert decalage == ecart == parcours.age_en_jours(NAISSANCE, jour)
    assert parcours.etape_courante(Situation.ENFANT, decalage, ETAPES).ordre == ordre


@pytest.mark.parametrize(
    ("naissance", "jour", "ordre"),
    [
        (date(2024, 2, 29), date(2025, 2, 27), 7),  # 364 days
        (date(2024, 2, 29), date(2025, 2, 28), 8),  # 365 days: born on a 29 February
        (date(2023, 3, 1), date(2024, 2, 29), 8),  # 365 days across a leap day, before the birthday
        (date(2023, 3, 1), date(2024, 2, 28), 7),
        (date(2024, 2, 29), date(2026, 2, 27), 8),  # 729 days: last day of the parcours
    ],
)
def test_leap_years_count_days_not_birthdays(naissance, jour, ordre):
    ecart = parcours.valider(Situation.ENFANT, naissance, jour)
    assert parcours.etape_courante(Situation.ENFANT, ecart, ETAPES).ordre == ordre


def test_leap_year_child_leaves_the_parcours_after_730_days():
    with pytest.raises(ErreurParcours) as erreur:
        parcours.valider(Situation.ENFANT, date(2024, 2, 29), date(2026, 2, 28))  # 730 days
    assert erreur.value.code == HORS_PARCOURS


def test_leap_day_inside_a_pregnancy():
    terme = date(2028, 3, 10)  # the pregnancy spans 29 February 2028
    assert parcours.valider(Situation.GROSSESSE, terme, date(2027, 5, 28)) == -287
    assert parcours.semaine_amenorrhee(terme, date(2028, 2, 29)) == 39  # 10 days before term


@pytest.mark.parametrize(
    ("situation", "reference", "ecart", "code"),
    [
        (Situation.GROSSESSE, TERME, -288, DATE_INVALIDE),  # due date more than 287 days ahead
        (Situation.GROSSESSE, TERME, 730, HORS_PARCOURS),
        (Situation.GROSSESSE, None, 0, DATE_INVALIDE),
        (Situation.ENFANT, NAISSANCE, -1, DATE_INVALIDE),  # birth date tomorrow
        (Situation.ENFANT, NAISSANCE, 730, HORS_PARCOURS),  # two years old
        (Situation.ENFANT, NAISSANCE, 1000, HORS_PARCOURS),
        (Situation.ENFANT, None, 0, DATE_INVALIDE),
    ],
)
def test_validation_refuses_with_a_code(situation, reference, ecart, code):
    jour = _jour(reference or TERME, ecart)
    with pytest.raises(ErreurParcours) as erreur:
        parcours.valider(situation, reference, jour)
    assert erreur.value.code == code
    assert erreur.value.message  # a French sentence for the parent


@pytest.mark.parametrize(("situation", "ordre"), [(Situation.PROJET, 1), (Situation.CONCEPTION, 2)])
def test_situations_without_date(situation, ordre):
    assert parcours.valider(situation, None, TERME) is None
    assert parcours.etape_courante(situation, None, ETAPES).ordre == ordre


def test_next_stage_and_last_stage():
    assert parcours.etape_suivante(ETAPES[4], ETAPES).ordre == 6
    assert parcours.etape_suivante(ETAPES[7], ETAPES) is None


def test_gap_in_edited_ranges_is_out_of_parcours():
    trouees = [E(3, debut=-287, fin=-175), E(4, debut=-100, fin=0)]
    with pytest.raises(ErreurParcours) as erreur:
        parcours.etape_courante(Situation.GROSSESSE, -150, trouees)
    assert erreur.value.code == HORS_PARCOURS


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [
        ("2027-05-14", date(2027, 5, 14)),
        ("2028-02-29", date(2028, 2, 29)),
        ("2027-02-29", None),
        ("2027-02-30", None),
        ("2027-13-01", None),
        ("2027-5-14", None),
        ("14/05/2027", None),
        ("", None),
        ("2027-05-14T00:00", None),
    ],
)
def test_lire_date(valeur, attendu):
    if attendu is None:
        with pytest.raises(ErreurParcours) as erreur:
            parcours.lire_date(valeur)
        assert erreur.value.code == DATE_INVALIDE
    else:
        assert parcours.lire_date(valeur) == attendu


@pytest.mark.parametrize(
    ("ordre", "premier", "dernier"),
    [(3, -287, -176), (4, -175, -15), (5, -14, 6), (6, 7, 90), (7, 91, 364), (8, 365, 729)],
)
def test_stage_boundaries_as_calendar_dates(ordre, premier, dernier):
    etape = ETAPES[ordre - 1]
    assert parcours.bornes(TERME, etape.debut, etape.fin) == (_jour(TERME, premier), _jour(TERME, dernier))


def test_bornes_without_range():
    assert parcours.bornes(TERME, None, None) == (None, None)


@pytest.mark.parametrize(
    ("situation", "debut", "fin", "attendu"),
    [
        (Situation.GROSSESSE, -210, -189, (-210, -190, True)),
        (Situation.GROSSESSE, 0, 5, (0, 4, True)),  # after birth, still estimated from the due date
        (Situation.ENFANT, 0, 5, (0, 4, False)),
        (Situation.ENFANT, -210, -189, None),  # a pregnancy exam no longer applies after birth
        (Situation.ENFANT, -42, 70, (-42, 69, False)),  # maternity leave still running
        (Situation.ENFANT, 61, None, (61, None, False)),  # a single day
        (Situation.ENFANT, 61, 62, (61, None, False)),
        (Situation.PROJET, 0, 5, None),
    ],
)
def test_dater(situation, debut, fin, attendu):
    datation = parcours.dater(situation, NAISSANCE, debut, fin)
    if attendu is None:
        assert datation is None
        return
    premier, dernier, estimee = attendu
    assert datation.premier == _jour(NAISSANCE, premier)
    assert datation.dernier == (None if dernier is None else _jour(NAISSANCE, dernier))
    assert datation.estimee is estimee


@pytest.mark.parametrize(
    ("debut", "fin", "jour", "jours", "attendu"),
    [
        (10, 20, 5, 90, True),
        (10, 20, 19, 0, True),  # under way
        (10, 20, 20, 90, False),  # over
        (100, 110, 5, 90, False),  # too far ahead
        (95, 110, 5, 90, True),  # starts exactly at the horizon
    ],
)
def test_a_venir(debut, fin, jour, jours, attendu):
    datation = parcours.Datation(_jour(NAISSANCE, debut), _jour(NAISSANCE, fin - 1), False)
    assert parcours.a_venir(datation, _jour(NAISSANCE, jour), jours) is attendu


def test_today_is_the_paris_date():
    assert parcours.aujourdhui(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == date(2027, 1, 1)
    assert parcours.aujourdhui(datetime(2026, 6, 30, 21, 59, tzinfo=UTC)) == date(2026, 6, 30)
    assert parcours.aujourdhui(datetime(2026, 6, 30, 22, 0, tzinfo=UTC)) == date(2026, 7, 1)
