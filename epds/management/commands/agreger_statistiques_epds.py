"""Daily roll-up of the submissions for the figures (epds.statistiques): run it once a day
(cron / scheduler, like purge_epds). Days not rolled up yet are counted from the rows
themselves, so a missed run only makes the dashboard slower, never wrong."""

from django.core.management.base import BaseCommand

from epds.statistiques import agreger_jours_passes


class Command(BaseCommand):
    help = "Agrège par jour les soumissions EPDS des jours écoulés (chiffres du tableau de bord)."

    def handle(self, *args, **options):
        n = agreger_jours_passes()
        self.stdout.write(f"{n} jour(s) agrégé(s).")
