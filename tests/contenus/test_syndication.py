"""Syndication through GraphQL: incremental sync (`misAJourDepuis`), canonical URL, licence, attribution."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.support.factories import article

ANCIEN = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
RECENT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def etape(reference):
    from contenus.models import Etape

    return Etape.objects.create(nom="Étape de test", slug="etape-test", ordre=90, debut=0, fin=10)


@pytest.fixture
def deux_articles(etape):
    from contenus.models import ArticlePage

    for slug, quand in (("ancien", ANCIEN), ("recent", RECENT)):
        article(slug, etapes=[etape])
        ArticlePage.objects.filter(slug=slug).update(last_published_at=quand)


def slugs(reponse):
    assert "errors" not in reponse, reponse
    return sorted(e["node"]["slug"] for e in reponse["data"]["articles"]["edges"])


@pytest.mark.parametrize(
    ("depuis", "attendus"),
    [
        (None, ["ancien", "recent"]),
        ("2026-10-31T00:00:00+01:00", ["ancien", "recent"]),
        ("2026-11-01T10:00:00+01:00", ["ancien", "recent"]),  # = ANCIEN: inclusive
        ("2026-11-01T10:00:01+01:00", ["recent"]),
        ("2026-11-10T00:00:00Z", ["recent"]),
        ("2026-11-20T10:00:00+01:00", ["recent"]),  # = RECENT
        ("2026-11-20T09:00:00.000001+00:00", []),
    ],
)
def test_articles_updated_since(gql, deux_articles, depuis, attendus):
    variables = {"etape": "etape-test"}
    if depuis:
        variables["misAJourDepuis"] = depuis
    reponse = gql.operation("Articles", variables)
    assert slugs(reponse) == attendus
    assert reponse["data"]["articles"]["totalCount"] == len(attendus)


def test_a_republished_article_comes_back_in_the_next_sync(gql, etape):
    from django.utils import timezone

    from contenus.models import ArticlePage

    article("premier", etapes=[etape])
    article("second", etapes=[etape])
    derniere_synchro = timezone.now()
    page = ArticlePage.objects.get(slug="premier")
    page.resume = "Résumé corrigé."
    page.save_revision().publish()

    reponse = gql.operation(
        "Articles", {"etape": "etape-test", "misAJourDepuis": derniere_synchro.isoformat()}
    )
    assert slugs(reponse) == ["premier"]
    noeud = reponse["data"]["articles"]["edges"][0]["node"]
    assert datetime.fromisoformat(noeud["misAJourLe"]) >= derniere_synchro


def test_an_instant_without_offset_is_refused(gql, deux_articles):
    reponse = gql.operation("Articles", {"misAJourDepuis": "2026-11-10T00:00:00"})
    assert reponse["data"] is None
    assert reponse["errors"][0]["extensions"]["code"] == "DATE_HEURE_INVALIDE"


def test_a_malformed_instant_is_an_error_not_a_crash(gql, deux_articles):
    reponse = gql.operation("Articles", {"misAJourDepuis": "hier"})
    assert reponse.get("data") is None and reponse["errors"]


def test_measures_updated_since(gql, reference):
    from contenus.models import Mesure

    for slug, quand in (("mesure-ancienne", ANCIEN), ("mesure-recente", RECENT)):
        mesure = Mesure.objects.create(titre=slug, slug=slug, resume="…", axe=1, live=False)
        mesure.save_revision().publish()
        Mesure.objects.filter(slug=slug).update(last_published_at=quand)

    def mesures(depuis):
        reponse = gql.operation("Mesures", {"misAJourDepuis": depuis})
        assert "errors" not in reponse, reponse
        return sorted(m["slug"] for m in reponse["data"]["mesures"])

    # Measures loaded without a publication (the reference data) have no update date: full sync only.
    assert mesures("2026-10-01T00:00:00+02:00") == ["mesure-ancienne", "mesure-recente"]
    assert mesures("2026-11-10T00:00:00+01:00") == ["mesure-recente"]
    assert mesures("2026-12-01T00:00:00+01:00") == []
    tout = gql.operation("Mesures")["data"]["mesures"]
    assert len(tout) == Mesure.objects.filter(live=True).count() > 2
    recente = next(m for m in tout if m["slug"] == "mesure-recente")
    assert datetime.fromisoformat(recente["misAJourLe"]) == RECENT


def test_licence_attribution_and_url_by_default_per_item_and_site_wide(gql, etape):
    from contenus.models import Mesure, ParametresSyndication

    article("par-defaut", etapes=[etape])
    article("sous-cc-by", etapes=[etape], licence="CC BY 4.0", attribution="Santé publique France")
    Mesure.objects.create(titre="M", slug="mesure-cc", resume="…", axe=2, licence="CC BY 4.0")

    def articles():
        reponse = gql.operation("Articles", {"etape": "etape-test"})
        return {
            e["node"]["slug"]: (e["node"]["licence"], e["node"]["attribution"], e["node"]["url"])
            for e in reponse["data"]["articles"]["edges"]
        }

    par_defaut = "1000 premiers jours — ministère chargé de la santé"
    assert articles() == {
        "par-defaut": ("Licence Ouverte 2.0", par_defaut, "http://127.0.0.1:8000/articles/par-defaut/"),
        "sous-cc-by": ("CC BY 4.0", "Santé publique France", "http://127.0.0.1:8000/articles/sous-cc-by/"),
    }
    mesures = {m["slug"]: m for m in gql.operation("Mesures")["data"]["mesures"]}
    assert mesures["mesure-cc"]["licence"] == "CC BY 4.0"
    assert mesures["mesure-cc"]["url"] == "http://127.0.0.1:8000/mesures/mesure-cc/"
    autre = next(m for s, m in mesures.items() if s != "mesure-cc")
    assert (autre["licence"], autre["attribution"]) == ("Licence Ouverte 2.0", par_defaut)

    reglages = ParametresSyndication.load()
    reglages.licence, reglages.attribution = "CC BY-SA 4.0", "Ministère"
    reglages.save()
    assert articles()["par-defaut"][:2] == ("CC BY-SA 4.0", "Ministère")
    assert articles()["sous-cc-by"][:2] == ("CC BY 4.0", "Santé publique France")


def test_licence_costs_no_query_per_article(gql, etape, django_assert_max_num_queries):
    for i in range(8):
        article(f"article-{i}", etapes=[etape])
    gql.operation("Articles", {"etape": "etape-test"})  # warm-up (content types, site)
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(12):
        reponse = gql.operation("Articles", {"etape": "etape-test", "first": 8})
    assert len(reponse["data"]["articles"]["edges"]) == 8
