"""`manage.py planificateur`: runs deploy/schedule.json's periodic commands (hub/planificateur.py)."""

from __future__ import annotations

import signal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hub.planificateur import Planificateur, charger


class Command(BaseCommand):
    help = "Exécute les commandes périodiques de deploy/schedule.json à leurs heures."

    def add_arguments(self, parser):
        parser.add_argument("--battement", default="", help="Fichier touché à chaque tour (healthcheck).")
        parser.add_argument(
            "--maintenant", metavar="NOM", help="Exécuter cette tâche tout de suite, puis sortir."
        )

    def handle(self, *args, battement, maintenant, **options):
        taches = charger()
        planificateur = Planificateur(taches, settings.TIME_ZONE, Path(battement) if battement else None)
        if maintenant:
            tache = next((t for t in taches if t.nom == maintenant), None)
            if tache is None:
                raise CommandError(f"Tâche inconnue : {maintenant} ({', '.join(t.nom for t in taches)}).")
            code = planificateur.executer(tache)
            if code:
                raise CommandError(f"{tache.nom} : code de sortie {code}.")
            return
        signal.signal(signal.SIGTERM, lambda *_: planificateur.arret.set())
        signal.signal(signal.SIGINT, lambda *_: planificateur.arret.set())
        planificateur.tourner()
