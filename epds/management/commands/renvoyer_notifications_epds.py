"""Safety net for notifications: re-enqueues those still pending whose next attempt is due.

The task already re-enqueues itself after a failure; run this periodically (cron) to cover a
lost queue row or notifications given up after too many attempts (`--abandonnees`). A
notification « incertaine » (its worker died while the SMTP server was receiving it) is sent
again only with `--incertaines`, once the team has checked its Message-ID is not in the mailbox.
"""

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from epds.models import Notification
from epds.tasks import programmer_envoi


class Command(BaseCommand):
    help = "Remet en file les notifications EPDS en attente (et, avec --abandonnees, celles abandonnées)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--abandonnees", action="store_true", help="Réessayer aussi les notifications abandonnées."
        )
        parser.add_argument(
            "--incertaines",
            action="store_true",
            help="Renvoyer aussi les notifications à l'envoi incertain (vérifier d'abord la boîte).",
        )

    def handle(self, *args, abandonnees=False, incertaines=False, **options):
        dues = Q(statut=Notification.Statut.EN_ATTENTE) & (
            Q(prochaine_tentative__isnull=True) | Q(prochaine_tentative__lte=timezone.now())
        )
        if abandonnees:
            Notification.objects.filter(
                statut=Notification.Statut.ABANDONNEE, demande__donnees_purgees_le=None
            ).update(statut=Notification.Statut.EN_ATTENTE, tentatives=0, prochaine_tentative=None)
        if incertaines:
            Notification.objects.filter(
                statut=Notification.Statut.INCERTAINE, demande__donnees_purgees_le=None
            ).update(statut=Notification.Statut.EN_ATTENTE, envoi_en_cours_le=None, prochaine_tentative=None)
        n = 0
        for pk in Notification.objects.filter(dues).values_list("pk", flat=True):
            programmer_envoi(pk)
            n += 1
        self.stdout.write(f"{n} notification(s) remise(s) en file.")
