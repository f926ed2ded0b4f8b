"""Emails of the annuaire, sent by the durable task queue (django-tasks, like EPDS notifications)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks import task

from hub.emails import corps_texte

logger = logging.getLogger("annuaire.mise_a_jour")


@task()
def envoyer_lien_modification(lien_id: int, jeton_chiffre: str) -> str:
    """Emails the update link to the professional. The token travels encrypted in the queue."""
    from annuaire.mise_a_jour import url_du_lien
    from annuaire.models import LienModification
    from epds.crypto import dechiffrer

    lien = LienModification.objects.select_related("professionnel").filter(pk=lien_id).first()
    if lien is None or not lien.utilisable:
        return "rien à faire"
    pro = lien.professionnel
    if not pro.email:
        return "pas d'adresse e-mail"
    contexte = {
        "professionnel": str(pro),
        "url": url_du_lien(dechiffrer(jeton_chiffre)),
        "expire_le": date_format(timezone.localtime(lien.expire_le), "j F Y à H\\hi"),
    }
    corps = corps_texte("annuaire/emails/lien_modification.txt", contexte)
    EmailMessage(
        "Mettez à jour votre fiche de l'annuaire 1000 premiers jours",
        corps,
        settings.DEFAULT_FROM_EMAIL,
        [pro.email],
    ).send(fail_silently=False)
    LienModification.objects.filter(pk=lien.pk).update(envoye_le=timezone.now())
    logger.info("Annuaire : lien de mise à jour %s envoyé", lien.pk)
    return "envoyé"
