"""Retention: erases parents' personal data from closed or stale follow-up cases.

Keeps the anonymous figures (submission points, score, level, case status and dates, channel),
so statistics survive. The selection follows the data: a case is due when it still holds
personal data (a request's name, phone, email, child's birth date, idempotency key or
fingerprint, the team's notes or journal comments, a hand-opened case's coordinates), whatever an earlier purge did. Delays come from settings (EPDS_RETENTION_JOURS_CLOS,
EPDS_RETENTION_JOURS_INACTIFS, from the environment). Run it daily (cron / scheduler).
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from wagtail.log_actions import log

from epds.models import DemandeContact, DossierSuivi, EntreeJournal, Notification


def dossiers_a_purger(maintenant, jours_clos: int, jours_inactifs: int):
    clos = Q(statut=DossierSuivi.Statut.CLOS, clos_le__lte=maintenant - timedelta(days=jours_clos))
    inactifs = Q(modifie_le__lte=maintenant - timedelta(days=jours_inactifs))
    demandes_nominatives = DemandeContact.objects.filter(
        DemandeContact.tient_des_donnees_personnelles(), dossier=OuterRef("pk")
    )
    commentaires = EntreeJournal.objects.filter(dossier=OuterRef("pk")).exclude(commentaire="")
    nominatif = ~Q(notes="") | ~Q(prenom="") | ~Q(telephone="") | ~Q(email="")  # a hand-opened case
    return DossierSuivi.objects.filter(clos | inactifs).filter(
        Exists(demandes_nominatives) | Exists(commentaires) | nominatif
    )


class Command(BaseCommand):
    help = (
        "Purge les données personnelles des dossiers de suivi clos ou inactifs (garde les chiffres anonymes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--jours-clos", type=int, default=None)
        parser.add_argument("--jours-inactifs", type=int, default=None)
        parser.add_argument("--dry-run", action="store_true", help="Compter sans rien effacer.")

    def handle(self, *args, jours_clos=None, jours_inactifs=None, dry_run=False, **options):
        maintenant = timezone.now()
        jours_clos = settings.EPDS_RETENTION_JOURS_CLOS if jours_clos is None else jours_clos
        jours_inactifs = settings.EPDS_RETENTION_JOURS_INACTIFS if jours_inactifs is None else jours_inactifs
        ids = list(dossiers_a_purger(maintenant, jours_clos, jours_inactifs).values_list("pk", flat=True))
        if dry_run:
            self.stdout.write(f"{len(ids)} dossier(s) à purger.")
            return
        for pk in ids:
            with transaction.atomic():
                dossier = DossierSuivi.objects.select_for_update().get(pk=pk)
                demandes = DemandeContact.objects.filter(
                    DemandeContact.tient_des_donnees_personnelles(), dossier=dossier
                )
                Notification.objects.filter(
                    demande__dossier=dossier, statut=Notification.Statut.EN_ATTENTE
                ).update(statut=Notification.Statut.ABANDONNEE, derniere_erreur="données purgées")
                n = demandes.update(
                    prenom="",
                    telephone="",
                    email="",
                    naissance_dernier_enfant=None,
                    idempotency_key="",
                    empreinte="",
                    donnees_purgees_le=maintenant,
                )
                # .update() keeps modifie_le: the case's own dates stay as the team left them.
                DossierSuivi.objects.filter(pk=pk).update(
                    notes="", prenom="", telephone="", email="", donnees_purgees_le=maintenant
                )
                EntreeJournal.objects.filter(dossier=dossier).update(commentaire="")
                log(dossier, "epds.purge", data={"demandes": n})
        self.stdout.write(f"{len(ids)} dossier(s) purgé(s).")
