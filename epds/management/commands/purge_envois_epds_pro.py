"""Retention of the professionals' EPDS sends: nothing personal outlives the send.

The sending task erases a row's encrypted payload as soon as the send ends; this command deletes
every row older than EPDS_PRO_RETENTION_HEURES whatever its state (a send whose queue entry was
lost included), with its idempotency key and fingerprint. Run it hourly (cron / scheduler)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from epds.models import EnvoiResultatPro


class Command(BaseCommand):
    help = (
        "Supprime les envois de résultats EPDS aux professionnels plus anciens que la durée de conservation."
    )

    def add_arguments(self, parser):
        parser.add_argument("--heures", type=int, default=None)

    def handle(self, *args, heures=None, **options):
        heures = settings.EPDS_PRO_RETENTION_HEURES if heures is None else heures
        n, _ = EnvoiResultatPro.objects.filter(cree_le__lte=timezone.now() - timedelta(hours=heures)).delete()
        self.stdout.write(f"{n} envoi(s) aux professionnels supprimé(s).")
