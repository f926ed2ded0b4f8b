"""An answer's events load their articles for the events it shows, not for the whole table.

The events list of a stage, a calendar and a parcours's appointments note the events they list;
their articles then load in one go for those events only.
An event no list noted (a measure's) still loads in one go, with those of every live event.
"""

import pytest

from contenus import services
from contenus.models import Etape, Evenement, Mesure
from tests.support.factories import article

STADE = "les-3-premiers-mois"


@pytest.fixture
def liens(reference, settings):
    """Events of the stage and one far from it, each with its own articles."""
    settings.GRAPHQL_CACHE_SECONDS = 0
    etape = Etape.objects.get(slug=STADE)
    proche = Evenement.objects.create(nom="Proche", slug="rdv-proche", debut=etape.debut + 3, live=True)
    loin = Evenement.objects.create(nom="Loin", slug="rdv-loin", debut=etape.fin + 400, live=True)
    for evenement, n in ((proche, 2), (loin, 3)):
        for i in range(n):
            page = article(f"{evenement.slug}-{i}", titre=f"{evenement.nom} {i}")
            page.evenements.add(evenement)
            page.save()  # a ParentalManyToManyField is written when its model is saved
    return etape, proche, loin


@pytest.fixture
def lots(monkeypatch):
    """The events each load of articles was asked for (None: every live event)."""
    demandes = []
    charger = services.articles_par_evenement

    def enregistrer(evenements=None):
        demandes.append(None if evenements is None else set(evenements))
        return charger(evenements)

    monkeypatch.setattr(services, "articles_par_evenement", enregistrer)
    return demandes


def _articles(data):
    return {e["slug"]: [a["slug"] for a in e["articles"]] for e in data}


def test_a_stage_s_events_load_the_articles_of_those_events_only(gql, liens, lots):
    etape, proche, loin = liens
    data = gql.execute(
        "query($e: String) { evenements(etape: $e) { slug articles { slug titre } } }", {"e": STADE}
    )["data"]["evenements"]
    montres = {e.pk for e in Evenement.objects.filter(slug__in=[e["slug"] for e in data])}
    assert proche.pk in montres and loin.pk not in montres
    assert lots == [montres]
    assert _articles(data)["rdv-proche"] == ["rdv-proche-0", "rdv-proche-1"]


def test_a_calendar_loads_the_articles_of_its_appointments_once(gql, liens, lots):
    data = gql.execute(
        '{ calendrier(situation: ENFANT, date: "2026-03-10", aujourdhui: "2026-03-11") '
        "{ evenement { slug articles { slug } } } }"
    )["data"]["calendrier"]
    slugs = [r["evenement"]["slug"] for r in data]
    assert "rdv-proche" in slugs and "rdv-loin" in slugs
    assert lots == [set(Evenement.objects.filter(slug__in=slugs).values_list("pk", flat=True))]
    par_slug = {r["evenement"]["slug"]: [a["slug"] for a in r["evenement"]["articles"]] for r in data}
    assert par_slug["rdv-loin"] == ["rdv-loin-0", "rdv-loin-1", "rdv-loin-2"]


def test_a_parcours_loads_the_articles_of_its_coming_appointments_only(gql, liens, lots):
    etape, proche, loin = liens
    data = gql.execute(
        '{ parcours(situation: ENFANT, date: "2026-03-10", aujourdhui: "2026-03-11") '
        "{ rendezVous(jours: 30) { evenement { slug articles { slug } } } } }"
    )["data"]["parcours"]["rendezVous"]
    slugs = {r["evenement"]["slug"] for r in data}
    assert "rdv-proche" in slugs and "rdv-loin" not in slugs
    assert lots == [set(Evenement.objects.filter(slug__in=slugs).values_list("pk", flat=True))]


def test_events_no_list_noted_load_with_every_live_event_in_one_go(gql, liens, lots):
    etape, proche, loin = liens
    for slug in ("mesure-a", "mesure-b"):
        mesure = Mesure.objects.create(titre=slug, slug=slug, resume="R.", axe=1, live=True)
        mesure.evenements.add(proche, loin)
        mesure.save()
    data = gql.execute("{ mesures { slug evenements { slug articles { slug } } } }")["data"]["mesures"]
    mesure = next(m for m in data if m["slug"] == "mesure-a")
    assert _articles(mesure["evenements"]) == {
        "rdv-proche": ["rdv-proche-0", "rdv-proche-1"],
        "rdv-loin": ["rdv-loin-0", "rdv-loin-1", "rdv-loin-2"],
    }
    assert lots == [None]
