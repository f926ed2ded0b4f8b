"""Safety net for webhook deliveries: re-enqueues those whose attempt is overdue.

The task re-enqueues itself after a failure; run this periodically (cron, hourly) to cover a
lost queue row or a worker that died mid-attempt, and with `--abandonnees` to try again the
deliveries given up after too many attempts. A delivery is overdue `--marge` minutes after its
planned attempt, so that the ones waiting in the queue are left alone; a duplicate is harmless
anyway (the task skips delivered rows, and receivers dedupe on the event `id`).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from contenus.models import LivraisonWebhook
from contenus.tasks import programmer_livraison


class Command(BaseCommand):
    help = "Remet en file les livraisons de webhooks en retard (et, avec --abandonnees, les abandonnées)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--abandonnees", action="store_true", help="Réessayer aussi les livraisons abandonnées."
        )
        parser.add_argument(
            "--marge", type=int, default=10, help="Minutes de retard avant de remettre en file."
        )

    def handle(self, *args, abandonnees=False, marge=10, **options):
        Statut = LivraisonWebhook.Statut
        limite = timezone.now() - timedelta(minutes=marge)
        en_retard = Q(prochaine_tentative__lte=limite) | Q(
            prochaine_tentative__isnull=True, cree_le__lte=limite
        )
        pks = list(
            LivraisonWebhook.objects.filter(
                en_retard, statut__in=[Statut.EN_ATTENTE, Statut.ECHEC]
            ).values_list("pk", flat=True)
        )
        if abandonnees:
            abandonnees_ = LivraisonWebhook.objects.filter(statut=Statut.ABANDONNEE, abonnement__actif=True)
            pks_abandonnees = list(abandonnees_.values_list("pk", flat=True))
            LivraisonWebhook.objects.filter(pk__in=pks_abandonnees).update(
                statut=Statut.EN_ATTENTE, tentatives=0, prochaine_tentative=timezone.now()
            )
            pks += pks_abandonnees
        for pk in pks:
            programmer_livraison(pk)
        self.stdout.write(f"{len(pks)} livraison(s) remise(s) en file.")
