"""Email notifications, sent by the durable task queue (django-tasks, database backend).

The `Notification` row is the source of truth: it is created in the same transaction as the
contact request, and the task is enqueued on commit. Retries, backoff, giving up and « at most
one email accepted by the SMTP server » are the rules of `hub.tasks`; when the attempts run out
the row is « abandonnée » and `renvoyer_notifications_epds` (or a new attempt by hand) can still
pick it up. Emails never reach the logs; errors log the class only.
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from epds import scoring
from epds.models import EnvoiResultatPro, LangueEpds, Notification, QuestionnaireEpds
from epds.pdf import Texte, resultat_pdf
from epds.scoring import LIBELLES_NIVEAU
from hub.emails import corps_texte, une_ligne
from hub.tasks import Reprise, envoyer_courriel_avec_reprise, programmer

logger = logging.getLogger("epds.notifications")

REPRISE = Reprise("EPDS_NOTIFICATION")


def lien_dossier(dossier_id: int) -> str:
    """The case itself in the admin, absolute: SITE_URL when set, else Wagtail's admin base."""
    base = (getattr(settings, "SITE_URL", "") or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    return base + reverse("file_suivi_epds:edit", args=[dossier_id])


def programmer_envoi(notification_id: int, quand=None) -> None:
    programmer(envoyer_notification, notification_id, quand=quand)


def _nom_langue(code: str) -> str:
    return LangueEpds.objects.filter(code=code).values_list("nom", flat=True).first() or code


def _contexte_equipe(demande) -> dict:
    """What the team's email says of the parent's answers: the submission's score and item 10,
    or, for a request made without the test, that there is none (never a made-up score)."""
    dossier = demande.dossier
    soumission = dossier.soumission
    if soumission is None:
        return {
            "sans_test": True,
            "prioritaire": False,
            "langue": _nom_langue(demande.langue) if demande.langue else "non précisée",
            "departement": demande.departement or dossier.departement or "non précisé",
            "mois": None,
            "partenaire": dossier.partenaire.nom if dossier.partenaire_id else "non précisé",
        }
    return {
        "sans_test": False,
        "prioritaire": bool(soumission.alerte_question_10),
        "score": soumission.score,
        "niveau": LIBELLES_NIVEAU.get(soumission.niveau, soumission.niveau),
        "points_question_10": soumission.points[9],
        "langue": _nom_langue(soumission.langue),
        "departement": demande.departement or soumission.departement or "non précisé",
        "mois": soumission.mois,
        "partenaire": soumission.partenaire.nom,
    }


def _message(notification: Notification) -> EmailMessage:
    """The email of one notification; every value in it is one line (`hub.emails`)."""
    demande = notification.demande
    if notification.destinataire == Notification.Destinataire.EQUIPE:
        contexte = _contexte_equipe(demande)
        if contexte["sans_test"]:
            sujet = f"[EPDS] Demande de contact {demande.reference} — sans le test"
        else:
            sujet = f"[EPDS] Demande de contact {demande.reference} — score {contexte['score']}/30"
        if contexte["prioritaire"]:
            sujet = "[EPDS][PRIORITAIRE] " + sujet.removeprefix("[EPDS] ")
        corps = corps_texte(
            "epds/emails/equipe.txt",
            {
                **contexte,
                "reference": demande.reference,
                "prenom": demande.prenom,
                "canal": demande.get_canal_display(),
                "creneaux": demande.creneaux_lisibles(),
                "lien_dossier": lien_dossier(demande.dossier_id),
            },
        )
        destinataires = list(settings.EPDS_EMAIL_EQUIPE_SUIVI)
    else:
        sujet = "Votre demande de contact a bien été reçue"
        corps = corps_texte(
            "epds/emails/confirmation.txt",
            {"prenom": demande.prenom, "reference": demande.reference, "canal": demande.get_canal_display()},
        )
        destinataires = [demande.email]
    return EmailMessage(une_ligne(sujet), corps, settings.DEFAULT_FROM_EMAIL, destinataires)


@task()
def envoyer_notification(notification_id: int) -> str:
    """Sends one notification; on failure records it and re-enqueues itself later (backoff).

    The SMTP exchange happens outside any transaction, so a slow server never holds a lock.
    """
    Statut = Notification.Statut
    notification = (
        Notification.objects.select_related(
            "demande__dossier__soumission__partenaire", "demande__dossier__partenaire"
        )
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or notification.statut != Statut.EN_ATTENTE:
        return "rien à faire"
    ligne = Notification.objects.filter(pk=notification.pk)
    if notification.demande.donnees_purgees_le is not None:
        ligne.update(statut=Statut.ABANDONNEE, derniere_erreur="données purgées")
        return "abandonnée"
    return envoyer_courriel_avec_reprise(
        notification,
        lambda: _message(notification),
        reprise=REPRISE,
        relancer=lambda quand: programmer_envoi(notification.pk, quand),
        journal=logger,
        nom=f"EPDS : notification {notification.pk}",
    )


# --- A professional's result, as a PDF to their own email (epds.professionnels) ------------------


def programmer_envoi_pro(envoi_id: int, quand=None) -> None:
    programmer(envoyer_resultat_pro, envoi_id, quand=quand)


def _message_pro(envoi: EnvoiResultatPro) -> EmailMessage:
    """The email and its PDF, built in memory from the encrypted payload at each attempt
    (`epds.professionnels` checked it before storing it)."""
    contenu = json.loads(envoi.contenu)
    langue, version, reponses = contenu["langue"], contenu["version"], contenu["reponses"]
    questionnaires = {
        code: QuestionnaireEpds.publie_en(code, version) for code in dict.fromkeys([langue, "fr"])
    }
    resultat = scoring.evaluer(reponses, questionnaires[langue].bareme())
    noms = dict(LangueEpds.objects.values_list("code", "nom"))
    textes = [
        Texte(
            langue=noms.get(code, code),
            questions=[
                (q.numero, q.libelle, q.reponses())
                for q in sorted(questionnaire.questions.all(), key=lambda q: q.numero)
            ],
        )
        for code, questionnaire in questionnaires.items()
    ]
    passe_le = timezone.localtime(envoi.cree_le).date()
    pdf = resultat_pdf(
        resultat=resultat,
        reponses=reponses,
        textes=textes,
        passe_le=passe_le,
        version=version,
        police=settings.EPDS_PDF_POLICE,
    )
    message = EmailMessage(
        "Résultat du questionnaire EPDS de votre patiente",
        corps_texte("epds/emails/resultat_pro.txt", {"passe_le": f"{passe_le:%d/%m/%Y}"}),
        settings.DEFAULT_FROM_EMAIL,
        [contenu["email"]],
    )
    message.attach(f"resultat-epds-{passe_le:%Y-%m-%d}.pdf", pdf, "application/pdf")
    return message


@task()
def envoyer_resultat_pro(envoi_id: int) -> str:
    """Sends one professional's result, with the retries of `hub.tasks`; once the send ends
    (sent, given up, or uncertain) the encrypted payload is erased: nothing personal remains."""
    envoi = EnvoiResultatPro.objects.filter(pk=envoi_id).first()
    if envoi is None or envoi.statut != EnvoiResultatPro.Statut.EN_ATTENTE or not envoi.contenu:
        return "rien à faire"
    resultat = envoyer_courriel_avec_reprise(
        envoi,
        lambda: _message_pro(envoi),
        reprise=REPRISE,
        relancer=lambda quand: programmer_envoi_pro(envoi.pk, quand),
        journal=logger,
        nom=f"EPDS : résultat professionnel {envoi.pk}",
    )
    EnvoiResultatPro.objects.filter(pk=envoi.pk).exclude(statut=EnvoiResultatPro.Statut.EN_ATTENTE).update(
        contenu=""
    )
    return resultat
