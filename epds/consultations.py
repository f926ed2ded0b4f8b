"""Anonymous counting of resource clicks: one counter per resource and per day, nothing else
(no partner, no address, no time of day), so that no count points at a parent."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from epds.models import ConsultationRessource, RessourceEpds
from hub.api.errors import ErreurSaisie


def compter_consultation(ressource_id) -> None:
    """+1 for today's counter of this resource; an unknown id is refused (RESSOURCE_INCONNUE)."""
    try:
        pk = int(ressource_id)
    except (TypeError, ValueError):
        pk = None
    if pk is None or pk <= 0 or not RessourceEpds.objects.filter(pk=pk).exists():
        raise ErreurSaisie("RESSOURCE_INCONNUE", "Ressource inconnue.", "ressource")
    jour = timezone.localdate()
    compteur = ConsultationRessource.objects.filter(ressource_id=pk, jour=jour)
    if compteur.update(nombre=F("nombre") + 1):
        return
    try:
        with transaction.atomic():
            ConsultationRessource.objects.create(ressource_id=pk, jour=jour, nombre=1)
    except IntegrityError:  # created meanwhile by a concurrent click
        compteur.update(nombre=F("nombre") + 1)
