"""Admin forms of the annuaire's entries: the address is located on save (annuaire/geocodage.py)."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminModelForm

from annuaire import geocodage

CHAMPS_ADRESSE = ("adresse", "code_postal", "commune")
AIDE_COORDONNEES = "Laissées vides, elles sont calculées depuis l'adresse à l'enregistrement (si un géocodeur est configuré)."


class FicheGeocodeeForm(WagtailAdminModelForm):
    """Coordinates left empty, or an address changed under untouched coordinates, are asked of
    the geocoder. A failed lookup never blocks the save and never leaves a guessed point: the
    coordinates stay empty, and `echec_geocodage` holds the reason."""

    echec_geocodage: str | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for nom in ("latitude", "longitude"):
            if nom in self.fields and not self.fields[nom].help_text:
                self.fields[nom].help_text = AIDE_COORDONNEES

    def clean(self):
        donnees = super().clean()
        if self.errors:
            return donnees
        geocodeur = geocodage.geocodeur()
        if isinstance(geocodeur, geocodage.GeocodeurIndisponible):
            return donnees
        vides = donnees.get("latitude") is None and donnees.get("longitude") is None
        adresse_changee = bool(set(CHAMPS_ADRESSE) & set(self.changed_data))
        coordonnees_touchees = bool({"latitude", "longitude"} & set(self.changed_data))
        if not (vides or (adresse_changee and not coordonnees_touchees)):
            return donnees
        adresse = geocodage.Adresse(*(str(donnees.get(nom) or "") for nom in CHAMPS_ADRESSE))
        if adresse.vide:
            return donnees
        try:
            position = geocodeur.localiser(adresse)
        except geocodage.EchecGeocodage as echec:
            self.echec_geocodage = str(echec)
            donnees["latitude"] = donnees["longitude"] = None
        else:
            donnees["latitude"], donnees["longitude"] = position.latitude, position.longitude
        return donnees
