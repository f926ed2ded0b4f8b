"""Every list of the contenus contract costs the same number of SQL queries whatever its length.

Each documented operation is counted with every cache empty (the response cache off, and the
stage data each process keeps read again), then again after another batch of every kind of
content has been added to what it lists: the counts must be equal.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contenus.models import DocumentParentheque, Etape, Evenement, Mesure, Thematique, VideoParentheque
from tests.support.factories import article, image

STADE = "les-3-premiers-mois"
OPERATIONS = {
    "Etapes": {},
    "Thematiques": {},
    "Mesures": {},
    "Evenements": {},
    "Articles": {"first": 100},
    "Parentheque": {},
    "Calendrier": {"situation": "ENFANT", "date": "2026-03-10", "aujourdhui": "2026-03-11"},
    "Parcours": {"situation": "ENFANT", "date": "2026-03-10", "aujourdhui": "2026-04-01", "jours": 400},
}


def _compter(gql):
    comptes, tailles = {}, {}
    for nom, variables in OPERATIONS.items():
        cache.clear()
        with CaptureQueriesContext(connection) as requetes:
            data = gql.operation(nom, variables)
        assert "errors" not in data, (nom, data)
        comptes[nom] = len(requetes)
        tailles[nom] = len(str(data))
    return comptes, tailles


def _ajouter_de_tout(lot: str, n=3):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    etape = Etape.objects.get(slug=STADE)
    for i in range(n):
        i = f"{lot}-{i}"
        theme = Thematique.objects.create(nom=f"Thème ajouté {i}", slug=f"theme-ajoute-{i}", ordre=50)
        etape.thematiques.add(theme)
        evenement = Evenement.objects.create(
            nom=f"Rendez-vous ajouté {i}", slug=f"rdv-ajoute-{i}", debut=20, fin=40, thematique=theme
        )
        mesure = Mesure.objects.create(
            titre=f"Mesure ajoutée {i}", slug=f"mesure-ajoutee-{i}", resume="R.", axe=1
        )
        mesure.etapes.add(etape)
        mesure.evenements.add(evenement)
        visuel = image(f"ajoute-{i}")
        for filtre in ("width-600", "width-320", "width-640"):  # renditions already made, as in production
            visuel.get_rendition(filtre)
        page = article(f"ajoute-{i}", etapes=[etape], thematiques=[theme], visuel=visuel)
        page.evenements.add(evenement)
        document = Document.objects.create(
            title=f"doc {i}", file=ContentFile(b"%PDF-1.4", name=f"doc-{i}.pdf")
        )
        fiche = DocumentParentheque.objects.create(titre=f"Fiche {i}", document=document, thematique=theme)
        fiche.etapes.add(etape)
        video = VideoParentheque.objects.create(
            titre=f"Vidéo {i}", url=f"https://example.org/v/{i}", thematique=theme, miniature=visuel
        )
        video.etapes.add(etape)
    etape.save()  # a ParentalManyToManyField is written when its model is saved


def test_each_list_costs_constant_queries(gql, reference, media, settings):
    settings.GRAPHQL_CACHE_SECONDS = 0
    _ajouter_de_tout("a")  # no list is empty: Django runs no prefetch for an empty one
    _compter(gql)  # per-process caches of Django and Wagtail (content types, site root paths)
    avant, tailles_avant = _compter(gql)
    _ajouter_de_tout("b")
    apres, tailles_apres = _compter(gql)
    print("SQL queries per operation:", avant)
    assert [nom for nom in OPERATIONS if tailles_apres[nom] <= tailles_avant[nom]] == [], "every list grew"
    assert apres == avant


@pytest.mark.parametrize("nom", ["Parcours", "Calendrier"])
def test_parcours_and_calendar_cost_no_query_once_the_stage_is_read(gql, reference, settings, nom):
    settings.GRAPHQL_CACHE_SECONDS = 0
    cache.clear()
    gql.operation(nom, OPERATIONS[nom])
    autre_parent = {**OPERATIONS[nom], "date": "2026-03-09"}  # same stage, another family
    with CaptureQueriesContext(connection) as requetes:
        data = gql.operation(nom, autre_parent)
    assert "errors" not in data
    assert len(requetes) == 0
