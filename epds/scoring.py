"""How an EPDS is scored and what the hub does with the score: the one place for it.

Pure Python, no Django: the server maps the answer indexes chosen by the parent to points with
the scale of the version answered (never trusting client-side points), sums them, and applies
the hub's single result policy (docs/epds.md, « Result policy of this hub »):

- levels: BIEN 0–8, MODERE 9–10, ELEVE 11–12, TRES_ELEVE 13–30;
- item 10 (self-harm thoughts) raises an alert for any answer scoring ≥ 1, whatever the total;
- a follow-up case opens when score ≥ threshold (editable, default 11) or the item-10 alert.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from hub.erreurs import ErreurDomaine

NOMBRE_ITEMS = 10
NOMBRE_REPONSES = 4
# Each item's answers score these points, each once (in an order of the item's own).
POINTS_DES_REPONSES = tuple(range(NOMBRE_REPONSES))
POINTS_MAX_REPONSE = POINTS_DES_REPONSES[-1]
SCORE_MAX = NOMBRE_ITEMS * POINTS_MAX_REPONSE
SEUIL_SUIVI_DEFAUT = 11
INDEX_QUESTION_10 = 9


class Niveau(StrEnum):
    BIEN = "BIEN"
    MODERE = "MODERE"
    ELEVE = "ELEVE"
    TRES_ELEVE = "TRES_ELEVE"


# Upper bound (inclusive) of each level band, in increasing order.
BANDES: tuple[tuple[int, Niveau], ...] = (
    (8, Niveau.BIEN),
    (10, Niveau.MODERE),
    (12, Niveau.ELEVE),
    (SCORE_MAX, Niveau.TRES_ELEVE),
)

# In words, for people (the admin, the figures): never the raw codes.
LIBELLES_NIVEAU = {
    Niveau.BIEN: "faible (0 à 8)",
    Niveau.MODERE: "modéré (9 ou 10)",
    Niveau.ELEVE: "élevé (11 ou 12)",
    Niveau.TRES_ELEVE: "très élevé (13 à 30)",
}


class ReponsesInvalides(ErreurDomaine):
    """The answers cannot be scored with this scale; `index` is the answer at fault, if one is."""

    def __init__(self, code: str, message: str, index: int | None = None) -> None:
        super().__init__(code, message)
        self.index = index


@dataclass(frozen=True)
class Resultat:
    points: tuple[int, ...]
    score: int
    niveau: Niveau
    alerte_question_10: bool
    suivi_requis: bool


def points_des_reponses(reponses: Sequence[int], bareme: Sequence[Sequence[int]]) -> tuple[int, ...]:
    """Points of each chosen answer; `bareme[i]` lists item i's answer points in display order."""
    if len(reponses) != len(bareme):
        raise ReponsesInvalides(
            "NOMBRE_REPONSES_INVALIDE",
            f"Il faut exactement {len(bareme)} réponses (reçu : {len(reponses)}).",
        )
    points = []
    for i, (index, echelle) in enumerate(zip(reponses, bareme, strict=True)):
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(echelle):
            raise ReponsesInvalides(
                "REPONSE_HORS_BORNES",
                f"Réponse {i + 1} : l'indice doit être compris entre 0 et {len(echelle) - 1}.",
                index=i,
            )
        points.append(echelle[index])
    return tuple(points)


def defaut_du_bareme(questions: Sequence[tuple[int, Sequence[int]]]) -> str | None:
    """What keeps a scale from being published, in words for the editor, or None.

    `questions`: (item number, points of its answers in display order), in any order. An EPDS
    has items 1 to NOMBRE_ITEMS, and each item's answers score POINTS_DES_REPONSES once each."""
    ordonnees = sorted(questions, key=lambda q: q[0])
    if [numero for numero, _ in ordonnees] != list(range(1, NOMBRE_ITEMS + 1)):
        return f"Le questionnaire compte {NOMBRE_ITEMS} questions numérotées de 1 à {NOMBRE_ITEMS}."
    valeurs = ", ".join(str(p) for p in POINTS_DES_REPONSES[:-1]) + f" et {POINTS_MAX_REPONSE}"
    for numero, points in ordonnees:
        if sorted(points) != list(POINTS_DES_REPONSES):
            return f"Question {numero} : les quatre réponses valent {valeurs} points."
    return None


def niveau_du_score(score: int) -> Niveau:
    if not 0 <= score <= SCORE_MAX:
        raise ValueError(f"score hors de l'échelle 0–{SCORE_MAX}: {score}")
    for borne, niveau in BANDES:
        if score <= borne:
            return niveau
    raise AssertionError("unreachable")  # pragma: no cover


def alerte_question_10(points: Sequence[int]) -> bool:
    return points[INDEX_QUESTION_10] >= 1


def suivi_requis(score: int, alerte: bool, seuil: int = SEUIL_SUIVI_DEFAUT) -> bool:
    return alerte or score >= seuil


def retest_conseille(niveau: str) -> bool:
    """A low score is advised to take the questionnaire again in two weeks (docs/epds.md)."""
    return niveau == Niveau.BIEN


def evaluer(
    reponses: Sequence[int], bareme: Sequence[Sequence[int]], seuil: int = SEUIL_SUIVI_DEFAUT
) -> Resultat:
    if len(bareme) != NOMBRE_ITEMS:
        raise ValueError(f"un barème EPDS a {NOMBRE_ITEMS} items, pas {len(bareme)}")
    points = points_des_reponses(reponses, bareme)
    score = sum(points)
    alerte = alerte_question_10(points)
    return Resultat(
        points=points,
        score=score,
        niveau=niveau_du_score(score),
        alerte_question_10=alerte,
        suivi_requis=suivi_requis(score, alerte, seuil),
    )
