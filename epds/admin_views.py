"""The follow-up team's screens in the Wagtail admin: the queue, a case, opening a case by hand,
and the impact dashboard.

Only users with `epds.acceder_file_suivi` (the « Équipe de suivi » group, see the data
migration) see the queue and the cases; the dashboard needs `epds.voir_tableau_suivi` (the team,
and whoever a manager grants it: anonymous aggregates only). Editors are sent back to the
admin's home. The rules themselves live in `epds.dossiers`; these views only read forms and
call them.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Prefetch, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.models import ModelLogEntry
from wagtail.permission_policies.base import ModelPermissionPolicy

from annuaire.models import Lieu, Profession, Professionnel, TypeLieu
from epds import dossiers, statistiques
from epds.audit import ACTION as ACTION_CONSULTATION
from epds.audit import consigner_consultation
from epds.groupes import NOM_GROUPE
from epds.models import DemandeContact, DossierSuivi, EntreeJournal, LangueEpds, Partenaire
from epds.scoring import LIBELLES_NIVEAU
from hub.formats import afficher_telephone, est_departement

PERMISSION_FILE = "epds.acceder_file_suivi"
PERMISSION_TABLEAU = "epds.voir_tableau_suivi"
PAR_PAGE = 50
REFERENCE = re.compile(r"^(?:EPDS-?)?([A-Z0-9]{8})$")


class PolitiqueFileSuivi(ModelPermissionPolicy):
    """Cases are opened by the system or by the team; the team views and changes them, nobody deletes."""

    def user_has_permission(self, user, action):
        if action not in ("view", "change", "add"):
            return False
        return user.is_active and user.has_perm(PERMISSION_FILE)


def _equipe(request):
    if not PolitiqueFileSuivi(DossierSuivi).user_has_permission(request.user, "change"):
        raise PermissionDenied


def membres_equipe():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=NOM_GROUPE)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


# --- Words instead of codes ----------------------------------------------------------------------


def _noms_langues() -> dict[str, str]:
    return dict(LangueEpds.objects.values_list("code", "nom"))


def _libelle_orientation(code: str) -> str:
    return dict([*Profession.choices, *TypeLieu.choices]).get(code, code)


def priorite(dossier) -> str:
    """The row's group in the queue, in words (the order explained on screen)."""
    if dossier.statut == DossierSuivi.Statut.CLOS:
        return "clos"
    if dossier.demande_en_attente_le is not None:
        return "rappel demandé — question 10" if dossier.alerte_question_10 else "rappel demandé"
    if dossier.alerte_question_10:
        return "alerte question 10, sans demande"
    return ""


# --- The queue ------------------------------------------------------------------------------------

EXPLICATION_ORDRE = [
    "Les parents qui demandent à être rappelés : alerte à la question 10 d'abord, puis la demande la plus ancienne.",
    "Puis les alertes à la question 10 sans demande de contact, la plus ancienne d'abord.",
    "Puis les autres dossiers ouverts : alerte à la question 10 d'abord, puis le score le plus élevé ; les dossiers clos en dernier.",
]


def file_ordonnee(qs):
    """The queue's order, its one home."""
    clos = DossierSuivi.Statut.CLOS
    return qs.annotate(
        groupe=Case(
            When(statut=clos, then=Value(4)),
            When(demande_en_attente_le__isnull=False, then=Value(1)),
            When(alerte_question_10=True, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
    ).order_by(
        "groupe",
        F("alerte_question_10").desc(),
        F("demande_en_attente_le").asc(nulls_last=True),
        F("soumission__score").desc(nulls_last=True),
        F("clos_le").desc(nulls_last=True),
        "cree_le",
        "pk",
    )


class FiltresFile(forms.Form):
    q = forms.CharField(label="Référence", required=False, max_length=30)
    statut = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[("", "tous"), ("ouverts", "ouverts"), *DossierSuivi.Statut.choices],
    )
    partenaire = forms.ModelChoiceField(
        label="Partenaire", required=False, queryset=Partenaire.objects.order_by("nom"), empty_label="tous"
    )
    departement = forms.CharField(label="Département", required=False, max_length=3)
    assigne_a = forms.ChoiceField(label="Assigné à", required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigne_a"].choices = [
            ("", "tous"),
            ("moi", "moi"),
            ("personne", "personne"),
            *[(str(u.pk), dossiers.nom_affiche(u)) for u in membres_equipe()],
        ]

    def clean_departement(self):
        valeur = self.cleaned_data["departement"].strip().upper()
        if valeur and not est_departement(valeur):
            raise forms.ValidationError("Département inconnu (ex. 75, 2A, 974).", code="DEPARTEMENT_INVALIDE")
        return valeur

    def clean_q(self):
        return self.cleaned_data["q"].strip().upper()

    def filtrer(self, qs, user):
        d = self.cleaned_data
        if d.get("q"):
            q = d["q"]
            if q.isdigit():
                qs = qs.filter(pk=int(q))
            elif m := REFERENCE.match(q):
                qs = qs.filter(demandes__reference=f"EPDS-{m.group(1)}")
            else:
                qs = qs.none()
        statut = d.get("statut")
        if statut == "ouverts":
            qs = qs.exclude(statut=DossierSuivi.Statut.CLOS)
        elif statut:
            qs = qs.filter(statut=statut)
        if d.get("partenaire"):
            qs = qs.filter(partenaire=d["partenaire"])
        if d.get("departement"):
            qs = qs.filter(departement=d["departement"])
        assigne = d.get("assigne_a")
        if assigne == "moi":
            qs = qs.filter(assigne_a=user)
        elif assigne == "personne":
            qs = qs.filter(assigne_a__isnull=True)
        elif assigne:
            qs = qs.filter(assigne_a_id=int(assigne))
        return qs


def file_suivi(request):
    _equipe(request)
    filtres = FiltresFile(request.GET or None, user=request.user)
    qs = DossierSuivi.objects.select_related("soumission", "assigne_a", "partenaire").prefetch_related(
        Prefetch("demandes", queryset=DemandeContact.objects.order_by("-cree_le"))
    )
    if filtres.is_bound and filtres.is_valid():
        qs = filtres.filtrer(qs, request.user)
    elif filtres.is_bound:
        qs = qs.none()
    # No DISTINCT: a reference belongs to one request, so the search joins at most one row per case.
    page = Paginator(file_ordonnee(qs), PAR_PAGE).get_page(request.GET.get("p"))
    maintenant = timezone.now()
    lignes = []
    for dossier in page:
        demandes = list(dossier.demandes.all())
        lignes.append(
            {
                "dossier": dossier,
                "priorite": priorite(dossier),
                "niveau": LIBELLES_NIVEAU.get(dossier.soumission.niveau, "") if dossier.soumission_id else "",
                "assigne": dossiers.nom_affiche(dossier.assigne_a) if dossier.assigne_a_id else "personne",
                "demande": demandes[0] if demandes else None,
                "attente": maintenant - dossier.demande_en_attente_le
                if dossier.demande_en_attente_le
                else None,
            }
        )
    params = request.GET.copy()
    params.pop("p", None)
    return TemplateResponse(
        request,
        "epds/admin/file.html",
        {
            "filtres": filtres,
            "lignes": lignes,
            "page": page,
            "params": params.urlencode(),
            "explication": EXPLICATION_ORDRE,
            "peut_voir_tableau": request.user.has_perm(PERMISSION_TABLEAU),
        },
    )


# --- A case ----------------------------------------------------------------------------------------


class ContactForm(forms.Form):
    canal = forms.ChoiceField(label="Canal", choices=EntreeJournal.Canal.choices)
    joint = forms.TypedChoiceField(
        label="Résultat",
        choices=[("0", "tentative : parent non joint"), ("1", "échange : parent joint")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    quand = forms.DateTimeField(
        label="Quand (vide : maintenant)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    commentaire = forms.CharField(
        label="Commentaire (chiffré, visible de l'équipe seulement)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=dossiers.COMMENTAIRE_MAX,
    )


class IssueForm(forms.Form):
    issue = forms.ChoiceField(label="Issue", choices=DossierSuivi.Issue.choices, widget=forms.RadioSelect)
    orientation_profession = forms.ChoiceField(
        label="Orientée vers (type de professionnel ou de lieu)",
        required=False,
        choices=[("", "—"), ("Professionnels", Profession.choices), ("Lieux", TypeLieu.choices)],
    )
    professionnel = forms.IntegerField(
        label="ou n° de fiche d'un professionnel de l'annuaire", required=False, min_value=1
    )
    lieu = forms.IntegerField(label="ou n° de fiche d'un lieu de l'annuaire", required=False, min_value=1)

    def _fiche(self, champ, modele):
        pk = self.cleaned_data[champ]
        if pk is None:
            return None
        fiche = modele.objects.filter(pk=pk).first()
        if fiche is None:
            raise forms.ValidationError(
                "Aucun %(m)s n° %(n)s dans l'annuaire.",
                params={"m": modele._meta.verbose_name, "n": pk},
                code="FICHE_INCONNUE",
            )
        return fiche

    def clean_professionnel(self):
        return self._fiche("professionnel", Professionnel)

    def clean_lieu(self):
        return self._fiche("lieu", Lieu)


class AssignerForm(forms.Form):
    assigne_a = forms.ModelChoiceField(
        label="Assigner à", queryset=None, required=False, empty_label="personne"
    )

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = set(membres_equipe().values_list("pk", flat=True))
        if dossier is not None and dossier.assigne_a_id:
            ids.add(dossier.assigne_a_id)  # the holder stays a choice, even outside the group
        self.fields["assigne_a"].queryset = (
            get_user_model().objects.filter(pk__in=ids).order_by("first_name", "username")
        )
        self.fields["assigne_a"].label_from_instance = dossiers.nom_affiche


ACTIONS = {
    "epds.ouverture": "ouverture",
    "epds.demande_contact": "demande de contact",
    "epds.statut": "statut",
    "epds.assignation": "assignation",
    "epds.issue": "issue",
    "epds.contact": "contact noté",
    "epds.purge": "purge des données personnelles",
}


def libelle_valeur(action: str, valeur) -> str:
    if valeur in (None, ""):
        return "—"
    if action == "epds.statut":
        return DossierSuivi.Statut(valeur).label if valeur in DossierSuivi.Statut.values else str(valeur)
    if action == "epds.issue":
        return DossierSuivi.Issue(valeur).label if valeur in DossierSuivi.Issue.values else str(valeur)
    return str(valeur)


def historique(dossier) -> list[dict]:
    """The audit log of the case, each change as « from → to » in words (the views of the case,
    audited too, are left out: they are no change)."""
    lignes = []
    for entree in (
        ModelLogEntry.objects.for_instance(dossier)
        .exclude(action=ACTION_CONSULTATION)
        .select_related("user")
        .order_by("-timestamp", "-pk")
    ):
        data = entree.data or {}
        if "vers" in data:
            detail = f"{libelle_valeur(entree.action, data.get('de'))} → {libelle_valeur(entree.action, data.get('vers'))}"
        elif entree.action == "epds.contact":
            canal = (
                EntreeJournal.Canal(data["canal"]).label
                if data.get("canal") in EntreeJournal.Canal.values
                else ""
            )
            detail = f"{canal}, {'joint' if data.get('joint') else 'non joint'}"
        elif entree.action == "epds.demande_contact":
            detail = data.get("reference", "")
        elif entree.action == "epds.ouverture" and data.get("canal_arrivee"):
            canal = DossierSuivi.CanalArrivee(data["canal_arrivee"])
            detail = (
                canal.label
                if canal == DossierSuivi.CanalArrivee.DEMANDE_SANS_TEST
                else f"à la main : {canal.label}"
            )
        elif entree.action == "epds.ouverture":
            detail = f"score {data.get('score')}/30" + (", alerte question 10" if data.get("alerte") else "")
        else:
            detail = ""
        lignes.append(
            {
                "quand": entree.timestamp,
                "action": ACTIONS.get(entree.action, entree.action),
                "detail": detail,
                "par": dossiers.nom_affiche(entree.user) if entree.user_id else "le système",
            }
        )
    return lignes


def _contexte_dossier(request, dossier, **formulaires):
    soumission = dossier.soumission
    langues = _noms_langues()
    demandes = list(dossier.demandes.prefetch_related("notifications").order_by("cree_le"))
    for demande in demandes:
        demande.telephone_lisible = afficher_telephone(demande.telephone)
    # A request without the test carries the widget's language; a submission has its own.
    code_langue = soumission.langue if soumission else next((d.langue for d in demandes if d.langue), "")
    journal = list(dossier.journal.select_related("auteur").order_by("-quand", "-pk"))
    for entree in journal:
        entree.par = dossiers.nom_affiche(entree.auteur) if entree.auteur_id else "—"
    return {
        "dossier": dossier,
        "soumission": soumission,
        "niveau": LIBELLES_NIVEAU.get(soumission.niveau, soumission.niveau) if soumission else "",
        "langue": langues.get(code_langue, code_langue),
        "demandes": demandes,
        "telephone_lisible": afficher_telephone(dossier.telephone),
        "journal": journal,
        "historique": historique(dossier),
        "assigne": dossiers.nom_affiche(dossier.assigne_a) if dossier.assigne_a_id else "personne",
        "orientation": _libelle_orientation(dossier.orientation_profession)
        if dossier.orientation_profession
        else "",
        "priorite": priorite(dossier),
        "contact_form": formulaires.get("contact_form") or ContactForm(initial={"canal": "telephone"}),
        "issue_form": formulaires.get("issue_form") or IssueForm(initial={"issue": dossier.issue or None}),
        "assigner_form": formulaires.get("assigner_form")
        or AssignerForm(dossier=dossier, initial={"assigne_a": dossier.assigne_a_id}),
        "confirmer_prise": formulaires.get("confirmer_prise"),
        "est_clos": dossier.statut == DossierSuivi.Statut.CLOS,
    }


# Each form's fields are the keyword arguments of its rule in epds.dossiers.
FORMULAIRES_ACTION = {
    "contact": ("contact_form", ContactForm, dossiers.consigner_contact, "Contact noté au journal."),
    "issue": ("issue_form", IssueForm, dossiers.enregistrer_issue, "Issue enregistrée."),
}


def _charger(pk):
    return get_object_or_404(
        DossierSuivi.objects.select_related(
            "soumission__partenaire",
            "assigne_a",
            "partenaire",
            "orientation_professionnel",
            "orientation_lieu",
        ),
        pk=pk,
    )


def dossier_suivi(request, pk):
    """The case page: summary and coordinates, journal, outcome, assignment, history. Each form
    posts an `action`; a refused one re-renders the page with its message (status 200)."""
    _equipe(request)
    dossier = _charger(pk)
    formulaires = {}
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in FORMULAIRES_ACTION:
                cle, classe, faire, succes = FORMULAIRES_ACTION[action]
                form = formulaires[cle] = classe(request.POST)
                if form.is_valid():
                    faire(dossier, par=request.user, **form.cleaned_data)
                    messages.success(request, succes)
                    return redirect("file_suivi_epds:edit", pk)
            elif action == "assigner":
                form = formulaires["assigner_form"] = AssignerForm(request.POST, dossier=dossier)
                if form.is_valid():
                    dossiers.assigner(
                        dossier,
                        form.cleaned_data["assigne_a"],
                        par=request.user,
                        confirme=request.POST.get("confirme") == "1",
                    )
                    messages.success(request, "Assignation enregistrée.")
                    return redirect("file_suivi_epds:edit", pk)
            elif action == "clore":
                dossiers.clore(dossier, par=request.user)
                messages.success(request, "Dossier clos (son issue est gardée).")
                return redirect("file_suivi_epds:index")
            elif action == "rouvrir":
                dossiers.rouvrir(dossier, par=request.user)
                messages.success(request, "Dossier rouvert.")
                return redirect("file_suivi_epds:edit", pk)
            else:
                messages.error(request, "Action inconnue.")
        except dossiers.DossierDejaPris as refus:
            formulaires["confirmer_prise"] = {
                "message": refus.message,
                "vers": request.POST.get("assigne_a", ""),
            }
        except dossiers.ActionRefusee as refus:
            messages.error(request, refus.message)
        else:
            if action in ("contact", "issue", "assigner"):
                messages.error(request, "Le formulaire contient des erreurs : voir les champs signalés.")
        dossier = _charger(pk)
    consigner_consultation(request.user, dossier, "dossier")  # the page shows decrypted data
    return TemplateResponse(
        request, "epds/admin/dossier.html", _contexte_dossier(request, dossier, **formulaires)
    )


@require_POST
def prendre_dossier(request, pk):
    """« Prendre ce dossier »: assigns the case to the current member; a colleague's case only
    once the member confirms (the page asks, it never takes silently)."""
    _equipe(request)
    dossier = _charger(pk)
    try:
        dossiers.assigner(
            dossier, request.user, par=request.user, confirme=request.POST.get("confirme") == "1"
        )
    except dossiers.DossierDejaPris as refus:
        contexte = _contexte_dossier(
            request, dossier, confirmer_prise={"message": refus.message, "prendre": True}
        )
        consigner_consultation(request.user, dossier, "dossier")
        return TemplateResponse(request, "epds/admin/dossier.html", contexte)
    messages.success(request, "Dossier pris en charge.")
    return redirect("file_suivi_epds:edit", pk)


# --- Opening a case by hand --------------------------------------------------------------------


class OuvertureForm(forms.Form):
    canal_arrivee = forms.ChoiceField(
        label="Le parent nous a joints par",
        choices=[
            c
            for c in DossierSuivi.CanalArrivee.choices
            if c[0]
            not in (DossierSuivi.CanalArrivee.QUESTIONNAIRE, DossierSuivi.CanalArrivee.DEMANDE_SANS_TEST)
        ],
    )
    prenom = forms.CharField(label="Prénom", required=False, max_length=100)
    telephone = forms.CharField(label="Téléphone", required=False, max_length=30)
    email = forms.CharField(label="Email", required=False, max_length=254)
    departement = forms.CharField(label="Département", required=False, max_length=3)
    partenaire = forms.ModelChoiceField(
        label="Partenaire (s'il a adressé le parent)",
        required=False,
        queryset=Partenaire.objects.order_by("nom"),
        empty_label="aucun",
    )
    commentaire = forms.CharField(
        label="Premier échange (chiffré)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=dossiers.COMMENTAIRE_MAX,
    )


def ouvrir_dossier(request):
    _equipe(request)
    form = OuvertureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = dossiers.ouvrir_a_la_main(par=request.user, **form.cleaned_data)
        except dossiers.ActionRefusee as refus:
            form.add_error(refus.champ if refus.champ in form.fields else None, refus.message)
        else:
            messages.success(request, "Dossier ouvert.")
            return redirect("file_suivi_epds:edit", dossier.pk)
    return TemplateResponse(request, "epds/admin/ouvrir.html", {"form": form})


# --- The dashboard ---------------------------------------------------------------------------------


def _tableau_autorise(request):
    if not (request.user.is_active and request.user.has_perm(PERMISSION_TABLEAU)):
        raise PermissionDenied


def tableau_de_bord(request):
    _tableau_autorise(request)
    form = statistiques.PeriodeForm(request.GET or None)
    periode = form.periode() if (not form.is_bound or form.is_valid()) else None
    if periode is None:
        periode = statistiques.PeriodeForm().periode()
    indicateurs = statistiques.calculer(periode)
    return TemplateResponse(
        request,
        "epds/admin/tableau.html",
        {
            "form": form,
            "periode": periode,
            "i": indicateurs,
            "graphiques": statistiques.graphiques(indicateurs),
            "export": reverse("file_suivi_epds:export")
            + ("?" + request.GET.urlencode() if request.GET else ""),
        },
    )


def export_csv(request):
    _tableau_autorise(request)
    form = statistiques.PeriodeForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponse(
            "Période invalide : " + "; ".join(e for errs in form.errors.values() for e in errs),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    periode = form.periode()
    reponse = HttpResponse(
        statistiques.csv_indicateurs(statistiques.calculer(periode)), content_type="text/csv; charset=utf-8"
    )
    reponse["Content-Disposition"] = f'attachment; filename="suivi-epds-{periode.debut}-{periode.fin}.csv"'
    return reponse


def urls():
    return [
        path("", file_suivi, name="index"),
        path("ouvrir/", ouvrir_dossier, name="ouvrir"),
        path("edit/<int:pk>/", dossier_suivi, name="edit"),
        path("<int:pk>/prendre/", prendre_dossier, name="prendre"),
        path("tableau/", tableau_de_bord, name="tableau"),
        path("tableau/export.csv", export_csv, name="export"),
    ]
