"""Lists the published entries whose information needs checking again.

An entry needs review when it was never verified, or verified more than
ANNUAIRE_VERIFICATION_DELAI_JOURS days ago. Editors find the same list in the admin with the
« À vérifier » filter, and mark entries verified with the « Marquer comme vérifié » action.
"""

from django.core.management.base import BaseCommand

from annuaire.models import Lieu, Professionnel, delai_verification


class Command(BaseCommand):
    help = "Liste les fiches de l'annuaire à vérifier (jamais vérifiées ou vérification trop ancienne)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limite", type=int, default=100, help="Nombre maximal de fiches listées par sorte."
        )

    def handle(self, *args, limite, **options):
        self.stdout.write(f"Délai de vérification : {delai_verification().days} jours.")
        for modele in (Professionnel, Lieu):
            fiches = modele.objects.publiees().a_verifier().order_by("verifie_le", "id")
            total = fiches.count()
            self.stdout.write(f"{modele._meta.verbose_name_plural.capitalize()} à vérifier : {total}")
            for fiche in fiches[:limite]:
                date = fiche.verifie_le.isoformat() if fiche.verifie_le else "jamais"
                self.stdout.write(f"  #{fiche.pk} {fiche} – vérifié : {date}")
