"""Benchmark: latency of a 20 km distance search over 50 000 professionals.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hub python -m tests.bench.bench_annuaire

Works on its own database, never on the one named by DATABASE_URL: on PostgreSQL a database
`<name>_bench_annuaire` on the same server (created if absent), on SQLite a file
`<name>_bench_annuaire.sqlite3` next to the given one. It is migrated (slow the first time
only: the database is kept) and its 50 000 professionals are regenerated deterministically at
each run.

Prints median and p95, in milliseconds, of:
- `requete`: the search as the API runs it (count + first page of 20, départements joined),
  around a rotating set of cities, 20 km;
- `graphql`: the same through the real /graphql/ view (Django test client), coordinates
  jittered so that the response cache never answers;
- `texte <mot>`: the first page of 20 of a text search (`recherche: {texte}`) as the API reads
  it (`paginate`: the keyset page; its total is counted once per content generation, apart);
and the PostgreSQL plans (EXPLAIN ANALYZE) of the Paris search and of each text search,
showing the index in use (the text search: the trigram index of annuaire 0005).
Options: --n (rows, default 50000; 500000 for the 10× directory), --repetitions (default 300),
--rayon (km, default 20), --textes (words, default "martin,paris,sage").
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from urllib.parse import urlparse, urlunparse

VILLES_MESUREES = [
    ("Paris", 48.8566, 2.3522),
    ("Lyon", 45.7640, 4.8357),
    ("Marseille", 43.2965, 5.3698),
    ("Toulouse", 43.6047, 1.4442),
    ("Lille", 50.6292, 3.0573),
    ("Clermont-Ferrand", 45.7772, 3.0870),  # no cluster: background density only
]


def base_dediee(url: str, suffixe: str = "bench_annuaire") -> str:
    """The URL of the benchmark's own database, created on PostgreSQL if absent."""
    if not url or url.startswith("sqlite"):
        chemin = urlparse(url).path if url else "/tmp/hub.sqlite3"
        racine, _ = os.path.splitext(chemin)
        return f"sqlite:///{racine}_{suffixe}.sqlite3"
    morceaux = urlparse(url)
    nom = morceaux.path.lstrip("/") or "hub"
    nom_bench = f"{nom}_{suffixe}"
    import psycopg

    admin = urlunparse(morceaux._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True) as connexion:
        existe = connexion.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nom_bench]).fetchone()
        if not existe:
            connexion.execute(f'CREATE DATABASE "{nom_bench}"')
    return urlunparse(morceaux._replace(path=f"/{nom_bench}"))


def centiles(valeurs: list[float]) -> tuple[float, float, float]:
    triees = sorted(valeurs)
    p95 = triees[min(len(triees) - 1, int(round(0.95 * (len(triees) - 1))))]
    return statistics.median(triees), p95, triees[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50_000)
    parser.add_argument("--repetitions", type=int, default=300)
    parser.add_argument("--rayon", type=float, default=20.0)
    parser.add_argument("--textes", default="martin,paris,sage")
    args = parser.parse_args(argv)

    url = base_dediee(os.environ.get("DATABASE_URL", ""))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    os.environ.setdefault("CONN_MAX_AGE", "60")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.DEBUG = False  # no query log in memory
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    from annuaire.models import Professionnel
    from annuaire.search import Criteres, rechercher_professionnels
    from hub.api.pagination import paginate
    from tests.annuaire.generation import creer_professionnels

    print(f"Base : {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)  # first run only takes long: the database is kept
    call_command("load_departements", verbosity=0, stdout=open(os.devnull, "w"))
    debut = time.perf_counter()
    Professionnel.objects.all().delete()
    creer_professionnels(args.n, seed=2026)
    with connection.cursor() as curseur:
        curseur.execute("ANALYZE annuaire_professionnel" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"{Professionnel.objects.count()} professionnels générés en {time.perf_counter() - debut:.1f} s")

    def requete(lat: float, lon: float) -> tuple[int, int]:
        qs = rechercher_professionnels(Criteres(latitude=lat, longitude=lon, rayon_km=args.rayon))
        total = qs.count()
        page = list(qs[:20])
        return total, len(page)

    for nom, lat, lon in VILLES_MESUREES:
        total, _ = requete(lat, lon)
        print(f"  {nom:<17} {total:>5} professionnels à moins de {args.rayon:g} km")

    mesures: dict[str, list[float]] = {}
    for _ in range(20):  # warm-up
        requete(48.8566, 2.3522)
    for i in range(args.repetitions):
        nom, lat, lon = VILLES_MESUREES[i % len(VILLES_MESUREES)]
        t0 = time.perf_counter()
        requete(lat, lon)
        duree = (time.perf_counter() - t0) * 1000
        mesures.setdefault("requete (toutes villes)", []).append(duree)
        mesures.setdefault(f"requete {nom}", []).append(duree)

    textes = [mot for mot in args.textes.split(",") if mot]
    for mot in textes:
        for _ in range(5):  # warm-up
            paginate(rechercher_professionnels(Criteres(texte=mot)), 20)
        for _ in range(max(args.repetitions // 5, 20)):
            t0 = time.perf_counter()
            paginate(rechercher_professionnels(Criteres(texte=mot)), 20)
            mesures.setdefault(f"texte {mot}", []).append((time.perf_counter() - t0) * 1000)

    client = Client()
    operation = (
        "query($r: RechercheProfessionnels) { professionnels(recherche: $r, first: 20) { totalCount "
        "edges { node { id nom prenom profession commune distanceKm departement { code nom } } } } }"
    )
    rng = random.Random(1)
    for i in range(args.repetitions + 20):
        nom, lat, lon = VILLES_MESUREES[i % len(VILLES_MESUREES)]
        variables = {
            "r": {
                "autourDe": {
                    "latitude": lat + rng.uniform(-1e-3, 1e-3),
                    "longitude": lon + rng.uniform(-1e-3, 1e-3),
                },
                "rayonKm": args.rayon,
            }
        }
        t0 = time.perf_counter()
        reponse = client.post(
            "/graphql/", {"query": operation, "variables": variables}, content_type="application/json"
        )
        duree = (time.perf_counter() - t0) * 1000
        corps = reponse.json()
        if reponse.status_code != 200 or "errors" in corps:
            print("Erreur GraphQL :", reponse.status_code, str(corps)[:300], file=sys.stderr)
            return 1
        if i >= 20:
            mesures.setdefault("graphql (toutes villes)", []).append(duree)

    print(f"\nRecherche {args.rayon:g} km sur {args.n} professionnels, {args.repetitions} répétitions (ms) :")
    print(f"  {'mesure':<28} {'médiane':>8} {'p95':>8} {'max':>8}")
    for nom, valeurs in mesures.items():
        mediane, p95, maximum = centiles(valeurs)
        print(f"  {nom:<28} {mediane:>8.2f} {p95:>8.2f} {maximum:>8.2f}")

    if connection.vendor == "postgresql":
        qs = rechercher_professionnels(Criteres(latitude=48.8566, longitude=2.3522, rayon_km=args.rayon))[:20]
        print("\nEXPLAIN ANALYZE (Paris, première page) :")
        print(qs.explain(analyze=True))
    else:
        qs = rechercher_professionnels(Criteres(latitude=48.8566, longitude=2.3522, rayon_km=args.rayon))[:20]
        print("\nEXPLAIN QUERY PLAN (Paris, première page) :")
        print(qs.explain())
    for mot in textes:
        print(
            f"\n{'EXPLAIN ANALYZE' if connection.vendor == 'postgresql' else 'EXPLAIN QUERY PLAN'} "
            f"(texte « {mot} », {rechercher_professionnels(Criteres(texte=mot)).count()} résultats, "
            "première page telle que l'API la lit) :"
        )
        print(
            _plan_de_la_page(
                connection, lambda mot=mot: paginate(rechercher_professionnels(Criteres(texte=mot)), 20)
            )
        )
    return 0


def _plan_de_la_page(connection, lire) -> str:
    """The plan of the last query `lire()` runs (the page's), as the database executes it."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as requetes:
        lire()
    sql = requetes.captured_queries[-1]["sql"]
    prefixe = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as curseur:
        curseur.execute(prefixe + sql)
        return "\n".join(str(ligne[-1]) for ligne in curseur.fetchall())


if __name__ == "__main__":
    sys.exit(main())
