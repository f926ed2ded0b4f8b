"""Emails of the annuaire, sent by the durable task queue (django-tasks, like EPDS notifications).

Retries, backoff, giving up and « at most one email accepted by the SMTP server » are the rules
of `hub.tasks` (settings `ANNUAIRE_LIEN_EMAIL_*`); the state is on the `LienModification` row.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks import task

from annuaire.models import LienModification
from epds.crypto import dechiffrer
from hub.emails import corps_texte
from hub.models import StatutEnvoi
from hub.tasks import Reprise, envoyer_courriel_avec_reprise, programmer

logger = logging.getLogger("annuaire.mise_a_jour")

REPRISE = Reprise("ANNUAIRE_LIEN_EMAIL")


def url_du_lien(jeton: str) -> str:
    return settings.SITE_URL + reverse("annuaire:mise_a_jour", args=[jeton])


def programmer_envoi_lien(lien_id: int, jeton_chiffre: str, quand=None) -> None:
    programmer(envoyer_lien_modification, lien_id, jeton_chiffre, quand=quand)


def _message(lien: LienModification, jeton_chiffre: str) -> EmailMessage:
    contexte = {
        "professionnel": str(lien.professionnel),
        "url": url_du_lien(dechiffrer(jeton_chiffre)),
        "expire_le": date_format(timezone.localtime(lien.expire_le), "j F Y à H\\hi"),
    }
    return EmailMessage(
        "Mettez à jour votre fiche de l'annuaire 1000 premiers jours",
        corps_texte("annuaire/emails/lien_modification.txt", contexte),
        settings.DEFAULT_FROM_EMAIL,
        [lien.professionnel.email],
    )


@task()
def envoyer_lien_modification(lien_id: int, jeton_chiffre: str) -> str:
    """Emails the update link to the professional. The token travels encrypted in the queue."""
    lien = LienModification.objects.select_related("professionnel").filter(pk=lien_id).first()
    if lien is None or not lien.utilisable or lien.statut != StatutEnvoi.EN_ATTENTE:
        return "rien à faire"
    if not lien.professionnel.email:
        LienModification.objects.filter(pk=lien.pk).update(
            statut=StatutEnvoi.ABANDONNE, derniere_erreur="pas d'adresse e-mail"
        )
        return "pas d'adresse e-mail"
    resultat = envoyer_courriel_avec_reprise(
        lien,
        lambda: _message(lien, jeton_chiffre),
        reprise=REPRISE,
        relancer=lambda quand: programmer_envoi_lien(lien.pk, jeton_chiffre, quand),
        journal=logger,
        nom=f"Annuaire : lien de mise à jour {lien.pk}",
    )
    if resultat == "envoyé":
        logger.info("Annuaire : lien de mise à jour %s envoyé", lien.pk)
    return resultat
