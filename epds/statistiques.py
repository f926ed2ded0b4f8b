"""The service's impact figures: anonymous aggregates, computed in SQL, the one home of their
definitions (the dashboard, its CSV export and the public page /statistiques/ read them here).

Over a period [debut, fin] (days in the site's time zone), optionally one partner or one
département:
- parents testés: questionnaires submitted in the period; share at each level, share with the
  item-10 alert;
- demandes de contact: requests received in the period;
- délai du premier contact: for cases whose first request falls in the period, the time from
  that request to the first journal line where the parent was reached (median and mean, hours);
  requests not answered yet are counted apart;
- parents aidés par jour: cases whose outcome (aidée or orientée) is dated in the period, divided
  by the number of days; a case counts once, on the date of its latest outcome (a reopened case
  helped again is not counted twice);
- part orientée: among cases opened in the period (by the questionnaire, a request or by hand),
  the share whose outcome is « orientée »;
- churn (perdus de vue): among cases the questionnaire opened in the period (score at the
  threshold or item-10 alert), the share whose parent never got in touch: no contact request
  and never reached;
- ressources consultées: clicks on resources counted anonymously per day (no partner: the
  counter holds no context), and per 100 parents tested.
Submissions are filtered by their own partner and département, cases by theirs (copied from the
submission, or entered when opened by hand).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics as stats
from dataclasses import dataclass, field
from html import escape

from django import forms
from django.db import connection, transaction
from django.db.models import Aggregate, Avg, Count, F, FloatField, Func, Q, Sum
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.safestring import mark_safe

from epds.models import (
    AgregatSoumissionsJour,
    ConsultationRessource,
    DemandeContact,
    DossierSuivi,
    JourAgrege,
    Partenaire,
    SoumissionEpds,
)
from epds.scoring import LIBELLES_NIVEAU, Niveau
from hub.formats import est_departement

DUREE_MAX_JOURS = 1100
PAS = {"semaine": "semaine", "mois": "mois"}


@dataclass(frozen=True)
class Periode:
    debut: dt.date
    fin: dt.date
    pas: str = "semaine"
    partenaire: Partenaire | None = None
    departement: str = ""

    @property
    def jours(self) -> int:
        return (self.fin - self.debut).days + 1

    def bornes(self) -> tuple[dt.datetime, dt.datetime]:
        tz = timezone.get_current_timezone()
        debut = dt.datetime.combine(self.debut, dt.time.min, tzinfo=tz)
        fin = dt.datetime.combine(self.fin + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return debut, fin


class PeriodeForm(forms.Form):
    du = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    au = forms.DateField(label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    pas = forms.ChoiceField(label="Par", required=False, choices=list(PAS.items()))
    partenaire = forms.ModelChoiceField(
        label="Partenaire", required=False, queryset=Partenaire.objects.order_by("nom"), empty_label="tous"
    )
    departement = forms.CharField(label="Département", required=False, max_length=3)

    def clean_departement(self):
        valeur = self.cleaned_data["departement"].strip().upper()
        if valeur and not est_departement(valeur):
            raise forms.ValidationError("Département inconnu (ex. 75, 2A, 974).", code="DEPARTEMENT_INVALIDE")
        return valeur

    def clean(self):
        d = super().clean()
        du, au = d.get("du"), d.get("au")
        if du and au and du > au:
            raise forms.ValidationError("La date de début est après la date de fin.", code="PERIODE_INVALIDE")
        if du and au and (au - du).days > DUREE_MAX_JOURS:
            raise forms.ValidationError("La période dépasse trois ans.", code="PERIODE_TROP_LONGUE")
        return d

    def periode(self) -> Periode:
        d = self.cleaned_data if self.is_bound and self.is_valid() else {}
        fin = d.get("au") or timezone.localdate()
        debut = d.get("du") or fin - dt.timedelta(days=89)
        return Periode(
            debut=debut,
            fin=fin,
            pas=d.get("pas") or "semaine",
            partenaire=d.get("partenaire"),
            departement=d.get("departement") or "",
        )


@dataclass
class Indicateurs:
    periode: Periode
    parents_testes: int = 0
    par_niveau: dict[str, int] = field(default_factory=dict)
    alertes_question_10: int = 0
    demandes_contact: int = 0
    dossiers_ouverts: int = 0
    dossiers_a_la_main: int = 0
    dossiers_sans_test: int = 0
    dossiers_rouverts: int = 0
    nombre_delais: int = 0
    delai_median_heures: float | None = None
    delai_moyen_heures: float | None = None
    demandes_sans_contact: int = 0
    parents_aides: int = 0
    orientes: int = 0
    a_risque: int = 0
    perdus_de_vue: int = 0
    ressources_consultees: int = 0
    series: list[dict] = field(default_factory=list)
    par_partenaire: list[dict] = field(default_factory=list)
    par_departement: list[dict] = field(default_factory=list)
    top_ressources: list[dict] = field(default_factory=list)

    @staticmethod
    def _part(n: int, total: int) -> float | None:
        return round(100 * n / total, 1) if total else None

    @property
    def parts_niveau(self) -> list[dict]:
        return [
            {
                "niveau": n.value,
                "libelle": LIBELLES_NIVEAU[n],
                "nombre": self.par_niveau.get(n.value, 0),
                "part": self._part(self.par_niveau.get(n.value, 0), self.parents_testes),
            }
            for n in Niveau
        ]

    @property
    def part_alerte(self) -> float | None:
        return self._part(self.alertes_question_10, self.parents_testes)

    @property
    def aides_par_jour(self) -> float:
        return round(self.parents_aides / self.periode.jours, 2)

    @property
    def part_orientee(self) -> float | None:
        return self._part(self.orientes, self.dossiers_ouverts)

    @property
    def churn(self) -> float | None:
        return self._part(self.perdus_de_vue, self.a_risque)

    @property
    def lignes(self) -> list[tuple[str, str]]:
        return lignes_indicateurs(self)

    @property
    def consultations_pour_100(self) -> float | None:
        return (
            round(100 * self.ressources_consultees / self.parents_testes, 1) if self.parents_testes else None
        )


def _tronquer(pas: str, champ: str):
    return (TruncMonth if pas == "mois" else TruncWeek)(champ)


def _debut_de(pas: str, jour: dt.date) -> dt.date:
    return jour.replace(day=1) if pas == "mois" else jour - dt.timedelta(days=jour.weekday())


def _paquets(periode: Periode) -> list[dt.date]:
    paquets, jour = [], _debut_de(periode.pas, periode.debut)
    while jour <= periode.fin:
        paquets.append(jour)
        if periode.pas == "mois":
            jour = (jour.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        else:
            jour += dt.timedelta(days=7)
    return paquets


def _par_paquet(qs, pas: str, champ: str) -> dict[dt.date, int]:
    lignes = qs.annotate(t=_tronquer(pas, champ)).values("t").annotate(n=Count("*")).values_list("t", "n")
    resultat = {}
    for t, n in lignes:
        jour = timezone.localtime(t).date() if isinstance(t, dt.datetime) else t
        resultat[jour] = resultat.get(jour, 0) + n
    return resultat


class _SecondesEntre(Func):
    """Seconds from the second expression to the first, on PostgreSQL and SQLite."""

    output_field = FloatField()
    arg_joiner = " - "
    template = "EXTRACT(EPOCH FROM (%(expressions)s))"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra,
        )


class _Mediane(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _delais_heures(qs) -> tuple[int, float | None, float | None]:
    """(count, median, mean) in hours of first request → first contact, computed by the
    database on PostgreSQL (a year holds tens of thousands of cases); SQLite has no median."""
    secondes = _SecondesEntre(F("premier_contact_le"), F("premiere_demande_le"))
    if connection.vendor == "postgresql":
        r = qs.aggregate(n=Count("pk"), mediane=_Mediane(secondes), moyenne=Avg(secondes))
        n, mediane, moyenne = r["n"], r["mediane"], r["moyenne"]
    else:
        valeurs = list(qs.annotate(s=secondes).values_list("s", flat=True))
        n = len(valeurs)
        mediane = stats.median(valeurs) if valeurs else None
        moyenne = stats.fmean(valeurs) if valeurs else None
    heures = [round(v / 3600, 1) if v is not None else None for v in (mediane, moyenne)]
    return n, heures[0], heures[1]


def calculer(periode: Periode) -> Indicateurs:
    debut, fin = periode.bornes()
    filtre_dossiers = Q()
    if periode.partenaire is not None:
        filtre_dossiers &= Q(partenaire=periode.partenaire)
    if periode.departement:
        filtre_dossiers &= Q(departement=periode.departement)
    dossiers = DossierSuivi.objects.filter(filtre_dossiers)
    i = Indicateurs(periode=periode)

    testes_par_jour: dict[dt.date, int] = {}
    for jour, _, niveau, alerte, n in comptes_soumissions(periode, None):
        i.parents_testes += n
        i.par_niveau[niveau] = i.par_niveau.get(niveau, 0) + n
        i.alertes_question_10 += n if alerte else 0
        testes_par_jour[jour] = testes_par_jour.get(jour, 0) + n

    demandes = DemandeContact.objects.filter(cree_le__gte=debut, cree_le__lt=fin)
    if filtre_dossiers:
        demandes = demandes.filter(dossier__in=dossiers)
    i.demandes_contact = demandes.count()

    ouverts = dossiers.filter(cree_le__gte=debut, cree_le__lt=fin).aggregate(
        total=Count("*"),
        a_la_main=Count(
            "pk",
            filter=~Q(
                canal_arrivee__in=[
                    DossierSuivi.CanalArrivee.QUESTIONNAIRE,
                    DossierSuivi.CanalArrivee.DEMANDE_SANS_TEST,
                ]
            ),
        ),
        sans_test=Count("pk", filter=Q(canal_arrivee=DossierSuivi.CanalArrivee.DEMANDE_SANS_TEST)),
        rouverts=Count("pk", filter=Q(reouvertures__gt=0)),
        orientes=Count("pk", filter=Q(issue=DossierSuivi.Issue.ORIENTEE)),
        risque=Count("pk", filter=Q(a_risque=True)),
        perdus=Count(
            "pk", filter=Q(a_risque=True, premiere_demande_le__isnull=True, premier_contact_le__isnull=True)
        ),
    )
    i.dossiers_ouverts = ouverts["total"]
    i.dossiers_a_la_main = ouverts["a_la_main"]
    i.dossiers_sans_test = ouverts["sans_test"]
    i.dossiers_rouverts = ouverts["rouverts"]
    i.orientes = ouverts["orientes"]
    i.a_risque = ouverts["risque"]
    i.perdus_de_vue = ouverts["perdus"]

    avec_demande = dossiers.filter(premiere_demande_le__gte=debut, premiere_demande_le__lt=fin)
    i.nombre_delais, i.delai_median_heures, i.delai_moyen_heures = _delais_heures(
        avec_demande.filter(premier_contact_le__gte=F("premiere_demande_le"))
    )
    i.demandes_sans_contact = avec_demande.filter(premier_contact_le__isnull=True).count()

    aides = dossiers.filter(
        issue__in=[DossierSuivi.Issue.AIDEE, DossierSuivi.Issue.ORIENTEE],
        issue_le__gte=debut,
        issue_le__lt=fin,
    )
    i.parents_aides = aides.count()

    consultations = ConsultationRessource.objects.filter(jour__gte=periode.debut, jour__lte=periode.fin)
    i.ressources_consultees = consultations.aggregate(n=Sum("nombre"))["n"] or 0
    i.top_ressources = list(
        consultations.values("ressource__titre")
        .annotate(n=Sum("nombre"))
        .order_by("-n", "ressource__titre")[:10]
    )

    # Series over time, every period step present (zero when nothing happened).
    testes: dict[dt.date, int] = {}
    for jour, n in testes_par_jour.items():
        paquet = _debut_de(periode.pas, jour)
        testes[paquet] = testes.get(paquet, 0) + n
    par_demande = _par_paquet(demandes.order_by(), periode.pas, "cree_le")
    par_aide = _par_paquet(aides.order_by(), periode.pas, "issue_le")
    i.series = [
        {
            "debut": jour,
            "parents_testes": testes.get(jour, 0),
            "demandes_contact": par_demande.get(jour, 0),
            "parents_aides": par_aide.get(jour, 0),
        }
        for jour in _paquets(periode)
    ]

    # Per partner and per département.
    noms = dict(Partenaire.objects.values_list("pk", "nom"))
    i.par_partenaire = _ventiler(
        comptes_soumissions(periode, "partenaire_id"),
        dossiers,
        debut,
        fin,
        "partenaire_id",
        lambda pk: noms.get(pk, "—"),
    )
    i.par_departement = _ventiler(
        comptes_soumissions(periode, "departement"),
        dossiers,
        debut,
        fin,
        "departement",
        lambda d: d or "non précisé",
    )
    return i


# --- Submissions: daily roll-ups for the days that are over, the rows themselves for the rest ----


def _bornes_jours(debut: dt.date, fin: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return Periode(debut=debut, fin=fin).bornes()


def agreger_jour(jour: dt.date) -> int:
    """Writes the roll-up of one day (the three axes) and marks it done; returns its row count."""
    debut, fin = _bornes_jours(jour, jour)
    base = SoumissionEpds.objects.filter(cree_le__gte=debut, cree_le__lt=fin).order_by()
    Axe = AgregatSoumissionsJour.Axe
    niveau = ["niveau", "alerte_question_10"]
    lignes = [
        AgregatSoumissionsJour(
            axe=axe,
            jour=jour,
            partenaire_id=r.get("partenaire_id"),
            departement=r.get("departement", ""),
            niveau=r.get("niveau", ""),
            alerte_question_10=r.get("alerte_question_10", False),
            nombre=r["n"],
            alertes=r["a"],
        )
        for axe, champs in (
            (Axe.FRANCE, niveau),
            (Axe.PARTENAIRE, ["partenaire_id", *niveau]),
            (Axe.DEPARTEMENT, ["departement", *niveau]),
            (Axe.TOTAL_PARTENAIRE, ["partenaire_id"]),
            (Axe.TOTAL_DEPARTEMENT, ["departement"]),
        )
        for r in base.values(*champs).annotate(
            n=Count("*"), a=Count("alerte_question_10", filter=Q(alerte_question_10=True))
        )
    ]
    with transaction.atomic():
        AgregatSoumissionsJour.objects.filter(jour=jour).delete()
        AgregatSoumissionsJour.objects.bulk_create(lignes, batch_size=2000)
        JourAgrege.objects.update_or_create(jour=jour)
    return len(lignes)


def agreger_jours_passes() -> int:
    """Rolls up every day that is over and not done yet (`manage.py agreger_statistiques_epds`,
    daily); returns the number of days written."""
    premiere = SoumissionEpds.objects.order_by("cree_le").values_list("cree_le", flat=True).first()
    if premiere is None:
        return 0
    hier = timezone.localdate() - dt.timedelta(days=1)
    faits = set(JourAgrege.objects.filter(jour__lte=hier).values_list("jour", flat=True))
    jour, n = timezone.localtime(premiere).date(), 0
    while jour <= hier:
        if jour not in faits:
            agreger_jour(jour)
            n += 1
        jour += dt.timedelta(days=1)
    return n


def _premier_jour_non_agrege(debut: dt.date, fin: dt.date) -> dt.date:
    faits = set(JourAgrege.objects.filter(jour__gte=debut, jour__lte=fin).values_list("jour", flat=True))
    jour = debut
    while jour <= fin and jour in faits:
        jour += dt.timedelta(days=1)
    return jour


def comptes_soumissions(periode: Periode, cle: str | None) -> list[tuple]:
    """(day, key, level, alert, count) rows of the period's submissions, filtered by the period's
    partner and département, keyed by `cle` (None, "partenaire_id" or "departement"). Keyed
    rows are summed over the period in SQL (day None): a breakdown needs no days."""
    Axe = AgregatSoumissionsJour.Axe
    p, d = periode.partenaire, periode.departement
    axe = None
    if p is None and not d:
        axe = {None: Axe.FRANCE, "partenaire_id": Axe.TOTAL_PARTENAIRE, "departement": Axe.TOTAL_DEPARTEMENT}[
            cle
        ]
    elif p is not None and not d and cle in (None, "partenaire_id"):
        axe = Axe.PARTENAIRE
    elif d and p is None and cle in (None, "departement"):
        axe = Axe.DEPARTEMENT
    lignes: list[tuple] = []
    limite = periode.debut
    if axe is not None:
        limite = _premier_jour_non_agrege(periode.debut, periode.fin)
        agregats = AgregatSoumissionsJour.objects.filter(axe=axe, jour__gte=periode.debut, jour__lt=limite)
        if p is not None:
            agregats = agregats.filter(partenaire=p)
        if d:
            agregats = agregats.filter(departement=d)
        if axe in (Axe.TOTAL_PARTENAIRE, Axe.TOTAL_DEPARTEMENT):
            for r in agregats.values(cle).annotate(n=Sum("nombre"), a=Sum("alertes")).order_by():
                lignes += [(None, r[cle], "", False, r["n"] - r["a"]), (None, r[cle], "", True, r["a"])]
        else:
            if cle is None:
                groupes = agregats.values("jour", "niveau", "alerte_question_10")
            else:
                groupes = agregats.values(cle, "niveau", "alerte_question_10")
            for r in groupes.annotate(n=Sum("nombre")).order_by():
                lignes.append(
                    (r.get("jour"), r[cle] if cle else None, r["niveau"], r["alerte_question_10"], r["n"])
                )
    if limite <= periode.fin:
        debut, fin = _bornes_jours(limite, periode.fin)
        brutes = SoumissionEpds.objects.filter(cree_le__gte=debut, cree_le__lt=fin).order_by()
        if p is not None:
            brutes = brutes.filter(partenaire=p)
        if d:
            brutes = brutes.filter(departement=d)
        if cle is None:
            groupes = brutes.annotate(t=TruncDay("cree_le")).values("t", "niveau", "alerte_question_10")
        else:
            groupes = brutes.values(cle, "niveau", "alerte_question_10")
        for r in groupes.annotate(n=Count("*")):
            t = r.get("t")
            jour = timezone.localtime(t).date() if isinstance(t, dt.datetime) else t
            lignes.append((jour, r[cle] if cle else None, r["niveau"], r["alerte_question_10"], r["n"]))
    return lignes


def _ventiler(soumissions, dossiers, debut, fin, champ: str, nommer) -> list[dict]:
    lignes: dict = {}

    def ligne(cle):
        return lignes.setdefault(
            cle,
            {"nom": nommer(cle), "parents_testes": 0, "alertes": 0, "dossiers": 0, "aides": 0, "orientes": 0},
        )

    for _, cle, _, alerte, n in soumissions:
        ligne(cle)["parents_testes"] += n
        ligne(cle)["alertes"] += n if alerte else 0
    for cle, n, orientes in (
        dossiers.filter(cree_le__gte=debut, cree_le__lt=fin)
        .order_by()
        .values(champ)
        .annotate(n=Count("*"), o=Count("pk", filter=Q(issue=DossierSuivi.Issue.ORIENTEE)))
        .values_list(champ, "n", "o")
    ):
        ligne(cle)["dossiers"] += n
        ligne(cle)["orientes"] += orientes
    for cle, n in (
        dossiers.filter(
            issue__in=[DossierSuivi.Issue.AIDEE, DossierSuivi.Issue.ORIENTEE],
            issue_le__gte=debut,
            issue_le__lt=fin,
        )
        .order_by()
        .values(champ)
        .annotate(n=Count("*"))
        .values_list(champ, "n")
    ):
        ligne(cle)["aides"] += n
    return sorted(lignes.values(), key=lambda r: (-r["parents_testes"], -r["dossiers"], str(r["nom"])))


# --- Charts: inline SVG drawn on the server (no script, no CDN), each with its data table ---------

LARGEUR, HAUTEUR, MARGE = 640, 220, 36


def _barres(identifiant: str, titre: str, etiquettes: list[str], valeurs: list[float]) -> str:
    """A bar chart: the SVG is an image named by its title; its table carries the numbers."""
    maximum = max(valeurs, default=0) or 1
    n = max(len(valeurs), 1)
    pas = (LARGEUR - 2 * MARGE) / n
    barres = []
    for k, (etiquette, valeur) in enumerate(zip(etiquettes, valeurs, strict=True)):
        h = (HAUTEUR - 2 * MARGE) * valeur / maximum
        x = MARGE + k * pas
        y = HAUTEUR - MARGE - h
        barres.append(
            f'<rect x="{x + pas * 0.1:.1f}" y="{y:.1f}" width="{pas * 0.8:.1f}" height="{h:.1f}" fill="#000091">'
            f"<title>{escape(etiquette)} : {valeur:g}</title></rect>"
        )
        if n <= 16 or k % max(1, n // 8) == 0:
            barres.append(
                f'<text x="{x + pas / 2:.1f}" y="{HAUTEUR - MARGE + 14}" font-size="10" text-anchor="middle" fill="#161616">{escape(etiquette)}</text>'
            )
    axe = (
        f'<line x1="{MARGE}" y1="{HAUTEUR - MARGE}" x2="{LARGEUR - MARGE}" y2="{HAUTEUR - MARGE}" stroke="#3a3a3a"/>'
        f'<text x="{MARGE - 4}" y="{MARGE + 4}" font-size="10" text-anchor="end" fill="#161616">{maximum:g}</text>'
        f'<text x="{MARGE - 4}" y="{HAUTEUR - MARGE}" font-size="10" text-anchor="end" fill="#161616">0</text>'
    )
    return mark_safe(  # noqa: S308 — every text inside is escaped above
        f'<svg role="img" aria-labelledby="{identifiant}-titre" viewBox="0 0 {LARGEUR} {HAUTEUR}" '
        f'width="100%" style="max-width:{LARGEUR}px" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{identifiant}-titre">{escape(titre)}</title>{axe}{"".join(barres)}</svg>'
    )


def _etiquette(pas: str, jour: dt.date) -> str:
    return jour.strftime("%m/%Y") if pas == "mois" else jour.strftime("%d/%m")


def graphiques(i: Indicateurs) -> list[dict]:
    pas = i.periode.pas
    unite = "mois" if pas == "mois" else "semaine"
    etiquettes = [_etiquette(pas, s["debut"]) for s in i.series]
    resultat = []
    for cle, titre in (
        ("parents_testes", f"Parents testés par {unite}"),
        ("demandes_contact", f"Demandes de contact par {unite}"),
        ("parents_aides", f"Parents aidés (aidés ou orientés) par {unite}"),
    ):
        valeurs = [s[cle] for s in i.series]
        resultat.append(
            {
                "id": f"graphique-{cle}",
                "titre": titre,
                "svg": _barres(f"graphique-{cle}", titre, etiquettes, valeurs),
                "colonnes": [f"{unite.capitalize()} du", "Nombre"],
                "lignes": [(s["debut"].strftime("%d/%m/%Y"), s[cle]) for s in i.series],
            }
        )
    niveaux = i.parts_niveau
    resultat.append(
        {
            "id": "graphique-niveaux",
            "titre": "Parents testés par niveau de score",
            "svg": _barres(
                "graphique-niveaux",
                "Parents testés par niveau de score",
                [n["libelle"] for n in niveaux],
                [n["nombre"] for n in niveaux],
            ),
            "colonnes": ["Niveau", "Nombre"],
            "lignes": [(n["libelle"], n["nombre"]) for n in niveaux],
        }
    )
    return resultat


# --- CSV export ---------------------------------------------------------------------------------

FORMULE = ("=", "+", "-", "@", "\t", "\r")


def cellule(valeur) -> str:
    """A spreadsheet never runs a cell as a formula: text starting with = + - @ gets a quote."""
    if valeur is None:
        return ""
    texte = str(valeur)
    if isinstance(valeur, str) and texte.startswith(FORMULE):
        return "'" + texte
    return texte


def csv_indicateurs(i: Indicateurs) -> str:
    sortie = io.StringIO()
    w = csv.writer(sortie)

    def ecrire(*valeurs):
        w.writerow([cellule(v) for v in valeurs])

    p = i.periode
    ecrire("Période", f"{p.debut.isoformat()} – {p.fin.isoformat()}")
    ecrire("Partenaire", p.partenaire.nom if p.partenaire else "tous")
    ecrire("Département", p.departement or "tous")
    ecrire()
    ecrire("Indicateur", "Valeur")
    for libelle, valeur in lignes_indicateurs(i):
        ecrire(libelle, valeur)
    ecrire()
    ecrire("Début", "Parents testés", "Demandes de contact", "Parents aidés")
    for s in i.series:
        ecrire(s["debut"].isoformat(), s["parents_testes"], s["demandes_contact"], s["parents_aides"])
    for titre, lignes in (("Partenaire", i.par_partenaire), ("Département", i.par_departement)):
        ecrire()
        ecrire(
            titre, "Parents testés", "Alertes question 10", "Dossiers ouverts", "Parents aidés", "Orientés"
        )
        for r in lignes:
            ecrire(r["nom"], r["parents_testes"], r["alertes"], r["dossiers"], r["aides"], r["orientes"])
    return sortie.getvalue()


def _nombre(valeur, suffixe: str = "") -> str:
    if valeur is None:
        return "—"
    return f"{valeur:g}{suffixe}".replace(".", ",")


def lignes_indicateurs(i: Indicateurs) -> list[tuple[str, str]]:
    lignes = [("Parents testés", _nombre(i.parents_testes))]
    lignes += [(f"Part au niveau {n['libelle']}", _nombre(n["part"], " %")) for n in i.parts_niveau]
    lignes += [
        ("Part avec l'alerte de la question 10", _nombre(i.part_alerte, " %")),
        ("Demandes de contact", _nombre(i.demandes_contact)),
        ("Délai médian du premier contact (heures)", _nombre(i.delai_median_heures)),
        ("Délai moyen du premier contact (heures)", _nombre(i.delai_moyen_heures)),
        ("Demandes encore sans contact", _nombre(i.demandes_sans_contact)),
        ("Dossiers ouverts", _nombre(i.dossiers_ouverts)),
        ("dont ouverts à la main", _nombre(i.dossiers_a_la_main)),
        ("dont demandes de contact sans le test", _nombre(i.dossiers_sans_test)),
        ("dont rouverts", _nombre(i.dossiers_rouverts)),
        ("Parents aidés (aidés ou orientés)", _nombre(i.parents_aides)),
        ("Parents aidés par jour", _nombre(i.aides_par_jour)),
        ("Part orientée vers un professionnel", _nombre(i.part_orientee, " %")),
        ("Perdus de vue (churn) parmi les parents à risque", _nombre(i.churn, " %")),
        ("Ressources consultées", _nombre(i.ressources_consultees)),
        ("Consultations de ressources pour 100 parents testés", _nombre(i.consultations_pour_100)),
    ]
    return lignes


# --- The public page ------------------------------------------------------------------------------


def publiques() -> Indicateurs:
    """The last twelve months, nationally (no partner, no département: nothing small enough to
    point at anyone)."""
    fin = timezone.localdate()
    return calculer(Periode(debut=fin - dt.timedelta(days=364), fin=fin, pas="mois"))
