"""The volume dataset of `make bench`: 2 000 articles, 200 events, 50 000 professionals, each
multiplied by BENCH_SCALE (10: the 10× dataset, in its own database).

What grows and what does not. Articles and professionals are what a larger hub has more of;
the published calendar is not: it is the reference schedule of appointments (national, a few
dozen entries in `contenus/data/evenements.json`), whatever the number of articles or places.
So at every scale the same 200 events are published (the reference ones and the first bench
ones: the generator draws them first, identically) and the 10× events table holds the other
1 800 unpublished (withdrawn or draft entries, `live=False`): the table is 10× larger, a
parent's calendar, the events list and a parcours's coming appointments are the same answer.
With 10× *published* events those answers themselves are 10× longer (calendar 36 → 348 KB,
events list 62 → 558 KB, a parcours 12.5 → 47 KB) and cost 3 to 5× more in process (calendar
24–32 → 84–137 ms, events list 62–80 → 263–327 ms, parcours 10–14 → 25–28 ms, medians of 15,
each scale measured twice in turn on a shared 2-core machine): the answer grows, the cost of
each of its items does not — a 10×/1× latency ratio would show that as growth with the data.
"""

from __future__ import annotations

import io
import os
import random

from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import transaction

SCALE = int(os.environ.get("BENCH_SCALE", "1"))
ARTICLES = 2000 * SCALE
EVENEMENTS = 200 * SCALE  # rows of the events table
EVENEMENTS_PUBLIES = 200  # the published calendar: the same at every scale (see above)
PROFESSIONNELS = 50_000 * SCALE
IMAGES = 20


def _images():
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    images = list(Image.objects.filter(title__startswith="bench-"))
    for i in range(len(images), IMAGES):
        buffer = io.BytesIO()
        PILImage.new("RGB", (1200, 800), (30 + i * 10, 120, 160)).save(buffer, "PNG")
        images.append(Image.objects.create(title=f"bench-{i}", file=ImageFile(buffer, name=f"bench-{i}.png")))
    for image in images:  # renditions exist, as in production after the first views
        image.get_rendition("width-600")
        image.get_rendition("width-400")
        image.get_rendition("width-800")
    return images


def build(log=print) -> None:
    from annuaire.models import Professionnel
    from contenus.models import ArticleIndexPage, ArticlePage, Etape, Evenement, Thematique

    call_command("load_initial_data", stdout=io.StringIO())
    rng = random.Random(1000)
    etapes = list(Etape.objects.all())
    thematiques = list(Thematique.objects.all())

    missing = EVENEMENTS - Evenement.objects.count()
    if missing > 0:
        log(f"  {missing} événements…")
        with transaction.atomic():
            for i in range(missing):
                debut = rng.randint(-280, 700)
                Evenement.objects.create(
                    nom=f"Rendez-vous de démonstration {i}",
                    slug=f"bench-evenement-{i}",
                    debut=debut,
                    fin=debut + rng.randint(1, 60),
                    essentiel=rng.random() < 0.3,
                    thematique=rng.choice(thematiques) if thematiques else None,
                    live=True,
                )
    # The first events drawn are the published ones, at every scale (a 10× table built by an
    # earlier version of this module had every event published: set again each build).
    premiers = Evenement.objects.filter(live=True).exclude(slug__startswith="bench-evenement-").count()
    publies = [f"bench-evenement-{i}" for i in range(max(EVENEMENTS_PUBLIES - premiers, 0))]
    bench = Evenement.objects.filter(slug__startswith="bench-evenement-")
    bench.filter(slug__in=publies).exclude(live=True).update(live=True)
    bench.exclude(slug__in=publies).exclude(live=False).update(live=False)

    missing = ARTICLES - ArticlePage.objects.count()
    if missing > 0:
        log(f"  {missing} articles…")
        images = _images()
        rubrique = ArticleIndexPage.objects.first()
        premier = ArticlePage.objects.count()
        liens_etapes, liens_thematiques = ArticlePage.etapes.through, ArticlePage.thematiques.through
        for lot in range(premier, premier + missing, 500):  # committed by batches: resumable
            with transaction.atomic():
                etapes_a_lier, thematiques_a_lier = [], []
                for i in range(lot, min(lot + 500, premier + missing)):
                    page = rubrique.add_child(
                        instance=ArticlePage(
                            title=f"Article de démonstration n° {i} : bien vivre les premiers mois",
                            slug=f"bench-article-{i}",
                            resume="Un résumé court et rassurant, comme ceux que les parents lisent dans l'application.",
                            corps=[
                                (
                                    "section",
                                    {"titre": "Ce qu'il faut savoir", "texte": "<p>Un paragraphe.</p>"},
                                )
                            ],
                            visuel=rng.choice(images),
                            mots_cles="sommeil, allaitement, fatigue",
                            live=True,
                        )
                    )
                    etapes_a_lier += [
                        liens_etapes(articlepage_id=page.pk, etape_id=e.pk)
                        for e in rng.sample(etapes, k=min(2, len(etapes)))
                    ]
                    thematiques_a_lier += [
                        liens_thematiques(articlepage_id=page.pk, thematique_id=t.pk)
                        for t in rng.sample(thematiques, k=min(2, len(thematiques)))
                    ]
                liens_etapes.objects.bulk_create(etapes_a_lier)
                liens_thematiques.objects.bulk_create(thematiques_a_lier)
            log(f"    {min(lot + 500, premier + missing)} articles")

    if Professionnel.objects.count() != PROFESSIONNELS:
        from tests.annuaire.generation import generer_professionnels

        log(f"  {PROFESSIONNELS} professionnels…")
        with transaction.atomic():
            Professionnel.objects.all().delete()
            Professionnel.objects.bulk_create(generer_professionnels(PROFESSIONNELS), batch_size=5000)

    from django.db import connection

    if connection.vendor == "postgresql":  # planner statistics, as autovacuum keeps them in production
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
