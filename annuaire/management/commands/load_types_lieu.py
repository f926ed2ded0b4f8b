"""Creates the types of the map, one per code (structures, then professions), named as the
reference names them. Idempotent: a type editors already changed is left as it is."""

from django.core.management.base import BaseCommand

from annuaire.models import CategorieLieu, Profession, TypeDeLieu, TypeLieu


class Command(BaseCommand):
    help = "Crée les types de lieux de la carte (structures et professionnels). Idempotent."

    def handle(self, *args, **options):
        crees = 0
        familles = (
            (CategorieLieu.STRUCTURE, TypeLieu.choices),
            (CategorieLieu.PROFESSIONNEL, Profession.choices),
        )
        ordre = 0
        for _, choix in familles:
            for code, nom in choix:
                ordre += 1
                _, cree = TypeDeLieu.objects.get_or_create(code=code, defaults={"nom": nom, "ordre": ordre})
                crees += cree
        self.stdout.write(f"{crees} type(s) de lieu créé(s), {TypeDeLieu.objects.count()} en tout.")
