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


# The reference ranges of docs/parcours.md, written out here independently.
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
    # a past due date keeps the parent in « Accouchement » until the birth is declared
    (7, 5, 42),
    (30, 5, 45),
    (200, 5, 69),
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
        (date(2024, 2, 29), date(2026, 2, 27), 8),  # 729 days
    ],
)
def test_stage_ranges_count_days(naissance, jour, ordre):
    ecart = parcours.valider(Situation.ENFANT, naissance, jour)
    assert parcours.etape_courante(Situation.ENFANT, ecart, ETAPES).ordre == ordre


# The parcours ends on the second BIRTHDAY (a calendar date), not after 730 days.
DEUXIEME_ANNIVERSAIRE = [
    # (birth date, day, in the parcours?)
    (date(2025, 3, 10), date(2027, 3, 9), True),  # the day before the 2nd birthday (729 days)
    (date(2025, 3, 10), date(2027, 3, 10), False),  # the 2nd birthday
    (date(2023, 3, 1), date(2025, 2, 28), True),  # 730 days (29 February 2024 inside): still 1
    (date(2023, 3, 1), date(2025, 3, 1), False),  # 731 days: the birthday
    (date(2024, 2, 29), date(2026, 2, 28), True),  # born on 29 February: 2 on 1 March
    (date(2024, 2, 29), date(2026, 3, 1), False),
    (date(2027, 6, 1), date(2029, 5, 31), True),  # 29 February 2028 inside: 730 days, still 1
    (date(2027, 6, 1), date(2029, 6, 1), False),
]


@pytest.mark.parametrize(("naissance", "jour", "dans_le_parcours"), DEUXIEME_ANNIVERSAIRE)
def test_the_parcours_ends_on_the_second_birthday(naissance, jour, dans_le_parcours):
    if not dans_le_parcours:
        with pytest.raises(ErreurParcours) as erreur:
            parcours.valider(Situation.ENFANT, naissance, jour)
        assert erreur.value.code == HORS_PARCOURS
        return
    ecart = parcours.valider(Situation.ENFANT, naissance, jour)
    etape = parcours.etape_courante(Situation.ENFANT, ecart, ETAPES)
    assert etape.ordre == 8
    premier, dernier = parcours.bornes_etape(Situation.ENFANT, naissance, etape, ETAPES)
    assert premier == naissance + timedelta(days=365)
    assert dernier == parcours.deuxieme_anniversaire(naissance) - timedelta(days=1)
    assert dernier >= jour


@pytest.mark.parametrize(
    ("naissance", "anniversaire"),
    [
        (date(2025, 3, 10), date(2027, 3, 10)),
        (date(2024, 2, 29), date(2026, 3, 1)),
        (date(2026, 12, 31), date(2028, 12, 31)),
    ],
)
def test_deuxieme_anniversaire(naissance, anniversaire):
    assert parcours.deuxieme_anniversaire(naissance) == anniversaire


def test_a_shortened_last_stage_does_not_stretch_to_the_birthday():
    courtes = [E(7, debut=91, fin=365), E(8, debut=365, fin=600)]  # an editor's mistake: no stage after 600
    with pytest.raises(ErreurParcours) as erreur:
        parcours.etape_courante(Situation.ENFANT, 650, courtes)
    assert erreur.value.code == HORS_PARCOURS


@pytest.mark.parametrize(
    ("ecart", "depasse"), [(-287, False), (-1, False), (0, False), (1, True), (100, True)]
)
def test_terme_depasse_offers_the_baby_born_switch(ecart, depasse):
    assert parcours.terme_depasse(Situation.GROSSESSE, ecart) is depasse
    assert parcours.terme_depasse(Situation.ENFANT, ecart if ecart >= 0 else 0) is None


def test_baby_born_switch_moves_the_parent_to_the_child_stages():
    """The parent due on TERME says « bébé né » 10 days after term, the baby born 2 days after it."""
    jour = TERME + timedelta(days=10)
    avant = parcours.valider(Situation.GROSSESSE, TERME, jour)
    assert parcours.etape_courante(Situation.GROSSESSE, avant, ETAPES).ordre == 5
    naissance = TERME + timedelta(days=2)
    apres = parcours.valider(Situation.ENFANT, naissance, jour)
    assert parcours.etape_courante(Situation.ENFANT, apres, ETAPES).ordre == 6  # 8 days old


# Several children: the parcours follows the last child's birth date.
PLUSIEURS_ENFANTS = [
    # (date, naissances, expected reference)
    (None, (date(2023, 5, 1), date(2026, 2, 3)), date(2026, 2, 3)),
    (None, (date(2026, 2, 3), date(2023, 5, 1)), date(2026, 2, 3)),  # in any order
    (date(2024, 1, 1), (date(2026, 2, 3),), date(2026, 2, 3)),  # `date` counts as one of them
    (date(2026, 4, 1), (date(2023, 5, 1),), date(2026, 4, 1)),
    (None, (date(2026, 2, 3), date(2026, 2, 3)), date(2026, 2, 3)),  # twins
    (date(2026, 2, 3), (), date(2026, 2, 3)),  # one child
]


@pytest.mark.parametrize(("reference", "naissances", "attendu"), PLUSIEURS_ENFANTS)
def test_several_children_use_the_last_birth_date(reference, naissances, attendu):
    assert parcours.reference_du_parcours(Situation.ENFANT, reference, naissances) == attendu


def test_several_children_an_older_child_past_two_does_not_end_the_parcours():
    naissances = (date(2020, 1, 1), date(2026, 2, 3))
    reference = parcours.reference_du_parcours(Situation.ENFANT, None, naissances)
    assert parcours.valider(Situation.ENFANT, reference, date(2026, 12, 3)) == 303


@pytest.mark.parametrize(
    ("situation", "naissances"),
    [
        (Situation.GROSSESSE, (date(2024, 1, 1),)),  # pregnant: the due date rules
        (Situation.ENFANT, tuple(date(2026, 1, 1) for _ in range(21))),  # at most 20
    ],
)
def test_several_children_refused(situation, naissances):
    with pytest.raises(ErreurParcours) as erreur:
        parcours.reference_du_parcours(situation, date(2027, 5, 14), naissances)
    assert erreur.value.code == DATE_INVALIDE


def test_leap_day_inside_a_pregnancy():
    terme = date(2028, 3, 10)  # the pregnancy spans 29 February 2028
    assert parcours.valider(Situation.GROSSESSE, terme, date(2027, 5, 28)) == -287
    assert parcours.semaine_amenorrhee(terme, date(2028, 2, 29)) == 39  # 10 days before term


@pytest.mark.parametrize(
    ("situation", "reference", "ecart", "code"),
    [
        (Situation.GROSSESSE, TERME, -288, DATE_INVALIDE),  # due date more than 287 days ahead
        (Situation.GROSSESSE, TERME, 731, HORS_PARCOURS),  # 29 February 2028 inside: 731 days
        (Situation.GROSSESSE, None, 0, DATE_INVALIDE),
        (Situation.ENFANT, NAISSANCE, -1, DATE_INVALIDE),  # birth date tomorrow
        (Situation.ENFANT, NAISSANCE, 731, HORS_PARCOURS),  # second birthday (29 February 2028 inside)
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
