"""Retention of the repérage TND answers: deletes those received more than
REPERAGE_RETENTION_JOURS days ago (anonymous, but kept no longer than the figures need).
Run it daily (cron / scheduler), beside purge_epds."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from reperage.models import ReponseTnd


class Command(BaseCommand):
    help = "Supprime les réponses au repérage TND plus anciennes que la durée de conservation."

    def add_arguments(self, parser):
        parser.add_argument("--jours", type=int, default=None)
        parser.add_argument("--dry-run", action="store_true", help="Compter sans rien supprimer.")

    def handle(self, *args, jours=None, dry_run=False, **options):
        jours = settings.REPERAGE_RETENTION_JOURS if jours is None else jours
        dues = ReponseTnd.objects.filter(recu_le__lt=timezone.localdate() - timedelta(days=jours))
        if dry_run:
            self.stdout.write(f"{dues.count()} réponse(s) à supprimer.")
            return
        n, _ = dues.delete()
        self.stdout.write(f"{n} réponse(s) au repérage TND supprimée(s).")
