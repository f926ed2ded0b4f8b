"""Parents suggest a place from the app; editors accept (it becomes a `Lieu`) or reject it.

1. `suggerer`: every field checked (French message and registry code per field at fault; NUL
   characters are refused before, by the mutation: `hub.api.mutations`), nothing stored when
   one is refused; the suggestion waits in the admin's queue. Nothing about the parent is
   asked or kept. The app's switch (`ConfigurationApplication.suggestions_lieux`)
   may close the form.
2. `accepter`: the place is created (unpublished until an editor checks it, never verified) and
   located by the geocoder; a failed lookup leaves its coordinates empty, with the reason.
3. `rejeter`: the suggestion stays, with the reason, and nothing is created.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from annuaire import geo, geocodage
from annuaire.models import DecisionImpossible, Lieu, SuggestionLieu, TypeLieu  # noqa: F401 (raised here)
from hub.api.errors import ErreurSaisie
from hub.saisie import Saisie, SaisieInvalide, nom_api, refus

# The texts of a suggestion and their maximum lengths; the required ones and their refusals.
LONGUEURS = {"nom": 200, "adresse": 255, "commune": 100, "site_web": 200, "description": 1000}
REQUIS = {
    "nom": refus("NOM_REQUIS", "Indiquez le nom du lieu."),
    "commune": refus("COMMUNE_INVALIDE", "Indiquez la commune."),
}
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone
_url = URLValidator(schemes=["http", "https"])


def _reference() -> str:
    return "L-" + "".join(secrets.choice(_ALPHABET) for _ in range(8))


def suggerer(
    *,
    nom: str,
    type: str,
    code_postal: str,
    commune: str,
    adresse: str | None = None,
    telephone: str | None = None,
    site_web: str | None = None,
    description: str | None = None,
) -> SuggestionLieu:
    from contenus.services import configuration

    if not configuration().suggestions_lieux:
        raise SaisieInvalide(
            [ErreurSaisie("SUGGESTIONS_FERMEES", "Les suggestions de lieux sont fermées pour le moment.")]
        )
    textes = {
        "nom": nom,
        "adresse": adresse,
        "commune": commune,
        "site_web": site_web,
        "description": description,
    }
    saisie = Saisie()
    valeurs = {
        champ: saisie.texte(textes[champ], nom_api(champ), maximum=maximum, requis=REQUIS.get(champ))
        for champ, maximum in LONGUEURS.items()
    }
    if type not in TypeLieu.values:
        saisie.refuser("TYPE_INCONNU", "Choisissez un type de lieu de la liste.", "type")
    valeurs["code_postal"] = (code_postal or "").strip()
    if (
        not geo.code_postal_valide(valeurs["code_postal"])
        or geo.departement_du_code_postal(valeurs["code_postal"]) is None
    ):
        saisie.refuser("CODE_POSTAL_INVALIDE", "Un code postal français a 5 chiffres.", "codePostal")
    numero = saisie.telephone(telephone, numeros_courts=True)
    if valeurs["site_web"]:
        try:
            _url(valeurs["site_web"])
        except ValidationError:
            saisie.refuser("SITE_WEB_INVALIDE", "Adresse de site invalide (https://…).", "siteWeb")
    saisie.verifier()
    return SuggestionLieu.objects.create(reference=_reference(), type=type, telephone=numero, **valeurs)


@dataclass
class Acceptation:
    suggestion: SuggestionLieu
    lieu: Lieu
    echec_geocodage: str | None  # why the coordinates are empty, if they are


def accepter(pk: int, par) -> Acceptation:
    """Creates the place from the suggestion, unpublished (an editor checks and publishes it)."""
    with transaction.atomic():
        suggestion = SuggestionLieu.a_decider(pk)
        lieu = Lieu(
            nom=suggestion.nom,
            type=suggestion.type,
            adresse=suggestion.adresse,
            code_postal=suggestion.code_postal,
            commune=suggestion.commune,
            telephone=suggestion.telephone,
            site_web=suggestion.site_web,
            description=suggestion.description,
            publie=False,
        )
        echec = None
        try:
            position = geocodage.localiser(
                geocodage.Adresse(suggestion.adresse, suggestion.code_postal, suggestion.commune)
            )
            lieu.latitude, lieu.longitude = position.latitude, position.longitude
        except geocodage.EchecGeocodage as erreur:
            echec = str(erreur)
        lieu.save()
        suggestion.decider(SuggestionLieu.Statut.ACCEPTEE, par, lieu=lieu)
    return Acceptation(suggestion, lieu, echec)


def rejeter(pk: int, par, motif: str = "") -> SuggestionLieu:
    with transaction.atomic():
        suggestion = SuggestionLieu.a_decider(pk)
        suggestion.decider(SuggestionLieu.Statut.REJETEE, par, motif)
    return suggestion
