"""The events near a window are found without looking at every event (contenus.services)."""

import datetime
import random

import pytest

from contenus import parcours
from contenus.models import Evenement
from contenus.parcours import Situation
from contenus.services import IndexEvenements, chevauche


def _evenements(n: int, seed: int = 17) -> list[Evenement]:
    rng = random.Random(seed)
    evenements = []
    for i in range(n):
        debut = rng.randint(-280, 1100)
        tirage = rng.random()
        if tirage < 0.2:
            fin = None
        elif tirage < 0.23:  # a few whole-period rights, longer than the index's short span
            fin = debut + rng.choice([121, 400])
        else:
            fin = debut + rng.choice([1, 7, 30, 60, 119, 120])
        evenements.append(Evenement(pk=i + 1, nom=f"e{i:04}", debut=debut, fin=fin, essentiel=False))
    evenements.sort(key=lambda e: (e.debut, e.nom, e.pk))
    return evenements


def _a_venir(evenements, situation, reference, jour, jours):
    """The rule applied to every event: what the index must give back, in the same order."""
    retenus = []
    for e in evenements:
        datation = parcours.dater(situation, reference, e.debut, e.fin)
        if datation is not None and parcours.a_venir(datation, jour, jours):
            retenus.append(e)
    return retenus


@pytest.mark.parametrize("situation", [Situation.GROSSESSE, Situation.ENFANT])
def test_the_candidates_hold_every_upcoming_event_in_order(situation):
    evenements = _evenements(2_000)
    index = IndexEvenements(evenements)
    rng = random.Random(3)
    jour = datetime.date(2026, 12, 3)
    for _ in range(200):
        reference = jour + datetime.timedelta(days=rng.randint(-900, 280))
        jours = rng.choice([0, 30, 90, 365])
        premier, dernier = parcours.fenetre_decalages(reference, jour, jours)
        candidats = index.candidats(premier, dernier)
        attendus = _a_venir(evenements, situation, reference, jour, jours)
        assert _a_venir(candidats, situation, reference, jour, jours) == attendus
        if jours <= 90:  # a parcours's window: its neighbourhood, not the whole list
            assert len(candidats) < len(evenements) / 4


def test_the_candidates_hold_every_event_overlapping_a_stage():
    evenements = _evenements(1_000, seed=5)
    index = IndexEvenements(evenements)
    for debut, fin in [(-280, -189), (-98, 0), (0, 28), (28, 365), (365, 1096)]:
        attendus = [e for e in evenements if chevauche(e, debut, fin)]
        assert [e for e in index.candidats(debut, fin - 1) if chevauche(e, debut, fin)] == attendus
