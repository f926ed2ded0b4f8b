"""Delivery of the publication webhooks (django-tasks, database backend).

Same pattern as the EPDS notifications (`epds.tasks`): the `LivraisonWebhook` row is the source
of truth; each attempt is recorded (`TentativeWebhook`), and a failure re-enqueues the task with
an exponential backoff until `WEBHOOK_TENTATIVES_MAX`, then the delivery is « abandonnée »
(the admin can still replay it). The POST runs outside any transaction, with a short timeout.
"""

from __future__ import annotations

import logging
import time

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from contenus import webhooks

logger = logging.getLogger("contenus.webhooks")


# What the delivery log says of a failed connection: one text whatever happened (refused,
# timed out, reset, TLS…), so that the log cannot serve to scan ports.
ERREUR_CONNEXION = "échec de la connexion au partenaire"


def _poster(livraison) -> tuple[int | None, str]:
    from hub.reseau import CibleRefusee, poster

    contenu = webhooks.corps(livraison.charge_utile)
    horodatage = int(time.time())
    en_tetes = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "1000-premiers-jours-webhooks/1",
        webhooks.EN_TETE_EVENEMENT: livraison.evenement,
        webhooks.EN_TETE_HORODATAGE: str(horodatage),
        webhooks.EN_TETE_SIGNATURE: webhooks.signer(livraison.abonnement.secret, horodatage, contenu),
    }
    try:
        reponse = poster(livraison.abonnement.url, contenu, en_tetes, webhooks.delai_secondes())
    except CibleRefusee:
        return None, "adresse de réception non autorisée (réseau non public)"
    except Exception as erreur:  # noqa: BLE001 — every network failure is one and the same here
        logger.info("Webhook %s : %s", livraison.pk, type(erreur).__name__)
        return None, ERREUR_CONNEXION
    if 200 <= reponse.status < 300:
        return reponse.status, ""
    return reponse.status, f"HTTP {reponse.status}"


@task()
def livrer_webhook(livraison_id: int) -> str:
    """Posts one delivery; on failure records it and re-enqueues itself later (backoff)."""
    from contenus.models import LivraisonWebhook, TentativeWebhook

    Statut = LivraisonWebhook.Statut
    livraison = (
        LivraisonWebhook.objects.select_related("abonnement__partenaire").filter(pk=livraison_id).first()
    )
    if livraison is None or livraison.statut not in (Statut.EN_ATTENTE, Statut.ECHEC):
        return "rien à faire"
    if not (livraison.abonnement.actif and livraison.abonnement.partenaire.actif):
        LivraisonWebhook.objects.filter(pk=livraison.pk).update(
            statut=Statut.ABANDONNEE,
            derniere_erreur="abonnement ou partenaire désactivé",
            prochaine_tentative=None,
        )
        return "abandonnée"

    debut = time.monotonic()
    code, erreur = _poster(livraison)
    duree_ms = int((time.monotonic() - debut) * 1000)
    tentatives = livraison.tentatives + 1
    TentativeWebhook.objects.create(livraison=livraison, code_http=code, erreur=erreur, duree_ms=duree_ms)
    if not erreur:
        LivraisonWebhook.objects.filter(pk=livraison.pk).update(
            statut=Statut.LIVREE,
            tentatives=tentatives,
            dernier_code_http=code,
            derniere_erreur="",
            prochaine_tentative=None,
            livree_le=timezone.now(),
        )
        return "livrée"

    logger.warning("Webhook %s non livré (%s), tentative %s", livraison.pk, erreur, tentatives)
    abandon = tentatives >= webhooks.tentatives_max()
    quand = None if abandon else timezone.now() + webhooks.delai_avant_tentative(tentatives)
    with transaction.atomic():
        LivraisonWebhook.objects.filter(pk=livraison.pk).update(
            statut=Statut.ABANDONNEE if abandon else Statut.ECHEC,
            tentatives=tentatives,
            dernier_code_http=code,
            derniere_erreur=erreur,
            prochaine_tentative=quand,
        )
        if quand is not None:
            transaction.on_commit(lambda: webhooks.programmer_livraison(livraison.pk, quand))
    return "abandonnée" if abandon else "échec, nouvelle tentative programmée"
