"""Follow-up cases, the one home of their rules: opening, contact requests, the contact journal,
outcomes, assignment, closing and reopening.

The admin screens and the public mutations call these functions; nothing else changes a case's
state. Each change is written to Wagtail's audit log with its « from → to » values, never with
personal data (names, phone numbers, comments stay out of the log). Bad input raises
`ActionRefusee` (a machine code and a French message) before anything is stored.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from epds import saisie as saisie_epds
from epds.models import DossierSuivi, EntreeJournal, SoumissionEpds
from hub.erreurs import ErreurDomaine
from hub.saisie import Saisie, caracteres_interdits

Statut = DossierSuivi.Statut
Issue = DossierSuivi.Issue

COMMENTAIRE_MAX = 5000
# A journal line may be dated a little ahead (clocks differ), never in the future beyond that.
AVANCE_TOLEREE = dt.timedelta(minutes=5)
# How a parent who comes by themself reaches the team, as a journal channel.
CANAL_DU_PREMIER_ECHANGE = {
    DossierSuivi.CanalArrivee.TELEPHONE: EntreeJournal.Canal.TELEPHONE,
    DossierSuivi.CanalArrivee.EMAIL: EntreeJournal.Canal.EMAIL,
    DossierSuivi.CanalArrivee.SUR_PLACE: EntreeJournal.Canal.SUR_PLACE,
    DossierSuivi.CanalArrivee.PARTENAIRE: EntreeJournal.Canal.TELEPHONE,
}


class ActionRefusee(ErreurDomaine):
    """What the team asked of a case that its rules refuse (the screen shows the message)."""


class DossierDejaPris(ActionRefusee):
    """Taking a case a colleague holds: the screen asks for confirmation first."""


def nom_affiche(user) -> str:
    """A team member as colleagues know them: the full name, the username only when none."""
    if user is None:
        return "personne"
    return user.get_full_name().strip() or user.get_username()


def _verrouille(dossier: DossierSuivi) -> DossierSuivi:
    return DossierSuivi.objects.select_for_update().get(pk=dossier.pk)


def _journaliser_statut(dossier, de: str, par) -> None:
    if de != dossier.statut:
        log(dossier, "epds.statut", user=par, data={"de": de, "vers": dossier.statut})


# --- Opening ------------------------------------------------------------------------------------


def ouvrir_pour_soumission(soumission: SoumissionEpds) -> DossierSuivi:
    """Opened by the system when the score reaches the threshold or item 10 alerts."""
    dossier = DossierSuivi.objects.create(
        soumission=soumission,
        statut=Statut.SANS_CONTACT,
        partenaire_id=soumission.partenaire_id,
        departement=soumission.departement,
        alerte_question_10=soumission.alerte_question_10,
        a_risque=True,
        cree_le=soumission.cree_le,
    )
    log(dossier, "epds.ouverture", data={"score": soumission.score, "alerte": soumission.alerte_question_10})
    return dossier


def dossier_verrouille_pour(soumission: SoumissionEpds) -> tuple[DossierSuivi, bool]:
    """The case of a submission, locked (inside the caller's transaction), opened if absent by a
    contact request; and whether it was opened now."""
    return DossierSuivi.objects.select_for_update().get_or_create(
        soumission=soumission,
        defaults={
            "statut": Statut.NOUVEAU,
            "partenaire_id": soumission.partenaire_id,
            "departement": soumission.departement,
            "alerte_question_10": soumission.alerte_question_10,
        },
    )


def demande_recue(dossier: DossierSuivi, quand: dt.datetime, departement: str = "") -> None:
    """A contact request arrives on a locked case: it waits for a callback (a closed case
    reopens); the request's département fills an empty one. A request is activity: the case's
    `modifie_le` (the purge's inactivity delay) starts again from it."""
    de = dossier.statut
    if dossier.statut == Statut.CLOS:
        dossier.reouvertures += 1
        dossier.clos_le = None
    dossier.statut = Statut.NOUVEAU
    if dossier.demande_en_attente_le is None:
        dossier.demande_en_attente_le = quand
    if dossier.premiere_demande_le is None:
        dossier.premiere_demande_le = quand
    if departement and not dossier.departement:
        dossier.departement = departement
    dossier.save()
    _journaliser_statut(dossier, de, None)


def ouvrir_pour_demande_sans_test(partenaire, quand: dt.datetime, departement: str = "") -> DossierSuivi:
    """A parent who asks to be contacted without taking the test: a case with no submission,
    waiting for a callback. Not « à risque » (no score opened it), no item-10 alert known."""
    dossier = DossierSuivi.objects.create(
        statut=Statut.NOUVEAU,
        canal_arrivee=DossierSuivi.CanalArrivee.DEMANDE_SANS_TEST,
        partenaire=partenaire,
        cree_le=quand,
    )
    log(dossier, "epds.ouverture", data={"canal_arrivee": dossier.canal_arrivee})
    demande_recue(dossier, quand, departement)
    return dossier


def dossier_pour_demande(
    soumission: SoumissionEpds, quand: dt.datetime, departement: str = ""
) -> DossierSuivi:
    """Both steps at once, for callers with nothing to check in between."""
    dossier, _ = dossier_verrouille_pour(soumission)
    demande_recue(dossier, quand, departement)
    return dossier


def _premier_refus(saisie: Saisie) -> None:
    """The team's screens show one refusal at a time: the first one, as an `ActionRefusee`."""
    if saisie.erreurs:
        erreur = saisie.erreurs[0]
        raise ActionRefusee(erreur.code, erreur.message, erreur.champ)


def ouvrir_a_la_main(
    *,
    par,
    canal_arrivee: str,
    prenom: str = "",
    telephone: str = "",
    email: str = "",
    departement: str = "",
    partenaire=None,
    commentaire: str = "",
    quand: dt.datetime | None = None,
) -> DossierSuivi:
    """A parent who called or wrote directly: the case opens in progress (the first exchange is
    the call itself, written to the journal), assigned to whoever opened it."""
    if canal_arrivee not in CANAL_DU_PREMIER_ECHANGE:
        raise ActionRefusee("CANAL_INCONNU", "Canal d'arrivée inconnu.", "canal_arrivee")
    saisie = Saisie()
    prenom = saisie_epds.prenom(saisie, prenom, requis=False)
    telephone = saisie.telephone(telephone)
    email = saisie.email(email)
    departement = saisie.departement(departement.strip().upper())
    _premier_refus(saisie)
    _valider_commentaire(commentaire)
    quand = _valider_quand(quand)
    with transaction.atomic():
        dossier = DossierSuivi.objects.create(
            statut=Statut.ECHANGE_INITIAL,
            canal_arrivee=canal_arrivee,
            ouvert_par=par,
            assigne_a=par,
            partenaire=partenaire,
            departement=departement,
            prenom=prenom,
            telephone=telephone,
            email=email,
            premier_contact_le=quand,
            cree_le=quand,
        )
        EntreeJournal.objects.create(
            dossier=dossier,
            quand=quand,
            auteur=par,
            canal=CANAL_DU_PREMIER_ECHANGE[canal_arrivee],
            joint=True,
            commentaire=commentaire,
        )
        log(dossier, "epds.ouverture", user=par, data={"canal_arrivee": canal_arrivee})
    return dossier


# --- The contact journal ------------------------------------------------------------------------


def _valider_commentaire(commentaire: str) -> None:
    if len(commentaire) > COMMENTAIRE_MAX:
        raise ActionRefusee(
            "COMMENTAIRE_TROP_LONG", f"Le commentaire dépasse {COMMENTAIRE_MAX} caractères.", "commentaire"
        )
    saisie = Saisie()
    saisie.erreurs += caracteres_interdits(commentaire, "commentaire")
    _premier_refus(saisie)


def _valider_quand(quand: dt.datetime | None) -> dt.datetime:
    maintenant = timezone.now()
    if quand is None:
        return maintenant
    if timezone.is_naive(quand):
        quand = timezone.make_aware(quand)
    if quand > maintenant + AVANCE_TOLEREE:
        raise ActionRefusee("DATE_FUTURE", "La date est dans le futur.", "quand")
    return quand


def consigner_contact(
    dossier: DossierSuivi,
    *,
    par,
    canal: str,
    joint: bool,
    commentaire: str = "",
    quand: dt.datetime | None = None,
) -> EntreeJournal:
    """An attempt (parent not reached) or an exchange. Reaching the parent answers the pending
    request: the case leaves the callback list and is in progress."""
    if canal not in EntreeJournal.Canal.values:
        raise ActionRefusee("CANAL_INCONNU", "Canal de contact inconnu.", "canal")
    _valider_commentaire(commentaire)
    quand = _valider_quand(quand)
    with transaction.atomic():
        dossier = _verrouille(dossier)
        if dossier.statut == Statut.CLOS:
            raise ActionRefusee("DOSSIER_CLOS", "Le dossier est clos : rouvrez-le pour noter un contact.")
        entree = EntreeJournal.objects.create(
            dossier=dossier, quand=quand, auteur=par, canal=canal, joint=joint, commentaire=commentaire
        )
        log(dossier, "epds.contact", user=par, data={"canal": canal, "joint": joint})
        if joint:
            de = dossier.statut
            dossier.statut = Statut.ECHANGE_INITIAL
            dossier.demande_en_attente_le = None
            if dossier.premier_contact_le is None and (
                dossier.premiere_demande_le is None or quand >= dossier.premiere_demande_le
            ):
                dossier.premier_contact_le = quand
            dossier.save()
            _journaliser_statut(dossier, de, par)
        else:
            dossier.save(update_fields=["modifie_le"])
    return entree


# --- Outcome, closing, reopening ----------------------------------------------------------------


def enregistrer_issue(
    dossier: DossierSuivi,
    *,
    par,
    issue: str,
    orientation_profession: str = "",
    professionnel=None,
    lieu=None,
    quand: dt.datetime | None = None,
) -> DossierSuivi:
    """What came of the follow-up, with its date; « orientée » says towards what (a kind of
    professional or place, or an entry of the directory)."""
    from annuaire.models import Profession, TypeLieu

    if issue not in Issue.values:
        raise ActionRefusee("ISSUE_INCONNUE", "Issue inconnue.", "issue")
    quand = _valider_quand(quand)
    if issue == Issue.ORIENTEE:
        if orientation_profession and orientation_profession not in (*Profession.values, *TypeLieu.values):
            raise ActionRefusee(
                "ORIENTATION_INCONNUE", "Type de professionnel inconnu.", "orientation_profession"
            )
        if not (orientation_profession or professionnel or lieu):
            raise ActionRefusee(
                "ORIENTATION_REQUISE",
                "Précisez vers quoi le parent est orienté : un type de professionnel ou une fiche de l'annuaire.",
                "orientation_profession",
            )
    else:
        orientation_profession, professionnel, lieu = "", None, None
    with transaction.atomic():
        dossier = _verrouille(dossier)
        if dossier.statut == Statut.CLOS:
            raise ActionRefusee("DOSSIER_CLOS", "Le dossier est clos : rouvrez-le pour changer son issue.")
        de = dossier.issue
        dossier.issue = issue
        dossier.issue_le = quand
        dossier.orientation_profession = orientation_profession
        dossier.orientation_professionnel = professionnel
        dossier.orientation_lieu = lieu
        dossier.save()
        log(dossier, "epds.issue", user=par, data={"de": de or None, "vers": issue})
    return dossier


def clore(dossier: DossierSuivi, *, par) -> DossierSuivi:
    """Closing keeps the outcome (a closed case is still « orientée »)."""
    with transaction.atomic():
        dossier = _verrouille(dossier)
        if dossier.statut == Statut.CLOS:
            raise ActionRefusee("DOSSIER_CLOS", "Le dossier est déjà clos.")
        de = dossier.statut
        dossier.statut = Statut.CLOS
        dossier.clos_le = timezone.now()
        dossier.demande_en_attente_le = None
        dossier.save()
        _journaliser_statut(dossier, de, par)
    return dossier


def rouvrir(dossier: DossierSuivi, *, par) -> DossierSuivi:
    with transaction.atomic():
        dossier = _verrouille(dossier)
        if dossier.statut != Statut.CLOS:
            raise ActionRefusee("DOSSIER_OUVERT", "Le dossier est déjà ouvert.")
        dossier.statut = Statut.ECHANGE_INITIAL if dossier.premier_contact_le else Statut.SANS_CONTACT
        dossier.clos_le = None
        dossier.reouvertures += 1
        dossier.save()
        _journaliser_statut(dossier, Statut.CLOS, par)
    return dossier


# --- Assignment ---------------------------------------------------------------------------------


def assigner(dossier: DossierSuivi, a, *, par, confirme: bool = False) -> DossierSuivi:
    """Gives the case to `a` (None: nobody). Taking it from a colleague needs `confirme`."""
    with transaction.atomic():
        dossier = _verrouille(dossier)
        actuel = dossier.assigne_a
        if (actuel.pk if actuel else None) == (a.pk if a else None):
            return dossier
        if actuel is not None and a is not None and actuel.pk != par.pk and not confirme:
            raise DossierDejaPris(
                "DOSSIER_DEJA_PRIS",
                f"Ce dossier est suivi par {nom_affiche(actuel)} : confirmez pour le reprendre.",
            )
        dossier.assigne_a = a
        dossier.save(update_fields=["assigne_a", "modifie_le"])
        log(
            dossier,
            "epds.assignation",
            user=par,
            data={"de": nom_affiche(actuel) if actuel else None, "vers": nom_affiche(a) if a else None},
        )
    return dossier
