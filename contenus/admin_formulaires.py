"""Editor screens of the calendar: windows entered and listed in SA, weeks or months (stored in
days, converted by `contenus.parcours`), slugs filled from the title, dates shown for an example
due date."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils.dateformat import format as format_date
from django.utils.functional import lazy
from django.utils.text import slugify
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
    TitleFieldPanel,
)
from wagtail.admin.widgets.slug import SlugInput

from contenus import parcours

UNITES = [
    ("sa", "semaines d'aménorrhée (SA)"),
    ("semaines", "semaines après le terme ou la naissance (négatif : avant)"),
    ("mois", "mois d'âge de l'enfant"),
    ("jours", "jours après le terme ou la naissance (négatif : avant)"),
]


def terme_exemple(jour: date | None = None) -> date:
    """The due date the screens compute example dates from: 20 weeks from today."""
    return (jour or parcours.aujourdhui()) + timedelta(weeks=20)


def _date_fr(jour: date) -> str:
    return format_date(jour, "j F Y")


libelle_exemple = lazy(lambda: f"Dates pour un terme au {_date_fr(terme_exemple())}", str)


def en_sa(debut: int | None, fin: int | None) -> bool:
    """A window before the birth is written in SA."""
    return (debut is not None and debut < 0) or (fin is not None and fin <= 0 and debut is not None)


def fenetre(debut: int | None, fin: int | None) -> str:
    """A window in words, as the editor entered it: « 20 SA → 37 SA (exclue) »."""
    sa = en_sa(debut, fin)
    texte = parcours.decrire_decalage(parcours.exprimer_decalage(debut, sa))
    if fin is None:
        return texte
    return f"{texte} → {parcours.decrire_decalage(parcours.exprimer_decalage(fin, sa))} (exclue)"


def dates_exemple(debut: int | None, fin: int | None, terme: date | None = None) -> str:
    """The calendar dates of a window for the example due date (births on the due date)."""
    if debut is None:
        return "—"
    datation = parcours.dater(parcours.Situation.GROSSESSE, terme or terme_exemple(), debut, fin)
    if datation is None:
        return "—"
    if datation.dernier is None:
        return f"le {_date_fr(datation.premier)}"
    return f"du {_date_fr(datation.premier)} au {_date_fr(datation.dernier)}"


class SlugDepuisTitreForm(WagtailAdminModelForm):
    """The slug is filled from the title in the browser (TitleFieldPanel) and, if still empty, here."""

    champ_titre = "nom"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "Rempli depuis le titre ; à modifier seulement si besoin."

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.data.get(self.champ_titre, "") or "")
        if not slug:
            raise forms.ValidationError("Indiquez un titre : l'identifiant (slug) en est tiré.")
        return slug


class EvenementForm(SlugDepuisTitreForm):
    """The window is entered as a number and a unit; the model keeps days."""

    debut_nombre = forms.IntegerField(label="Début : nombre")
    debut_unite = forms.ChoiceField(label="Début : unité", choices=UNITES, initial="sa")
    fin_nombre = forms.IntegerField(
        label="Fin : nombre",
        required=False,
        help_text="Premier jour APRÈS la fenêtre ; vide pour un seul jour.",
    )
    fin_unite = forms.ChoiceField(label="Fin : unité", choices=UNITES, initial="sa", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.debut is not None:
            sa = en_sa(instance.debut, instance.fin)
            for prefixe, jours in (("debut", instance.debut), ("fin", instance.fin)):
                borne = parcours.exprimer_decalage(jours, sa)
                if borne is not None:
                    ((unite, nombre),) = borne.items()
                    self.initial[f"{prefixe}_unite"], self.initial[f"{prefixe}_nombre"] = unite, nombre
            self.fields["debut_nombre"].help_text = (
                f"Actuellement : {fenetre(instance.debut, instance.fin)} ; "
                f"pour un terme au {_date_fr(terme_exemple())} : {dates_exemple(instance.debut, instance.fin)}."
            )

    def clean(self):
        donnees = super().clean()
        if donnees.get("debut_nombre") is None:
            return donnees
        debut = parcours.decalage_de({donnees["debut_unite"]: donnees["debut_nombre"]})
        fin = None
        if donnees.get("fin_nombre") is not None:
            fin = parcours.decalage_de({donnees.get("fin_unite") or "jours": donnees["fin_nombre"]})
            if fin <= debut:
                self.add_error("fin_nombre", "La fin doit être après le début (fenêtre [début, fin[).")
                return donnees
        self.instance.debut, self.instance.fin = debut, fin
        return donnees


class TitreForm(SlugDepuisTitreForm):
    champ_titre = "titre"


_AIDE_FENETRE = (
    "<p>Saisissez la fenêtre comme le texte officiel l'écrit : en semaines d'aménorrhée (SA) pendant la "
    "grossesse (« avant 16 SA » : fin = 16 SA), en mois d'âge après la naissance (« au cours du 2e mois » : "
    "de 1 mois à 2 mois), ou en jours (la déclaration de naissance : de J0 à J+6 exclu, soit J+5 inclus). "
    "La fin est le premier jour après la fenêtre.</p>"
)

EVENEMENT_PANELS = ObjectList(
    [
        TitleFieldPanel("nom", placeholder=False),
        FieldPanel("slug", widget=SlugInput),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                HelpPanel(_AIDE_FENETRE),
                FieldRowPanel([FieldPanel("debut_nombre"), FieldPanel("debut_unite")]),
                FieldRowPanel([FieldPanel("fin_nombre"), FieldPanel("fin_unite")]),
            ],
            heading="Fenêtre",
        ),
        FieldPanel("essentiel"),
        FieldPanel("thematique"),
        FieldPanel("source"),
        FieldPanel("naissances_a_partir_du"),
        FieldPanel("types_lieu", widget=forms.CheckboxSelectMultiple),
    ],
    base_form_class=EvenementForm,
)


def panneaux_avec_slug(panels, base_form_class, champ_titre):
    """A model's panels with its title filling its slug."""
    remplaces = []
    for panel in panels:
        nom = getattr(panel, "field_name", None)
        if nom == champ_titre:
            remplaces.append(TitleFieldPanel(champ_titre, placeholder=False))
        elif nom == "slug":
            remplaces.append(FieldPanel("slug", widget=SlugInput))
        else:
            remplaces.append(panel)
    return ObjectList(remplaces, base_form_class=base_form_class)
