"""The reference data files (contenus/data/*.json): bounds in SA, weeks or months, one conversion.

The counts the other tests need come from these files, never written a second time.
"""

import json
from pathlib import Path

import pytest

from contenus import parcours
from contenus.models import ArticlePage, Etape, Evenement, Mesure, Thematique

DATA = Path(__file__).resolve().parents[2] / "contenus" / "data"


def donnees(nom):
    return json.loads((DATA / f"{nom}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("borne", "jours"),
    [
        (None, None),
        ({"sa": 0}, -287),  # the first day of the pregnancy
        ({"sa": 16}, -175),  # 16 SA: the end of the 14th week of pregnancy
        ({"sa": 41}, 0),  # term
        ({"semaines": -2}, -14),
        ({"semaines": 1}, 7),
        ({"jours": 6}, 6),  # the déclaration de naissance window [0, 6): J+5 is its last day
        ({"jours": -42}, -42),
        ({"mois": 1}, 30),  # 30.4375
        ({"mois": 2}, 61),  # 60.875
        ({"mois": 8}, 244),  # 243.5, half up
        ({"mois": 12}, 365),  # 365.25
        ({"mois": 24}, 731),  # 730.5, half up
        ({"mois": -1}, -30),
    ],
)
def test_decalage_de(borne, jours):
    assert parcours.decalage_de(borne) == jours


@pytest.mark.parametrize(
    "borne",
    [{}, {"sa": 1, "jours": 2}, {"ans": 1}, {"mois": 1.5}, {"jours": "5"}, {"sa": True}, [("sa", 1)], 5],
)
def test_decalage_de_refuses_what_it_cannot_read(borne):
    with pytest.raises(ValueError):
        parcours.decalage_de(borne)


def test_every_bound_in_the_files_is_readable_and_every_event_sourced():
    for etape in donnees("etapes"):
        assert ("situation" in etape) != ("debut" in etape and "fin" in etape), etape["slug"]
    for evenement in donnees("evenements"):
        debut, fin = parcours.decalage_de(evenement["debut"]), parcours.decalage_de(evenement.get("fin"))
        assert fin is None or fin > debut, evenement["slug"]
        assert evenement["source"].startswith("https://") and evenement["source_texte"], evenement["slug"]


def test_the_loaded_content_is_the_data_files(reference):
    assert Etape.objects.count() == len(donnees("etapes"))
    assert Thematique.objects.count() == len(donnees("thematiques"))
    assert Evenement.objects.count() == len(donnees("evenements"))
    assert Mesure.objects.count() == len(donnees("mesures"))
    assert ArticlePage.objects.count() == len(donnees("articles"))
    for d in donnees("evenements"):
        evenement = Evenement.objects.get(slug=d["slug"])
        assert (evenement.debut, evenement.fin) == (
            parcours.decalage_de(d["debut"]),
            parcours.decalage_de(d.get("fin")),
        )
        assert str(evenement.naissances_a_partir_du or "") == d.get("naissances_a_partir_du", "")


def test_no_python_literal_left():
    assert not (DATA.parent / "donnees.py").exists()


@pytest.mark.parametrize(
    ("jours", "en_sa", "borne", "texte"),
    [
        (-175, True, {"sa": 16}, "16 SA"),
        (0, True, {"sa": 41}, "41 SA"),
        (-42, True, {"sa": 35}, "35 SA"),
        (0, False, {"jours": 0}, "J0 (terme ou naissance)"),
        (6, False, {"jours": 6}, "J+6"),
        (61, False, {"mois": 2}, "2 mois"),
        (731, False, {"mois": 24}, "24 mois"),
        (56, False, {"semaines": 8}, "8 semaines après le terme ou la naissance"),
        (-14, False, {"semaines": -2}, "2 semaines avant le terme ou la naissance"),
        (120, False, {"jours": 120}, "J+120"),
        (None, False, None, "—"),
    ],
)
def test_exprimer_decalage_is_the_inverse_of_decalage_de(jours, en_sa, borne, texte):
    assert parcours.exprimer_decalage(jours, en_sa) == borne
    assert parcours.decalage_de(borne) == jours
    assert parcours.decrire_decalage(borne) == texte
