"""Loads the EPDS in French and English (reference wording, verbatim), the languages list, default
resources and the widget's texts (epds/data/libelles_<langue>.json).

Idempotent: existing rows are left as editors made them; a published version is never touched.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Locale

from epds.models import (
    LangueEpds,
    LibelleEpds,
    QuestionEpds,
    QuestionnaireEpds,
    RessourceEpds,
    cle_de_traduction,
)
from hub import donnees

DATA = donnees.dossier("epds")


def _lire(nom):
    return donnees.lire("epds", nom)


class Command(BaseCommand):
    help = "Charge le questionnaire EPDS (français, anglais), les langues, les ressources et les textes du widget. Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        contenus = {code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES}
        for langue in _lire("langues.json"):
            LangueEpds.objects.get_or_create(code=langue["code"], defaults=langue)
        # A locale for each language, so editors can add its questionnaire and resources at once.
        for code in LangueEpds.objects.filter(code__in=contenus).values_list("code", flat=True):
            Locale.objects.get_or_create(language_code=code)

        for fichier in sorted(DATA.glob("questionnaire_*.json")):
            self._questionnaire(_lire(fichier.name))
        for fichier in sorted(DATA.glob("libelles_*.json")):
            self._libelles(fichier.stem.removeprefix("libelles_"), _lire(fichier.name))

        locale = Locale.objects.get(language_code="fr")
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

    def _questionnaire(self, donnees):
        locale, _ = Locale.objects.get_or_create(language_code=donnees["langue"])
        if QuestionnaireEpds.objects.filter(version=donnees["version"], locale=locale).exists():
            return
        # A translation of a version shares its translation key (Wagtail's link between languages).
        traduit_de = QuestionnaireEpds.objects.filter(version=donnees["version"]).first()
        questionnaire = QuestionnaireEpds(
            version=donnees["version"], consigne=donnees["consigne"], locale=locale
        )
        if traduit_de is not None:
            questionnaire.translation_key = traduit_de.translation_key
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

    def _libelles(self, code, textes):
        """Adds the missing texts of a language; texts editors changed are left as they are."""
        locale, _ = Locale.objects.get_or_create(language_code=code)
        existants = set(LibelleEpds.objects.filter(locale=locale).values_list("cle", flat=True))
        LibelleEpds.objects.bulk_create(
            [
                LibelleEpds(cle=cle, texte=texte, locale=locale, translation_key=cle_de_traduction(cle))
                for cle, texte in textes.items()
                if cle not in existants
            ]
        )
