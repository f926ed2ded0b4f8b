"""Delivery of the publication webhooks (django-tasks, database backend).

The `LivraisonWebhook` row is the source of truth (recorded by `contenus.webhooks`); each
attempt is logged (`TentativeWebhook`), and retries, backoff and giving up are the rules of
`hub.tasks` (`WEBHOOK_TENTATIVES_MAX`…); a delivery given up can still be replayed from the
admin. The POST runs outside any transaction, with a short timeout. A reclaimed task may post
an event twice: receivers dedupe on its `id`, the same for every attempt.

Signature: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` with
`X-Hub-Timestamp: <unix seconds>`. Receivers compare in constant time and must refuse a
timestamp older than 5 minutes (a replayed request keeps its old timestamp, and changing it
breaks the signature).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from contenus.models import LivraisonWebhook, TentativeWebhook
from hub.reseau import CibleRefusee, poster
from hub.tasks import Reprise, apres_echec, programmer

logger = logging.getLogger("contenus.webhooks")

EN_TETE_SIGNATURE = "X-Hub-Signature-256"
EN_TETE_HORODATAGE = "X-Hub-Timestamp"
EN_TETE_EVENEMENT = "X-Hub-Event"
FRAICHEUR_MAX_SECONDES = 5 * 60  # what receivers should accept, documented for partners

REPRISE = Reprise("WEBHOOK")


def corps(charge_utile: dict) -> bytes:
    return json.dumps(charge_utile, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def signer(secret: str, horodatage: int, contenu: bytes) -> str:
    message = f"{horodatage}.".encode() + contenu
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def programmer_livraison(livraison_id: int, quand=None) -> None:
    programmer(livrer_webhook, livraison_id, quand=quand)


# What the delivery log says of a failed connection: one text whatever happened (refused,
# timed out, reset, TLS…), so that the log cannot serve to scan ports.
ERREUR_CONNEXION = "échec de la connexion au partenaire"


def _poster(livraison) -> tuple[int | None, str]:
    contenu = corps(livraison.charge_utile)
    horodatage = int(time.time())
    en_tetes = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "1000-premiers-jours-webhooks/1",
        EN_TETE_EVENEMENT: livraison.evenement,
        EN_TETE_HORODATAGE: str(horodatage),
        EN_TETE_SIGNATURE: signer(livraison.abonnement.secret, horodatage, contenu),
    }
    try:
        reponse = poster(livraison.abonnement.url, contenu, en_tetes, settings.WEBHOOK_TIMEOUT_SECONDES)
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
    Statut = LivraisonWebhook.Statut
    livraison = (
        LivraisonWebhook.objects.select_related("abonnement__partenaire").filter(pk=livraison_id).first()
    )
    if livraison is None or livraison.statut not in (Statut.EN_ATTENTE, Statut.ECHEC):
        return "rien à faire"
    ligne = LivraisonWebhook.objects.filter(pk=livraison.pk)
    if not (livraison.abonnement.actif and livraison.abonnement.partenaire.actif):
        ligne.update(
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
        ligne.update(
            statut=Statut.LIVREE,
            tentatives=tentatives,
            dernier_code_http=code,
            derniere_erreur="",
            prochaine_tentative=None,
            livree_le=timezone.now(),
        )
        return "livrée"

    logger.warning("Webhook %s non livré (%s), tentative %s", livraison.pk, erreur, tentatives)
    return apres_echec(
        ligne,
        tentatives=tentatives,
        reprise=REPRISE,
        relancer=lambda quand: programmer_livraison(livraison.pk, quand),
        statut_nouvel_essai=Statut.ECHEC,
        statut_abandon=Statut.ABANDONNEE,
        dernier_code_http=code,
        derniere_erreur=erreur,
    )
