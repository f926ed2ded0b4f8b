"""The calendar subscription form of `/calendrier/` (the page a parent fills in, no account)."""

from __future__ import annotations

import re

from django import forms

from contenus import parcours

SITUATIONS = [
    (parcours.Situation.GROSSESSE.value, "J'attends un enfant"),
    (parcours.Situation.ENFANT.value, "Mon enfant est né"),
]
# Browsers without a date picker send what the parent typed: the French way is accepted too.
_JJ_MM_AAAA = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


class AbonnementForm(forms.Form):
    situation = forms.ChoiceField(
        choices=SITUATIONS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez votre situation.",
            "invalid_choice": "Choisissez « J'attends un enfant » ou « Mon enfant est né ».",
        },
    )
    date = forms.CharField(
        max_length=10,
        error_messages={
            "required": "Indiquez la date prévue d'accouchement ou la date de naissance.",
            "max_length": "Indiquez la date au format JJ/MM/AAAA.",
        },
    )
    essentiels = forms.BooleanField(required=False)
    rappels = forms.BooleanField(required=False)

    def clean_date(self):
        valeur = self.cleaned_data["date"].strip()
        francaise = _JJ_MM_AAAA.fullmatch(valeur)
        if francaise:
            jour, mois, annee = francaise.groups()
            valeur = f"{annee}-{int(mois):02d}-{int(jour):02d}"
        try:
            return parcours.lire_date(valeur)
        except parcours.ErreurParcours as erreur:
            raise forms.ValidationError(
                "Indiquez une date qui existe, au format JJ/MM/AAAA.", code=erreur.code
            ) from None

    def clean(self):
        donnees = super().clean()
        if "situation" in donnees and "date" in donnees:
            situation = parcours.Situation(donnees["situation"])
            try:
                parcours.valider(situation, donnees["date"], parcours.aujourdhui())
            except parcours.ErreurParcours as erreur:
                self.add_error("date", forms.ValidationError(erreur.message, code=erreur.code))
            donnees["situation"] = situation
        return donnees
