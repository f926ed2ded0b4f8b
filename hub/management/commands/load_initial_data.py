"""Loads the reference content that makes a fresh install useful at once. Idempotent."""

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

from hub.adresses import aligner_site

# Each domain's own loader, in dependency order; each one is idempotent.
LOADERS = [
    "load_departements",  # annuaire: départements and régions
    "load_types_lieu",  # annuaire: the types of the map (structures, professions)
    "load_parcours",  # contenus: étapes, thématiques, calendrier, mesures, articles
    "load_epds",  # epds: questionnaire, langues, ressources
    "load_reperage",  # reperage: domains, sample questionnaires (unpublished)
]


class Command(BaseCommand):
    help = "Charge le contenu de référence (étapes, calendrier, mesures, EPDS…). Idempotent."

    def handle(self, *args, **options):
        available = get_commands()
        for name in LOADERS:
            if name in available:
                self.stdout.write(f"→ {name}")
                call_command(name, stdout=self.stdout, stderr=self.stderr)
        aligner_site()  # Wagtail's default Site on SITE_URL (page URLs are built from it)
        self.stdout.write(self.style.SUCCESS("Contenu de référence chargé."))
