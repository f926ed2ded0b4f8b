"""Loads the repérage TND domains and the sample questionnaires (reperage/data). Idempotent.

The questionnaires shipped are a « contenu d'exemple — à faire valider » (no clinical item):
they are created unpublished, `contenu_exemple` checked; existing ones are left as editors made them.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from hub import donnees
from reperage.models import ConseilTnd, DomaineTnd, QuestionnaireTnd, QuestionTnd

CHAMPS = ("titre", "introduction", "debut_mois", "fin_mois", "seuil_consultation", "contenu_exemple")


class Command(BaseCommand):
    help = "Charge les domaines et les questionnaires d'exemple du repérage TND (non publiés). Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        for d in donnees.lire("reperage", "domaines"):
            DomaineTnd.objects.get_or_create(code=d["code"], defaults={"nom": d["nom"], "ordre": d["ordre"]})
        domaines = {d.code: d for d in DomaineTnd.objects.all()}
        crees = 0
        for q in donnees.lire("reperage", "questionnaires"):
            if QuestionnaireTnd.objects.filter(cle=q["cle"]).exists():
                continue
            questionnaire = QuestionnaireTnd(
                cle=q["cle"],
                source_titre=q["source_titre"],
                source_url=q.get("source_url") or "",
                source_date=q.get("source_date"),
                publie=False,
                **{champ: q[champ] for champ in CHAMPS},
            )
            questionnaire.questions = [
                QuestionTnd(
                    sort_order=i,
                    numero=item["numero"],
                    domaine=domaines[item["domaine"]],
                    libelle=item["libelle"],
                    aide=item.get("aide", ""),
                    alerte_si=item["alerte_si"],
                    prioritaire=item["prioritaire"],
                )
                for i, item in enumerate(q["questions"])
            ]
            questionnaire.conseils = [
                ConseilTnd(sort_order=i, issue=c["issue"], titre=c["titre"], conseil=c["conseil"])
                for i, c in enumerate(q["conseils"])
            ]
            questionnaire.save()
            crees += 1
        self.stdout.write(
            self.style.SUCCESS(f"Repérage TND chargé ({crees} questionnaire(s) d'exemple créé(s)).")
        )
