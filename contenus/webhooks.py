"""Publication webhooks: partners receive signed JSON when articles and measures change.

Publishing only inserts one `LivraisonWebhook` row per interested subscription and enqueues
its delivery on commit; the HTTP POST happens in the worker (`contenus.tasks`), so a slow or
dead partner never slows an editor down.

Signature: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` with
`X-Hub-Timestamp: <unix seconds>`. Receivers compare in constant time and must refuse a
timestamp older than 5 minutes (a replayed request keeps its old timestamp, and changing it
breaks the signature). `id` is the same for every retry of an event: receivers dedupe on it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from contenus import syndication
from contenus.models import AbonnementWebhook, ArticlePage, LivraisonWebhook, Mesure
from hub.tasks import delai_exponentiel

EN_TETE_SIGNATURE = "X-Hub-Signature-256"
EN_TETE_HORODATAGE = "X-Hub-Timestamp"
EN_TETE_EVENEMENT = "X-Hub-Event"
FRAICHEUR_MAX_SECONDES = 5 * 60  # what receivers should accept, documented for partners


def tentatives_max() -> int:
    return settings.WEBHOOK_TENTATIVES_MAX


def delai_secondes() -> int:
    return settings.WEBHOOK_TIMEOUT_SECONDES


def delai_avant_tentative(tentatives: int):
    return delai_exponentiel(
        tentatives,
        settings.WEBHOOK_DELAI_SECONDES,
        settings.WEBHOOK_DELAI_MAX_SECONDES,
    )


def corps(charge_utile: dict) -> bytes:
    return json.dumps(charge_utile, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def signer(secret: str, horodatage: int, contenu: bytes) -> str:
    message = f"{horodatage}.".encode() + contenu
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _donnees(objet: ArticlePage | Mesure) -> dict:
    """What a partner receives about an article or a measure (the same keys for both)."""
    est_article = isinstance(objet, ArticlePage)
    return {
        "type": "article" if est_article else "mesure",
        "id": str(objet.pk),
        "slug": objet.slug,
        "titre": objet.title if est_article else objet.titre,
        "resume": objet.resume,
        "url": syndication.url_article(objet) if est_article else syndication.url_mesure(objet),
        "licence": syndication.licence(objet),
        "attribution": syndication.attribution(objet),
        "publieLe": objet.first_published_at.isoformat() if objet.first_published_at else None,
        "misAJourLe": objet.last_published_at.isoformat() if objet.last_published_at else None,
    }


def notifier(evenement: str, objet: ArticlePage | Mesure) -> list[LivraisonWebhook]:
    """Records one delivery per active subscription to `evenement` and enqueues them on commit."""
    abonnements = [
        a
        for a in AbonnementWebhook.objects.filter(actif=True, partenaire__actif=True)
        if evenement in a.evenements  # a short table; JSON containment differs between databases
    ]
    if not abonnements:
        return []
    donnees = _donnees(objet)
    charge_utile = {
        "id": str(uuid.uuid4()),
        "evenement": evenement,
        "emisLe": timezone.now().isoformat(),
        "donnees": donnees,
    }
    livraisons = [
        LivraisonWebhook(abonnement=a, evenement=evenement, charge_utile=charge_utile) for a in abonnements
    ]
    with transaction.atomic():
        for livraison in livraisons:
            livraison.save()
            transaction.on_commit(partial(programmer_livraison, livraison.pk))
    return livraisons


def programmer_livraison(livraison_id: int, quand=None) -> None:
    from contenus.tasks import livrer_webhook
    from hub.tasks import programmer

    programmer(livrer_webhook, livraison_id, quand=quand)


def renvoyer(livraison: LivraisonWebhook) -> None:
    """Replays a delivery (the admin's « Renvoyer »): a fresh series of attempts, same event id."""
    with transaction.atomic():
        LivraisonWebhook.objects.filter(pk=livraison.pk).update(
            statut=LivraisonWebhook.Statut.EN_ATTENTE, tentatives=0, prochaine_tentative=timezone.now()
        )
        transaction.on_commit(partial(programmer_livraison, livraison.pk))
