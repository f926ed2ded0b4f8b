"""Publication events of articles and measures, turned into webhook deliveries.

« modifié » means published while already live: `pre_save` notes whether the row was live
before the publish action saves it (Wagtail sets `first_published_at` only once, so it cannot
tell a republish after an unpublish from an update).
"""

from __future__ import annotations

from django.db.models.signals import pre_delete, pre_save
from wagtail.signals import page_published, page_unpublished, published, unpublished

from contenus import webhooks
from contenus.models import ArticlePage, Mesure

EVENEMENTS = {
    ArticlePage: ("article.publie", "article.modifie", "article.depublie"),
    Mesure: ("mesure.publiee", "mesure.modifiee", "mesure.depubliee"),
}


def _noter_etat_precedent(sender, instance, **kwargs):
    if instance.pk and instance.live:
        # A row created with Wagtail's default `live=True` but never published has no live revision.
        instance._etait_en_ligne = sender.objects.filter(
            pk=instance.pk, live=True, live_revision__isnull=False
        ).exists()


def _publie(sender, instance, **kwargs):
    if not instance.live:  # scheduled for later: Wagtail sends the signal again when it goes live
        return
    publie, modifie, _ = EVENEMENTS[sender]
    webhooks.notifier(modifie if getattr(instance, "_etait_en_ligne", False) else publie, instance)


def _depublie(sender, instance, **kwargs):
    webhooks.notifier(EVENEMENTS[sender][2], instance)


def _supprime(sender, instance, **kwargs):
    """Deleting a live measure takes it offline: partners hear of it as an unpublish.

    (Wagtail itself unpublishes a live page before deleting it, which sends `page_unpublished`.)
    """
    if instance.live and instance.live_revision_id:
        _depublie(sender, instance)


def connecter() -> None:
    for modele in EVENEMENTS:
        pre_save.connect(
            _noter_etat_precedent, sender=modele, dispatch_uid=f"webhooks.etat.{modele.__name__}"
        )
    pre_delete.connect(_supprime, sender=Mesure, dispatch_uid="webhooks.mesure.suppression")
    page_published.connect(_publie, sender=ArticlePage, dispatch_uid="webhooks.article.publie")
    page_unpublished.connect(_depublie, sender=ArticlePage, dispatch_uid="webhooks.article.depublie")
    published.connect(_publie, sender=Mesure, dispatch_uid="webhooks.mesure.publiee")
    unpublished.connect(_depublie, sender=Mesure, dispatch_uid="webhooks.mesure.depubliee")
