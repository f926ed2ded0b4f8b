"""Loads the régions and the 101 départements of France (annuaire/data/*.csv). Idempotent."""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from annuaire.models import Departement, Region

DATA = Path(__file__).resolve().parents[2] / "data"


def _lire(nom: str) -> list[dict[str, str]]:
    with (DATA / nom).open(encoding="utf-8", newline="") as fichier:
        return list(csv.DictReader(fichier, delimiter=";"))


class Command(BaseCommand):
    help = "Charge les régions et les 101 départements (métropole et outre-mer). Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        regions = {}
        crees = 0
        for ligne in _lire("regions.csv"):
            region, cree = Region.objects.update_or_create(code=ligne["code"], defaults={"nom": ligne["nom"]})
            regions[region.code] = region
            crees += cree
        for ligne in _lire("departements.csv"):
            _, cree = Departement.objects.update_or_create(
                code=ligne["code"], defaults={"nom": ligne["nom"], "region": regions[ligne["region"]]}
            )
            crees += cree
        self.stdout.write(
            f"{Region.objects.count()} régions, {Departement.objects.count()} départements ({crees} créés)."
        )
