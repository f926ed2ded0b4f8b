"""Every figure of the dashboard against a dataset whose answers are known by hand.

The period is 2 → 15 March 2026 (14 days, two weeks starting on Mondays). What each case is,
and which figure it moves, is written next to it.
"""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

DEBUT, FIN = dt.date(2026, 3, 2), dt.date(2026, 3, 15)


def le(jour, heure=10):
    return dt.datetime(2026, 3, jour, heure, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def jeu(epds, partenaire, django_user_model):
    from annuaire.models import Professionnel
    from epds import dossiers
    from epds.models import ConsultationRessource, DemandeContact, Partenaire, RessourceEpds, SoumissionEpds
    from epds.scoring import BANDES

    infirmiere = django_user_model.objects.create_user("inf", first_name="Ines")
    autre = Partenaire.objects.create(nom='=HYPERLINK("http://x")', slug="autre")
    a, b = partenaire, autre

    def soumission(quand, score, partenaire, alerte=False, departement=""):
        niveau = next(n for borne, n in BANDES if score <= borne)
        s = SoumissionEpds.objects.create(
            questionnaire=epds,
            langue="fr",
            partenaire=partenaire,
            points=[0] * 10,
            score=score,
            niveau=niveau,
            alerte_question_10=alerte,
            departement=departement,
            jeton_hash="x",
        )
        SoumissionEpds.objects.filter(pk=s.pk).update(cree_le=quand)
        s.refresh_from_db()
        return s

    def demande(s, quand):
        dossier = dossiers.dossier_pour_demande(s, quand)
        d = DemandeContact.objects.create(
            dossier=dossier, reference=f"EPDS-T{s.pk:07d}", canal="SMS", consentement_le=quand
        )
        DemandeContact.objects.filter(pk=d.pk).update(cree_le=quand)
        if dossier.cree_le > quand:  # opened by this request: opened when it arrived
            type(dossier).objects.filter(pk=dossier.pk).update(cree_le=quand)
        dossier.refresh_from_db()
        return dossier

    def joindre(dossier, quand, joint=True):
        dossiers.consigner_contact(dossier, par=infirmiere, canal="telephone", joint=joint, quand=quand)

    # s1: at risk, never in touch → churn
    s1 = soumission(le(2), 14, a, departement="75")
    dossiers.ouvrir_pour_soumission(s1)
    # s2: at risk, request 3 Mar 10h, reached 16h (6 h); aidée on the 5th, closed, reopened,
    # aidée again on the 10th: helped once, on the 10th
    s2 = soumission(le(3, 9), 12, a, departement="75")
    d2 = dossiers.ouvrir_pour_soumission(s2)
    d2 = demande(s2, le(3, 10))
    joindre(d2, le(3, 16))
    dossiers.enregistrer_issue(d2, par=infirmiere, issue="aidee", quand=le(5))
    dossiers.clore(d2, par=infirmiere)
    dossiers.rouvrir(d2, par=infirmiere)
    dossiers.enregistrer_issue(d2, par=infirmiere, issue="aidee", quand=le(10))
    # s3: item-10 alert at a low score, no request, reached by the team → orientée on the 6th
    s3 = soumission(le(4), 5, b, alerte=True)
    d3 = dossiers.ouvrir_pour_soumission(s3)
    joindre(d3, le(4, 15))
    psy = Professionnel.objects.create(nom="Martin", profession="psychologue")
    dossiers.enregistrer_issue(d3, par=infirmiere, issue="orientee", professionnel=psy, quand=le(6))
    # s4: low score, no case until a request on the 10th 9h; an attempt, reached on the 11th 15h
    # (30 h); non accompagnée
    s4 = soumission(le(10, 8), 3, b, departement="13")
    d4 = demande(s4, le(10, 9))
    joindre(d4, le(10, 11), joint=False)
    joindre(d4, le(11, 15))
    dossiers.enregistrer_issue(d4, par=infirmiere, issue="non_accompagnee", quand=le(12))
    # s5: at risk, request on the 8th, not reached yet
    s5 = soumission(le(8, 7), 20, a)
    dossiers.ouvrir_pour_soumission(s5)
    demande(s5, le(8, 8))
    # s6: tested, nothing else
    soumission(le(12), 7, a)
    # before the period: opened in February, aidée on 9 March → helped in the period
    avant = soumission(dt.datetime(2026, 2, 20, 10, tzinfo=timezone.get_current_timezone()), 15, a)
    d_avant = dossiers.ouvrir_pour_soumission(avant)
    dossiers.enregistrer_issue(d_avant, par=infirmiere, issue="aidee", quand=le(9))
    # opened by hand on the 7th (a phone call), orientée towards a PMI the same day
    h1 = dossiers.ouvrir_a_la_main(par=infirmiere, canal_arrivee="telephone", departement="75", quand=le(7))
    dossiers.enregistrer_issue(
        h1, par=infirmiere, issue="orientee", orientation_profession="pmi", quand=le(7, 11)
    )
    # after the period: nothing of it counts
    soumission(dt.datetime(2026, 3, 16, 10, tzinfo=timezone.get_current_timezone()), 25, a)

    r1, r2 = RessourceEpds.objects.all()[:2]
    ConsultationRessource.objects.create(ressource=r1, jour=dt.date(2026, 3, 5), nombre=3)
    ConsultationRessource.objects.create(ressource=r2, jour=dt.date(2026, 3, 5), nombre=1)
    ConsultationRessource.objects.create(ressource=r1, jour=dt.date(2026, 3, 20), nombre=5)
    return {"a": a, "b": b}


def calculer(**filtres):
    from epds.statistiques import Periode, calculer

    return calculer(Periode(debut=DEBUT, fin=FIN, **filtres))


def test_every_figure_over_the_period(jeu):
    i = calculer()
    assert i.parents_testes == 6
    assert {n["niveau"]: (n["nombre"], n["part"]) for n in i.parts_niveau} == {
        "BIEN": (3, 50.0),
        "MODERE": (0, 0.0),
        "ELEVE": (1, 16.7),
        "TRES_ELEVE": (2, 33.3),
    }
    assert (i.alertes_question_10, i.part_alerte) == (1, 16.7)
    assert i.demandes_contact == 3
    # opened in the period: s1, s2, s3, s4 (by its request), s5, and the one opened by hand
    assert (i.dossiers_ouverts, i.dossiers_a_la_main, i.dossiers_rouverts) == (6, 1, 1)
    # first contact: s2 6 h, s4 30 h; s5 still waiting
    assert (i.nombre_delais, i.delai_median_heures, i.delai_moyen_heures, i.demandes_sans_contact) == (
        2,
        18.0,
        18.0,
        1,
    )
    # helped (aidée or orientée, dated in the period): s2 once, s3, the February case, the hand-opened
    assert i.parents_aides == 4 and i.aides_par_jour == round(4 / 14, 2)
    # oriented among the 6 opened: s3 and the hand-opened one
    assert (i.orientes, i.part_orientee) == (2, 33.3)
    # churn among the 4 at-risk opened by the questionnaire (s1, s2, s3, s5): s1 only
    assert (i.a_risque, i.perdus_de_vue, i.churn) == (4, 1, 25.0)
    assert (i.ressources_consultees, i.consultations_pour_100) == (4, 66.7)
    assert [
        (s["debut"], s["parents_testes"], s["demandes_contact"], s["parents_aides"]) for s in i.series
    ] == [
        (dt.date(2026, 3, 2), 4, 2, 2),
        (dt.date(2026, 3, 9), 2, 1, 2),
    ]


def test_figures_per_partner_and_departement(jeu):
    i = calculer(partenaire=jeu["a"])
    assert (i.parents_testes, i.dossiers_ouverts, i.parents_aides, i.demandes_contact) == (4, 3, 2, 2)
    assert (i.a_risque, i.perdus_de_vue) == (3, 1)
    i = calculer(departement="75")
    assert (i.parents_testes, i.dossiers_ouverts, i.parents_aides, i.orientes) == (2, 3, 2, 1)
    par_partenaire = {r["nom"]: r for r in calculer().par_partenaire}
    assert par_partenaire["Widget test"] == {
        "nom": "Widget test",
        "parents_testes": 4,
        "alertes": 0,
        "dossiers": 3,
        "aides": 2,
        "orientes": 0,
    }
    assert (par_partenaire["—"]["dossiers"], par_partenaire["—"]["orientes"]) == (1, 1)  # by hand
    par_mois = calculer(pas="mois").series
    assert [(s["debut"], s["parents_testes"]) for s in par_mois] == [(dt.date(2026, 3, 1), 6)]


def test_dashboard_charts_tables_and_csv(client, membre, jeu):
    client.force_login(membre)
    params = {"du": DEBUT.isoformat(), "au": FIN.isoformat()}
    html = client.get(reverse("file_suivi_epds:tableau"), params).content.decode()
    assert (
        html.count('<svg role="img"') == 4 and "Parents testés par semaine : les données du graphique" in html
    )
    assert '<th scope="row">Perdus de vue (churn) parmi les parents à risque</th><td>25 %</td>' in html
    assert "cdn" not in html.lower().replace("cdnjs", "")
    reponse = client.get(reverse("file_suivi_epds:export"), params)
    assert reponse["Content-Type"].startswith("text/csv")
    lignes = list(csv.reader(io.StringIO(reponse.content.decode())))
    assert ["Parents aidés par jour", "0,29"] in lignes
    assert ["Part orientée vers un professionnel", "33,3 %"] in lignes
    noms = [ligne[0] for ligne in lignes if ligne]
    assert '\'=HYPERLINK("http://x")' in noms and '=HYPERLINK("http://x")' not in noms  # neutralised
    refus = client.get(reverse("file_suivi_epds:export"), {"du": "2026-03-10", "au": "2026-03-01"})
    assert refus.status_code == 400 and "début est après" in refus.content.decode()
    page = client.get(reverse("file_suivi_epds:tableau"), {"departement": "999"})
    assert page.status_code == 200 and "Département inconnu" in page.content.decode()


def test_public_statistics_page_is_cached(client, jeu, django_assert_max_num_queries):
    from django.core.cache import cache

    cache.delete("epds:statistiques-publiques")
    reponse = client.get("/statistiques/")
    assert reponse.status_code == 200 and "max-age=3600" in reponse["Cache-Control"]
    html = reponse.content.decode()
    assert "Statistiques du service" in html and '<svg role="img"' in html
    with django_assert_max_num_queries(0):
        assert client.get("/statistiques/").status_code == 200


def test_daily_rollups_give_the_same_figures_and_are_read(jeu):
    from django.core.management import call_command
    from django.db.models import F

    from epds.models import AgregatSoumissionsJour, JourAgrege
    from epds.statistiques import agreger_jour

    def figures(**filtres):
        i = calculer(**filtres)
        return (
            i.parents_testes,
            i.par_niveau,
            i.alertes_question_10,
            i.series,
            i.par_partenaire,
            i.par_departement,
        )

    filtres = [
        {},
        {"partenaire": jeu["a"]},
        {"departement": "75"},
        {"partenaire": jeu["a"], "departement": "75"},
    ]
    avant = [figures(**f) for f in filtres]
    for jour in range(2, 10):  # the first days rolled up, the rest read from the rows
        agreger_jour(dt.date(2026, 3, jour))
    assert [figures(**f) for f in filtres] == avant
    call_command("agreger_statistiques_epds", stdout=open("/dev/null", "w"))
    hier = timezone.localdate() - dt.timedelta(days=1)
    assert (
        JourAgrege.objects.filter(jour__gte=dt.date(2026, 2, 20), jour__lte=hier).count()
        == (hier - dt.date(2026, 2, 20)).days + 1
    )
    assert [figures(**f) for f in filtres] == avant
    # the roll-up is what is read for a day that is over
    AgregatSoumissionsJour.objects.filter(axe="france", jour=dt.date(2026, 3, 3)).update(
        nombre=F("nombre") + 100
    )
    assert calculer().parents_testes == 106
