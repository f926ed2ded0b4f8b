"""Imports professionals or places from a CSV file (columns: see annuaire/importers.py).

    manage.py import_annuaire professionnels fichier.csv [--simulation] [--tout-ou-rien]
                                                         [--rapport rejets.csv]

Every row is validated first; rejected rows are listed with their line number and reasons
and are not imported; the valid rows are upserted by `identifiant` in one transaction.
Exit status 1 when rows were rejected and nothing was written (--tout-ou-rien), or when the
file itself is unusable.
"""

import argparse
import csv
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from annuaire import importers
from annuaire.importers import COLONNES, FichierInvalide, importer


class Command(BaseCommand):
    help = "Importe des professionnels ou des lieux depuis un fichier CSV (UTF-8, ; ou ,)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        parser.epilog = importers.__doc__  # the documented columns
        return parser

    def add_arguments(self, parser):
        parser.add_argument("sorte", choices=sorted(COLONNES), help="professionnels ou lieux")
        parser.add_argument("fichier", type=Path)
        parser.add_argument("--simulation", action="store_true", help="Valide sans rien écrire.")
        parser.add_argument(
            "--tout-ou-rien", action="store_true", help="N'écrit rien si une seule ligne est rejetée."
        )
        parser.add_argument("--rapport", type=Path, help="Écrit les lignes rejetées dans ce fichier CSV.")
        parser.add_argument("--max-rejets-affiches", type=int, default=200)

    def handle(
        self, *args, sorte, fichier, simulation, tout_ou_rien, rapport, max_rejets_affiches, **options
    ):
        try:
            contenu = fichier.read_bytes()
        except OSError as erreur:
            raise CommandError(f"Lecture impossible de {fichier} : {erreur.strerror}") from None
        debut = time.monotonic()

        def progression(etape, fait, total):
            if options.get("verbosity", 1) >= 1:
                self.stdout.write(f"  {etape} : {fait}/{total} lignes ({time.monotonic() - debut:.1f} s)")

        try:
            resultat = importer(
                contenu, sorte, tout_ou_rien=tout_ou_rien, simulation=simulation, progression=progression
            )
        except FichierInvalide as erreur:
            raise CommandError(str(erreur)) from None
        duree = time.monotonic() - debut

        for rejet in resultat.rejets[:max_rejets_affiches]:
            self.stderr.write(f"Rejetée : {rejet}")
        if len(resultat.rejets) > max_rejets_affiches:
            self.stderr.write(f"… et {len(resultat.rejets) - max_rejets_affiches} autres lignes rejetées.")
        for rejet in resultat.non_localisees[:max_rejets_affiches]:
            self.stderr.write(f"Sans coordonnées : {rejet}")
        if resultat.a_localiser_sans_geocodeur:
            self.stderr.write(
                f"{resultat.a_localiser_sans_geocodeur} ligne(s) sans coordonnées : aucun géocodeur configuré "
                "(réglage GEOCODER)."
            )
        if rapport:
            with rapport.open("w", encoding="utf-8", newline="") as sortie:
                ecrivain = csv.writer(sortie, delimiter=";")
                ecrivain.writerow(["ligne", "identifiant", "raisons"])
                for rejet in sorted(resultat.rejets + resultat.non_localisees, key=lambda r: r.ligne):
                    ecrivain.writerow([rejet.ligne, rejet.identifiant, " ; ".join(rejet.raisons)])

        resume = (
            f"{resultat.lignes} lignes lues, {resultat.valides} valides, {len(resultat.rejets)} rejetées ; "
            f"{resultat.crees} créées, {resultat.mis_a_jour} mises à jour en {duree:.1f} s ; "
            f"{resultat.localisees} adresse(s) localisée(s), {len(resultat.non_localisees)} non localisée(s)."
        )
        if simulation:
            self.stdout.write(f"Simulation, rien n'a été écrit. {resume}")
        elif not resultat.applique:
            raise CommandError(f"Rien n'a été importé (--tout-ou-rien et des lignes rejetées). {resume}")
        else:
            self.stdout.write(self.style.SUCCESS(resume))
