"""Date rules of the parcours des 1000 jours: pure functions, no Django.

Everything is personalised from one reference date: the due date (« terme ») while pregnant,
the birth date afterwards. The offset of a day is `day − reference` in days; a stage or an
appointment is a half-open window [debut, fin) of offsets. Pregnancy is counted in semaines
d'aménorrhée (SA): term is 41 SA, so the pregnancy starts 287 days before the due date.

Stage ranges are content (editors may change them): the functions take the stages as
arguments and the current stage is always "the stage whose range holds the offset", with two
rules of the calendar: a pregnant parent whose due date is past stays in the stage of the due
date (« Accouchement ») until the birth is declared (situation ENFANT with the birth date); the
parcours ends on the child's second birthday, a calendar date (730 or 731 days after birth).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

from hub import formats
from hub.erreurs import ErreurDomaine
from hub.formats import ANNEE_MAX, ANNEE_MIN, DATE_INVALIDE

SA_TERME = 41
JOURS_GROSSESSE = SA_TERME * 7  # 287: from the last period to the due date
FIN_PARCOURS = 730  # the last stage's range reaches the 2nd birthday (730 or 731 days: leap years)
FUSEAU = ZoneInfo("Europe/Paris")
MAX_NAISSANCES = 20  # dates of birth a parent of several children may give

HORS_PARCOURS = "HORS_PARCOURS"


class Situation(StrEnum):
    PROJET = "PROJET"
    CONCEPTION = "CONCEPTION"
    GROSSESSE = "GROSSESSE"
    ENFANT = "ENFANT"
    # Not (or no longer) in the 1000 days: a relative, a professional, a parent whose child is
    # two or more. No date; the stage editors tie to this situation, like PROJET and CONCEPTION.
    NON_CONCERNE = "NON_CONCERNE"


SITUATIONS_DATEES = (Situation.GROSSESSE, Situation.ENFANT)


class ErreurParcours(ErreurDomaine):
    """Input the date rules refuse: a machine code and a French message for the parent."""


class PlageEtape(Protocol):
    """What the rules need from a stage (a model instance or anything alike)."""

    @property
    def situation(self) -> str: ...

    @property
    def debut(self) -> int | None: ...

    @property
    def fin(self) -> int | None: ...


E = TypeVar("E", bound=PlageEtape)


def aujourdhui(maintenant: datetime | None = None) -> date:
    """Today in Europe/Paris (the contract's "today"), whatever the server's time zone."""
    return (maintenant or datetime.now(tz=FUSEAU)).astimezone(FUSEAU).date()


def lire_date(valeur: str) -> date:
    """`hub.formats.lire_date` (the one date format), refused as the parcours rules refuse."""
    try:
        return formats.lire_date(valeur)
    except formats.DateInvalide as erreur:
        raise ErreurParcours(erreur.code, erreur.message) from None


UNITES_DECALAGE = ("sa", "semaines", "mois", "jours")


def decalage_de(valeur: dict[str, int] | None) -> int | None:
    """The day offset of a window bound written as the reference data files write it.

    One unit per bound: `{"sa": n}` the day the pregnancy reaches n weeks of amenorrhoea
    (n × 7 − 287 from the due date); `{"semaines": n}` n weeks after the due date or birth
    (negative before); `{"mois": n}` the day the child is n months old, in average months of
    30.4375 days rounded half up (a calendar month differs by a day or two); `{"jours": n}` n
    days after the reference date. None (no bound) stays None.
    """
    if valeur is None:
        return None
    if not isinstance(valeur, dict) or len(valeur) != 1:
        raise ValueError(f"Une borne s'écrit avec une seule unité parmi {UNITES_DECALAGE} : {valeur!r}")
    ((unite, n),) = valeur.items()
    if unite not in UNITES_DECALAGE or not isinstance(n, int) or isinstance(n, bool):
        raise ValueError(f"Unité inconnue ou nombre non entier : {valeur!r} (unités : {UNITES_DECALAGE})")
    if unite == "sa":
        return n * 7 - JOURS_GROSSESSE
    if unite == "semaines":
        return n * 7
    if unite == "mois":
        return (n * 487 + 8) // 16 if n >= 0 else -((-n * 487 + 8) // 16)  # n × 30.4375, half up
    return n


def exprimer_decalage(jours: int | None, en_sa: bool) -> dict[str, int] | None:
    """The inverse of `decalage_de`, for editors: a bound of a pregnancy window in SA when it
    falls on a week boundary, otherwise in months of age, weeks, or days (the first that is exact)."""
    if jours is None:
        return None
    if en_sa and -JOURS_GROSSESSE <= jours <= 0 and (jours + JOURS_GROSSESSE) % 7 == 0:
        return {"sa": (jours + JOURS_GROSSESSE) // 7}
    if jours >= 28:
        for n in range(1, 37):
            if decalage_de({"mois": n}) == jours:
                return {"mois": n}
    if jours and jours % 7 == 0:
        return {"semaines": jours // 7}
    return {"jours": jours}


def decrire_decalage(borne: dict[str, int] | None) -> str:
    """A bound in words: « 16 SA », « 3 mois », « 2 semaines avant le terme », « J+5 »."""
    if borne is None:
        return "—"
    ((unite, n),) = borne.items()
    if unite == "sa":
        return f"{n} SA"
    if unite == "mois":
        return f"{n} mois"
    if unite == "semaines":
        return f"{abs(n)} semaine{'s' if abs(n) > 1 else ''} {'avant' if n < 0 else 'après'} le terme ou la naissance"
    return f"J{n:+d}" if n else "J0 (terme ou naissance)"


def decalage(reference: date, jour: date) -> int:
    """Offset of `jour` from the reference date, in days (negative before it)."""
    return (jour - reference).days


def deuxieme_anniversaire(naissance: date) -> date:
    """The child's second birthday; born on 29 February, the day after 28 February (1 March)."""
    try:
        return naissance.replace(year=naissance.year + 2)
    except ValueError:
        return date(naissance.year + 2, 3, 1)


def reference_du_parcours(
    situation: Situation, reference: date | None, naissances: Sequence[date] = ()
) -> date | None:
    """The reference date of a parent: with several children (`naissances`), the last child's
    birth date (the most recent of all the dates given); otherwise the date itself."""
    if not naissances:
        return reference
    if len(naissances) > MAX_NAISSANCES:
        raise ErreurParcours(DATE_INVALIDE, f"Indiquez au plus {MAX_NAISSANCES} dates de naissance.")
    if situation is not Situation.ENFANT:
        raise ErreurParcours(
            DATE_INVALIDE, "Les dates de naissance de plusieurs enfants vont avec la situation ENFANT."
        )
    return max([*naissances, *([reference] if reference is not None else [])])


def valider(situation: Situation, reference: date | None, jour: date) -> int | None:
    """Checks the reference date against the situation; returns the offset of `jour`.

    PROJET and CONCEPTION need no date (None is returned). Refused, with a clear code:
    a date outside the years ANNEE_MIN to ANNEE_MAX (0001-01-01 and 9999-12-31 overflow the
    date arithmetic), a missing date, a due date more than 287 days ahead, a birth date in the future
    (DATE_INVALIDE); a child on or after its second birthday, or a due date two years past
    (HORS_PARCOURS).
    """
    for borne in (reference, jour):
        if borne is not None and not ANNEE_MIN <= borne.year <= ANNEE_MAX:
            raise ErreurParcours(
                DATE_INVALIDE, f"Le {borne.isoformat()} est hors des années {ANNEE_MIN} à {ANNEE_MAX}."
            )
    if situation not in SITUATIONS_DATEES:
        return None
    quoi = "la date prévue d'accouchement" if situation is Situation.GROSSESSE else "la date de naissance"
    if reference is None:
        raise ErreurParcours(DATE_INVALIDE, f"Indiquez {quoi} (format AAAA-MM-JJ).")
    ecart = decalage(reference, jour)
    if situation is Situation.GROSSESSE and ecart < -JOURS_GROSSESSE:
        raise ErreurParcours(
            DATE_INVALIDE,
            "La date prévue d'accouchement est à plus de 41 semaines : vérifiez-la.",
        )
    if situation is Situation.ENFANT and ecart < 0:
        raise ErreurParcours(DATE_INVALIDE, "La date de naissance ne peut pas être dans le futur.")
    if jour >= deuxieme_anniversaire(reference):
        raise ErreurParcours(
            HORS_PARCOURS,
            "L'enfant a deux ans ou plus : les 1000 premiers jours sont terminés.",
        )
    return ecart


def contient(debut: int | None, fin: int | None, ecart: int) -> bool:
    """Whether the half-open range [debut, fin) holds the offset."""
    return debut is not None and fin is not None and debut <= ecart < fin


def derniere_etape(etapes: Sequence[E]) -> E | None:
    """The dated stage whose range ends last (« De 1 an à 2 ans »)."""
    datees = [e for e in etapes if not e.situation and e.fin is not None]
    return max(datees, key=lambda e: e.fin or 0, default=None)


def va_jusqu_au_deuxieme_anniversaire(etape: PlageEtape, etapes: Sequence[PlageEtape]) -> bool:
    """Whether the stage is the last one and its range reaches the 2-year end: it then holds
    every day until the second birthday (day 730 of a child whose two years hold a 29 February)."""
    return etape is derniere_etape(etapes) and etape.fin is not None and etape.fin >= FIN_PARCOURS


def etape_courante(situation: Situation, ecart: int | None, etapes: Sequence[E]) -> E:
    """The stage of a parent: by situation before pregnancy, by offset afterwards.

    Pregnant, the offset never goes past the due date: a past due date keeps the parent in
    the stage of the due date until the birth is declared. A child (already checked to be
    under two) past the last range's end is in the last stage if that range reaches the 2-year end.
    """
    if situation not in SITUATIONS_DATEES:
        for etape in etapes:
            if etape.situation == situation.value:
                return etape
        raise ErreurParcours(HORS_PARCOURS, "Aucune étape ne correspond à cette situation.")
    if ecart is None:
        raise ErreurParcours(DATE_INVALIDE, "Une date est nécessaire pour cette situation.")
    if situation is Situation.GROSSESSE:
        ecart = min(ecart, 0)
    for etape in etapes:
        if not etape.situation and contient(etape.debut, etape.fin, ecart):
            return etape
    derniere = derniere_etape(etapes)
    if (
        situation is Situation.ENFANT
        and derniere is not None
        and va_jusqu_au_deuxieme_anniversaire(derniere, etapes)
        and ecart >= (derniere.fin or 0)
    ):
        return derniere
    raise ErreurParcours(HORS_PARCOURS, "Aucune étape du parcours ne correspond à cette date.")


def terme_depasse(situation: Situation, ecart: int | None) -> bool | None:
    """Pregnant and the due date is past: the app offers « bébé né » (the parent gives the
    birth date, and the parcours is then computed as ENFANT). None for other situations."""
    if situation is not Situation.GROSSESSE or ecart is None:
        return None
    return ecart > 0


def etape_suivante(courante: E, etapes: Sequence[E]) -> E | None:
    """The stage after `courante` in the given order (stages are passed sorted by ordre)."""
    for index, etape in enumerate(etapes):
        if etape is courante:
            return etapes[index + 1] if index + 1 < len(etapes) else None
    return None


def semaine_amenorrhee(terme: date, jour: date) -> int:
    """Completed weeks of amenorrhoea on `jour`: SA = 41 − (terme − jour) / 7, rounded down."""
    return (JOURS_GROSSESSE + decalage(terme, jour)) // 7


def age_en_jours(naissance: date, jour: date) -> int:
    return decalage(naissance, jour)


def date_du_decalage(reference: date, ecart: int) -> date:
    return reference + timedelta(days=ecart)


def bornes(reference: date, debut: int | None, fin: int | None) -> tuple[date | None, date | None]:
    """Calendar dates of a half-open range: its first day and its LAST day (inclusive)."""
    premier = date_du_decalage(reference, debut) if debut is not None else None
    dernier = date_du_decalage(reference, fin - 1) if fin is not None else None
    return premier, dernier


def bornes_etape(
    situation: Situation, reference: date, etape: E, etapes: Sequence[E]
) -> tuple[date | None, date | None]:
    """Calendar dates of a parent's stage: the last stage of a child ends the day before its
    second birthday (a calendar date, whatever the leap years)."""
    premier, dernier = bornes(reference, etape.debut, etape.fin)
    if situation is Situation.ENFANT and va_jusqu_au_deuxieme_anniversaire(etape, etapes):
        dernier = deuxieme_anniversaire(reference) - timedelta(days=1)
    return premier, dernier


@dataclass(frozen=True)
class Datation:
    """Calendar dates of an appointment for one parent."""

    premier: date
    dernier: date | None  # last day (inclusive) of the window; None for a single day
    estimee: bool  # computed from a due date: the real birth date is not known yet


def dater(
    situation: Situation,
    reference: date,
    debut: int,
    fin: int | None,
    naissances_a_partir_du: date | None = None,
) -> Datation | None:
    """Dates an appointment window [debut, fin) for a parent, or None if it does not apply.

    After birth, appointments that ended before the birth (pregnancy exams) no longer apply.
    A right reserved to births from a date (the congé supplémentaire de naissance: births from
    1 January 2026) does not apply to a child born, or expected, before it.
    """
    if situation not in SITUATIONS_DATEES:
        return None
    if naissances_a_partir_du is not None and reference < naissances_a_partir_du:
        return None
    derniere = fin - 1 if fin is not None and fin - 1 > debut else debut
    if situation is Situation.ENFANT and derniere < 0:
        return None
    premier = date_du_decalage(reference, debut)
    dernier = date_du_decalage(reference, derniere)
    return Datation(
        premier=premier,
        dernier=dernier if dernier != premier else None,
        estimee=situation is Situation.GROSSESSE,
    )


def fenetre_decalages(reference: date, jour: date, jours: int) -> tuple[int, int]:
    """The offsets from `reference` of the days `a_venir` looks at: [jour, jour + jours]."""
    premier = (jour - reference).days
    return premier, premier + jours


def a_venir(datation: Datation, jour: date, jours: int) -> bool:
    """Whether an appointment is still to come (or under way) within `jours` days of `jour`."""
    fin = datation.dernier or datation.premier
    return fin >= jour and datation.premier <= jour + timedelta(days=jours)
