"""The professional's update form (public, no account): validation with French messages."""

from __future__ import annotations

from django import forms

from annuaire import geo
from annuaire.models import ListeFormField
from hub.formats import afficher_telephone, telephone_francais

OUI_NON = [("", "Non précisé"), ("oui", "Oui"), ("non", "Non")]


def _oui_non(valeur):
    return {"oui": True, "non": False}.get(valeur)


def _vers_oui_non(valeur):
    return {True: "oui", False: "non"}.get(valeur, "")


class MiseAJourForm(forms.Form):
    telephone = forms.CharField(
        label="Téléphone",
        max_length=30,
        required=False,
        help_text="Numéro français, par exemple 01 23 45 67 89.",
    )
    email = forms.EmailField(
        label="Adresse e-mail",
        max_length=254,
        required=False,
        help_text="Affichée aux parents. Par exemple nom@exemple.fr.",
        error_messages={"invalid": "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."},
    )
    site_web = forms.URLField(
        label="Site web",
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text="Par exemple https://www.exemple.fr.",
        error_messages={
            "invalid": "Saisissez une adresse de site web valide, par exemple https://www.exemple.fr."
        },
    )
    adresse = forms.CharField(label="Adresse", max_length=255, required=False, help_text="Numéro et rue.")
    code_postal = forms.CharField(
        label="Code postal", max_length=5, required=False, help_text="5 chiffres, par exemple 75011."
    )
    commune = forms.CharField(label="Commune", max_length=100, required=False)
    tarif = forms.CharField(
        label="Tarif",
        max_length=200,
        required=False,
        help_text="Par exemple « 30 € » ou « secteur 2 : 50 à 70 € ».",
    )
    conventionne = forms.TypedChoiceField(
        label="Conventionné",
        choices=OUI_NON,
        coerce=_oui_non,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    teleconsultation = forms.TypedChoiceField(
        label="Téléconsultation",
        choices=OUI_NON,
        coerce=_oui_non,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    langues = ListeFormField(
        label="Langues parlées",
        required=False,
        help_text="Séparées par des virgules, par exemple français, anglais, arabe.",
    )
    note = forms.CharField(
        label="Informations utiles aux parents",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Accès, spécialités, horaires…",
    )
    demande_suppression = forms.BooleanField(
        label="Je demande le retrait de ma fiche de l'annuaire",
        required=False,
        help_text="Si vous cochez cette case, les modifications ci-dessus ne sont pas prises en compte.",
    )
    commentaire = forms.CharField(
        label="Message à l'équipe (facultatif)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    RADIOS = ("conventionne", "teleconsultation")

    def __init__(self, *args, professionnel=None, **kwargs):
        if professionnel is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "telephone": afficher_telephone(professionnel.telephone) if professionnel.telephone else "",
                "email": professionnel.email,
                "site_web": professionnel.site_web,
                "adresse": professionnel.adresse,
                "code_postal": professionnel.code_postal,
                "commune": professionnel.commune,
                "tarif": professionnel.tarif,
                "conventionne": _vers_oui_non(professionnel.conventionne),
                "teleconsultation": _vers_oui_non(professionnel.teleconsultation),
                "langues": professionnel.langues,
                "note": professionnel.note,
            }
        super().__init__(*args, **kwargs)
        self.fields["conventionne"].error_messages["invalid_choice"] = "Choisissez Oui, Non ou Non précisé."
        self.fields["teleconsultation"].error_messages["invalid_choice"] = (
            "Choisissez Oui, Non ou Non précisé."
        )
        for nom, champ in self.fields.items():
            champ.error_messages["max_length"] = (
                "Ce champ est trop long (%(limit_value)d caractères au plus)."
            )
            if nom not in self.RADIOS:
                champ.widget.attrs.setdefault("id", f"id_{nom}")
            self._decrire(nom)

    def _decrire(self, nom: str) -> None:
        """Tie the help text and the error message to the field (aria-describedby, aria-invalid)."""
        if nom in self.RADIOS:
            return  # the fieldset carries them
        champ = self.fields[nom]
        ids = [f"aide_{nom}"] if champ.help_text else []
        if self._errors and nom in self._errors:
            ids.append(f"erreur_{nom}")
            champ.widget.attrs["aria-invalid"] = "true"
        if ids:
            champ.widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self):
        super().full_clean()
        for nom in self.fields:
            self._decrire(nom)

    def clean_telephone(self):
        valeur = self.cleaned_data["telephone"].strip()
        if not valeur:
            return ""
        numero = telephone_francais(valeur, numeros_courts=True)
        if numero is None:
            raise forms.ValidationError(
                "Saisissez un numéro de téléphone français valide, par exemple 01 23 45 67 89.",
                code="telephone",
            )
        return numero

    def clean_code_postal(self):
        valeur = self.cleaned_data["code_postal"].replace(" ", "")
        if valeur and not geo.code_postal_valide(valeur):
            raise forms.ValidationError(
                "Le code postal compte 5 chiffres, par exemple 75011.", code="code_postal"
            )
        return valeur

    def clean_langues(self):
        langues = self.cleaned_data["langues"]
        if any(len(langue) > 50 for langue in langues) or len(langues) > 20:
            raise forms.ValidationError(
                "Indiquez au plus 20 langues, séparées par des virgules.", code="langues"
            )
        return langues

    def valeurs(self) -> dict:
        return {
            nom: self.cleaned_data[nom]
            for nom in self.fields
            if nom not in ("demande_suppression", "commentaire")
        }
