"""etapes, etape, thematiques, mesures, evenements; reference content; published-only snippets."""

import io

from django.core.management import call_command

from contenus.models import ArticlePage, Etape, Evenement, Mesure, Thematique
from tests.contenus.test_donnees_reference import donnees


def test_etapes_in_order_with_their_ranges(gql, reference):
    etapes = gql.operation("Etapes")["data"]["etapes"]
    assert [e["ordre"] for e in etapes] == sorted(e["ordre"] for e in donnees("etapes"))
    plages = [(e["debut"], e["fin"]) for e in etapes]
    assert plages == [
        (None, None),
        (None, None),
        (-287, -175),
        (-175, -14),
        (-14, 7),
        (7, 91),
        (91, 365),
        (365, 730),
    ]
    assert all(e["thematiques"] for e in etapes)


def test_etape_by_slug(gql, reference):
    etape = gql.operation("Etape", {"slug": "accouchement"})["data"]["etape"]
    assert etape["nom"] == "Accouchement" and etape["ordre"] == 5
    assert gql.operation("Etape", {"slug": "inconnue"})["data"]["etape"] is None


def test_thematiques(gql, reference):
    thematiques = gql.operation("Thematiques")["data"]["thematiques"]
    assert len(thematiques) == Thematique.objects.count() >= 8
    assert {"vaccination", "handicap", "bien-etre"} <= {t["slug"] for t in thematiques}


def test_mesures_cover_the_five_axes(gql, reference):
    mesures = gql.operation("Mesures")["data"]["mesures"]
    assert sorted({m["axe"] for m in mesures}) == [1, 2, 3, 4, 5]
    assert all(m["lienOfficiel"].startswith("https://") and m["porteur"] for m in mesures)
    conge = next(m for m in mesures if m["slug"] == "conge-paternite-28-jours")
    assert {e["slug"] for e in conge["evenements"]} == {
        "conge-de-naissance-paternite",
        "conge-de-paternite-suite",
    }
    par_etape = gql.operation("Mesures", {"etape": "debut-de-grossesse"})["data"]["mesures"]
    assert "livret-1000-jours" in {m["slug"] for m in par_etape}
    assert all("debut-de-grossesse" in {e["slug"] for e in m["etapes"]} for m in par_etape)


def test_draft_measures_are_hidden(gql, reference):
    Mesure.objects.filter(slug="livret-1000-jours").update(live=False)
    assert "livret-1000-jours" not in {m["slug"] for m in gql.operation("Mesures")["data"]["mesures"]}


def test_evenements_with_stages_theme_and_articles(gql, reference):
    evenements = gql.operation("Evenements")["data"]["evenements"]
    assert len(evenements) == Evenement.objects.count()
    epp = next(e for e in evenements if e["slug"] == "entretien-prenatal-precoce")
    assert epp["essentiel"] is True and epp["thematique"]["slug"] == "bien-etre"
    # possible from the declaration until term (« jamais trop tard »)
    assert [e["slug"] for e in epp["etapes"]] == [
        "debut-de-grossesse",
        "suite-et-fin-de-grossesse",
        "accouchement",
    ]
    assert [a["slug"] for a in epp["articles"]] == ["entretien-prenatal-precoce"]
    conge = next(e for e in evenements if e["slug"] == "conge-maternite")  # −42 to +70: three stages
    assert [e["slug"] for e in conge["etapes"]] == [
        "suite-et-fin-de-grossesse",
        "accouchement",
        "les-3-premiers-mois",
    ]


def test_evenements_of_a_stage(gql, reference):
    evenements = gql.operation("Evenements", {"etape": "accouchement"})["data"]["evenements"]
    slugs = {e["slug"] for e in evenements}
    assert {"declaration-de-naissance", "examen-enfant-8-jours", "conge-maternite"} <= slugs
    assert "echographie-1" not in slugs
    assert gql.operation("Evenements", {"etape": "projet-de-parentalite"})["data"]["evenements"] == []


def test_evenements_list_costs_constant_queries(gql, reference, settings, django_assert_max_num_queries):
    settings.GRAPHQL_CACHE_SECONDS = 0  # count SQL, not the response cache
    with django_assert_max_num_queries(12):
        data = gql.operation("Evenements")
    assert len(data["data"]["evenements"]) > 40


def test_load_parcours_is_idempotent_and_keeps_editors_changes(reference):
    comptes = [m.objects.count() for m in (Etape, Thematique, Evenement, Mesure, ArticlePage)]
    etape = Etape.objects.get(ordre=6)
    etape.nom = "Les trois premiers mois"
    etape.save()
    call_command("load_parcours", stdout=io.StringIO())
    assert [m.objects.count() for m in (Etape, Thematique, Evenement, Mesure, ArticlePage)] == comptes
    assert Etape.objects.get(ordre=6).nom == "Les trois premiers mois"
    call_command("load_parcours", "--mettre-a-jour", stdout=io.StringIO())
    assert Etape.objects.get(ordre=6).nom == "Les 3 premiers mois"
    assert [m.objects.count() for m in (Etape, Thematique, Evenement, Mesure, ArticlePage)] == comptes
