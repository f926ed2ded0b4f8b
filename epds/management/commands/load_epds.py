"""Loads the EPDS in French and English (reference wording, verbatim), the languages list, default
resources and the widget's texts (epds/data/libelles_<langue>.json).

Idempotent: a published questionnaire version is never touched; texts editors changed are kept.
The French resources (epds/data/ressources_fr.json, each with a stable `cle`) are reference rows the
loader owns (`hub.reference`): missing ones are created, ones nobody edited get the corrected
values, ones an editor changed are kept and reported. An install loaded before the loader kept any
record is recognised by the versions it shipped earlier (epds/data/ressources_fr_anterieures.json).
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
from hub.reference import Proprietaire

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

        proprietaire = Proprietaire()
        self._ressources(Locale.objects.get(language_code="fr"), proprietaire)
        lignes = proprietaire.rapport()
        self.stdout.write(f"  ressources EPDS : {lignes[0]}")
        for ligne in lignes[1:]:
            self.stdout.write(self.style.WARNING(ligne))
        self.stdout.write(self.style.SUCCESS("EPDS chargé."))

    def _ressources(self, locale, proprietaire):
        anciennes = {}
        for r in _lire("ressources_fr_anterieures.json"):
            anciennes.setdefault(r["cle"], []).append(_valeurs_ressource(r))
        for r in _lire("ressources_fr.json"):
            cle = r["cle"]
            reference = _valeurs_ressource(r)

            def ecrire(ressource, reference=reference):
                ressource = ressource or RessourceEpds(locale=locale)
                niveaux = reference["niveaux"]
                for champ, valeur in reference.items():
                    if champ != "niveaux":
                        setattr(ressource, champ, valeur)
                for niveau, champ in RessourceEpds.CHAMP_PAR_NIVEAU.items():
                    setattr(ressource, champ, niveau in niveaux)
                ressource.full_clean()
                ressource.save()
                return ressource

            proprietaire.appliquer(
                "epds.ressourceepds",
                cle,
                _ressource(locale, cle, r["titre"]),
                reference,
                _etat_ressource,
                ecrire,
                anciennes=anciennes.get(cle, []),
            )

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


def _valeurs_ressource(r: dict) -> dict:
    """A resource as the data file writes it (levels as a sorted list)."""
    valeurs = {champ: r[champ] for champ in ("titre", "description", "telephone", "url", "urgence", "ordre")}
    return dict(valeurs, niveaux=sorted(r["niveaux"]))


def _etat_ressource(ressource) -> dict:
    niveaux = [n for n, champ in RessourceEpds.CHAMP_PAR_NIVEAU.items() if getattr(ressource, champ)]
    valeurs = {
        c: getattr(ressource, c) for c in ("titre", "description", "telephone", "url", "urgence", "ordre")
    }
    return dict(valeurs, niveaux=sorted(niveaux))


def _ressource(locale, cle, titre):
    """The row of a reference resource: the one the loader wrote, or (an install loaded before the
    loader kept records) the French resource with that title."""
    from hub.models import EcritureReference

    trace = EcritureReference.objects.filter(modele="epds.ressourceepds", cle=cle).first()
    if trace is not None:
        return RessourceEpds.objects.filter(pk=trace.objet_id).first()
    return RessourceEpds.objects.filter(locale=locale, titre=titre).order_by("pk").first()
