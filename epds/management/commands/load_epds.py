"""Loads the French EPDS (reference wording, verbatim), the languages list and default resources.

Idempotent: existing rows are left as editors made them; a published version is never touched.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Locale

from epds.models import LangueEpds, QuestionEpds, QuestionnaireEpds, RessourceEpds

DATA = Path(__file__).resolve().parents[2] / "data"


def _lire(nom):
    return json.loads((DATA / nom).read_text(encoding="utf-8"))


class Command(BaseCommand):
    help = "Charge le questionnaire EPDS français, les langues et les ressources par défaut. Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        contenus = {code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES}
        for langue in _lire("langues.json"):
            LangueEpds.objects.get_or_create(code=langue["code"], defaults=langue)
        # A locale for each language, so editors can add its questionnaire and resources at once.
        for code in LangueEpds.objects.filter(code__in=contenus).values_list("code", flat=True):
            Locale.objects.get_or_create(language_code=code)

        donnees = _lire("questionnaire_fr.json")
        locale, _ = Locale.objects.get_or_create(language_code=donnees["langue"])
        if not QuestionnaireEpds.objects.filter(version=donnees["version"], locale=locale).exists():
            questionnaire = QuestionnaireEpds(
                version=donnees["version"], consigne=donnees["consigne"], locale=locale
            )
            questionnaire.questions = [
                QuestionEpds(
                    sort_order=i,
                    numero=q["numero"],
                    libelle=q["libelle"],
                    **{f"reponse_{n}": r["libelle"] for n, r in enumerate(q["reponses"], start=1)},
                    **{f"points_{n}": r["points"] for n, r in enumerate(q["reponses"], start=1)},
                )
                for i, q in enumerate(donnees["questions"])
            ]
            questionnaire.publie = True
            questionnaire.save()
            self.stdout.write(f"  questionnaire EPDS {donnees['version']} ({locale.language_code}) publié")

        if not RessourceEpds.objects.filter(locale=locale).exists():
            for r in _lire("ressources_fr.json"):
                niveaux = r.pop("niveaux")
                RessourceEpds.objects.create(
                    locale=locale,
                    **r,
                    **{
                        champ: (niveau in niveaux) for niveau, champ in RessourceEpds.CHAMP_PAR_NIVEAU.items()
                    },
                )
        self.stdout.write(self.style.SUCCESS("EPDS chargé."))
