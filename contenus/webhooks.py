"""Publication webhooks: partners receive signed JSON when articles and measures change.

Publishing only inserts one `LivraisonWebhook` row per interested subscription and enqueues
its delivery on commit; the HTTP POST happens in the worker (`contenus.tasks`), so a slow or
dead partner never slows an editor down.

The signature and the delivery itself are in `contenus.tasks`. `id` is the same for every retry
of an event: receivers dedupe on it.
"""

from __future__ import annotations

import uuid
from functools import partial

from django.db import transaction
from django.utils import timezone

from contenus import syndication
from contenus.models import AbonnementWebhook, ArticlePage, LivraisonWebhook, Mesure
from contenus.tasks import programmer_livraison


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


def renvoyer(livraison: LivraisonWebhook) -> None:
    """Replays a delivery (the admin's « Renvoyer »): a fresh series of attempts, same event id."""
    with transaction.atomic():
        LivraisonWebhook.objects.filter(pk=livraison.pk).update(
            statut=LivraisonWebhook.Statut.EN_ATTENTE, tentatives=0, prochaine_tentative=timezone.now()
        )
        transaction.on_commit(partial(programmer_livraison, livraison.pk))
