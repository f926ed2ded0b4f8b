"""Emails of the annuaire, sent by the durable task queue (django-tasks, like EPDS notifications).

Retries, backoff, giving up and « at most one email accepted by the SMTP server » are the rules
of `hub.tasks` (settings `ANNUAIRE_LIEN_EMAIL_*`); the state is on the `LienModification` row.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from annuaire.models import LienModification, StatutEnvoi
from epds.crypto import dechiffrer
from hub.tasks import EnvoiIncertain, Reprise, apres_echec, envoyer_courriel_une_fois, programmer

logger = logging.getLogger("annuaire.mise_a_jour")

REPRISE = Reprise("ANNUAIRE_LIEN_EMAIL")


def url_du_lien(jeton: str) -> str:
    return settings.SITE_URL + reverse("annuaire:mise_a_jour", args=[jeton])


def programmer_envoi_lien(lien_id: int, jeton_chiffre: str, quand=None) -> None:
    programmer(envoyer_lien_modification, lien_id, jeton_chiffre, quand=quand)


@task()
def envoyer_lien_modification(lien_id: int, jeton_chiffre: str) -> str:
    """Emails the update link to the professional. The token travels encrypted in the queue."""
    lien = LienModification.objects.select_related("professionnel").filter(pk=lien_id).first()
    if lien is None or not lien.utilisable or lien.statut != StatutEnvoi.EN_ATTENTE:
        return "rien à faire"
    pro = lien.professionnel
    ligne = LienModification.objects.filter(pk=lien.pk)
    if not pro.email:
        ligne.update(statut=StatutEnvoi.ABANDONNE, derniere_erreur="pas d'adresse e-mail")
        return "pas d'adresse e-mail"
    contexte = {
        "professionnel": pro,
        "url": url_du_lien(dechiffrer(jeton_chiffre)),
        "expire_le": timezone.localtime(lien.expire_le),
    }
    message = EmailMessage(
        "Mettez à jour votre fiche de l'annuaire 1000 premiers jours",
        render_to_string("annuaire/emails/lien_modification.txt", contexte),
        settings.DEFAULT_FROM_EMAIL,
        [pro.email],
    )
    tentatives = lien.tentatives + 1
    try:
        envoyer_courriel_une_fois(
            ligne,
            message,
            message_id=lien.message_id,
            accepte=lambda le: ligne.update(
                statut=StatutEnvoi.ENVOYE, tentatives=tentatives, envoye_le=le, prochaine_tentative=None
            ),
        )
    except EnvoiIncertain as incertain:
        ligne.update(statut=StatutEnvoi.INCERTAIN, derniere_erreur="envoi interrompu, non renvoyé")
        logger.warning("Annuaire : lien %s peut-être envoyé (%s), à vérifier", lien.pk, incertain)
        return "incertain"
    except Exception as erreur:  # noqa: BLE001 — any delivery failure is retried
        nom_erreur = type(erreur).__name__[:200]
        logger.warning("Annuaire : lien %s non envoyé (%s), tentative %s", lien.pk, nom_erreur, tentatives)
        return apres_echec(
            ligne,
            tentatives=tentatives,
            reprise=REPRISE,
            relancer=lambda quand: programmer_envoi_lien(lien.pk, jeton_chiffre, quand),
            statut_nouvel_essai=StatutEnvoi.EN_ATTENTE,
            statut_abandon=StatutEnvoi.ABANDONNE,
            derniere_erreur=nom_erreur,
        )
    logger.info("Annuaire : lien de mise à jour %s envoyé", lien.pk)
    return "envoyé"
