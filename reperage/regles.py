"""How a « repérage TND » questionnaire is chosen and answered: the one place for it.

Pure Python, no Django. The questionnaire is content (editors write the questions, their domain,
which answer is a warning sign, the threshold); these rules only apply it, on the server:

- the questionnaire of a child is the one whose age band holds the child's age in months;
  a band is half-open, `debut_mois` ≤ age < `fin_mois`;
- an answer is a warning sign when it is the answer the question names as such (`alerte_si`);
- the outcome never diagnoses, it says whether to talk about it with the doctor who follows
  the child: `EN_PARLER_AU_MEDECIN` when a question marked `prioritaire` is a warning sign or
  when the warning signs reach the questionnaire's threshold; `A_SURVEILLER` for fewer signs;
  `AUCUN_SIGNE` otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from hub.erreurs import ErreurDomaine

AGE_MAX_MOIS = 72  # the official grids cover 0 to 6 years


class Reponse(StrEnum):
    OUI = "OUI"
    NON = "NON"


class Issue(StrEnum):
    AUCUN_SIGNE = "AUCUN_SIGNE"
    A_SURVEILLER = "A_SURVEILLER"
    EN_PARLER_AU_MEDECIN = "EN_PARLER_AU_MEDECIN"


class SaisieRefusee(ErreurDomaine):
    """Answers or an age these rules cannot use; `champ` names the input at fault."""


@dataclass(frozen=True)
class Question:
    numero: int
    domaine: str
    alerte_si: Reponse
    prioritaire: bool = False


@dataclass(frozen=True)
class Tranche:
    debut_mois: int
    fin_mois: int

    def contient(self, age_mois: int) -> bool:
        return self.debut_mois <= age_mois < self.fin_mois


@dataclass(frozen=True)
class Resultat:
    signes: tuple[int, ...]  # numbers of the questions answered with their warning sign
    domaines: tuple[str, ...]  # their domains, in the order of the questions, once each
    issue: Issue


def verifier_age(age_mois: object) -> int:
    if isinstance(age_mois, bool) or not isinstance(age_mois, int) or not 0 <= age_mois <= AGE_MAX_MOIS:
        raise SaisieRefusee(
            "AGE_INVALIDE", f"L'âge de l'enfant s'indique en mois, de 0 à {AGE_MAX_MOIS}.", "ageMois"
        )
    return age_mois


def tranche_pour(age_mois: int, tranches: Sequence[Tranche]) -> int | None:
    """Index of the first band holding `age_mois` (the caller orders them), None when none does."""
    verifier_age(age_mois)
    for i, tranche in enumerate(tranches):
        if tranche.contient(age_mois):
            return i
    return None


def tranches_qui_se_chevauchent(tranches: Sequence[Tranche]) -> list[tuple[int, int]]:
    """Pairs of indexes of bands sharing a month: a child's questionnaire must be unambiguous."""
    return [
        (i, j)
        for i, a in enumerate(tranches)
        for j, b in enumerate(tranches)
        if i < j and a.debut_mois < b.fin_mois and b.debut_mois < a.fin_mois
    ]


def evaluer(reponses: Sequence[str], questions: Sequence[Question], seuil: int) -> Resultat:
    """`reponses[i]` answers `questions[i]` (the questionnaire's order); `seuil` ≥ 1."""
    if seuil < 1:
        raise ValueError(f"le seuil est d'au moins un signe, pas {seuil}")
    if len(reponses) != len(questions):
        raise SaisieRefusee(
            "NOMBRE_REPONSES_INVALIDE",
            f"Il faut exactement {len(questions)} réponses (reçu : {len(reponses)}).",
            "reponses",
        )
    signes: list[int] = []
    domaines: list[str] = []
    prioritaire = False
    for i, (reponse, question) in enumerate(zip(reponses, questions, strict=True)):
        if reponse not in Reponse.__members__:
            raise SaisieRefusee("REPONSE_HORS_BORNES", f"Réponse {i + 1} : OUI ou NON.", f"reponses.{i}")
        if reponse == question.alerte_si:
            signes.append(question.numero)
            if question.domaine not in domaines:
                domaines.append(question.domaine)
            prioritaire = prioritaire or question.prioritaire
    if prioritaire or len(signes) >= seuil:
        issue = Issue.EN_PARLER_AU_MEDECIN
    elif signes:
        issue = Issue.A_SURVEILLER
    else:
        issue = Issue.AUCUN_SIGNE
    return Resultat(signes=tuple(signes), domaines=tuple(domaines), issue=issue)
