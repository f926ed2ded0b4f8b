"""Benchmark: the follow-up dashboard over 1 000 000 submissions and 50 000 cases, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hub python -m tests.bench.bench_suivi

Works on its own database `<name>_bench_suivi` (created if absent, migrated, kept between runs).
The dataset is generated in SQL (generate_series) when its size differs from the one asked,
deterministically: submissions spread over two years, 20 partners, 95 départements, a case for
one submission in 20, a contact request for two cases in five, journal lines, outcomes,
reopened and hand-opened cases, and daily resource counters. VACUUM ANALYZE follows, then the
daily roll-up of the days that are over (`manage.py agreger_statistiques_epds`, timed: the first
run writes two years of days, later runs none); today is counted from the rows.

Prints median and max (ms) over --repetitions of:
- `calcul 12 mois`: epds.statistiques.calculer over the last 365 days, nationally, by week;
- `calcul 12 mois, un partenaire` and `…, un département`;
- `tableau de bord (HTTP)`: the admin page through Django's test client (figures, charts, tables);
- `export CSV (HTTP)`;
- `file de suivi (HTTP)`: the queue's first page;
and the plan of the submissions' aggregate (the index-only scan on epds_soumission_stats).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from tests.bench.bench_annuaire import base_dediee

GENERATION = """
INSERT INTO epds_partenaire (nom, slug, site_web, contact_email, actif, origines_autorisees, cree_le, modifie_le)
SELECT 'Partenaire ' || p, 'bench-' || p, '', '', true, '[]'::jsonb, now(), now()
FROM generate_series(1, 20) p ON CONFLICT (slug) DO NOTHING;

INSERT INTO epds_soumissionepds (uuid, questionnaire_id, langue, partenaire_id, points, score, niveau,
  alerte_question_10, genre, tranche_age, departement, situation, idempotency_key, jeton_hash, cree_le)
SELECT md5('bench' || i)::uuid, %(questionnaire)s, 'fr',
  (SELECT array_agg(id ORDER BY id) FROM epds_partenaire WHERE slug LIKE 'bench-%%')[1 + i %% 20],
  '[0,0,0,0,0,0,0,0,0,0]'::jsonb, s.score,
  CASE WHEN s.score <= 8 THEN 'BIEN' WHEN s.score <= 10 THEN 'MODERE' WHEN s.score <= 12 THEN 'ELEVE' ELSE 'TRES_ELEVE' END,
  i %% 37 = 0, '', '', lpad((1 + i %% 95)::text, 2, '0'), '', '', 'x',
  now() - ((i::bigint * 7919) %% (730 * 86400)) * interval '1 second'
FROM generate_series(1, %(n)s) i, LATERAL (SELECT (i * 13) %% 31 AS score) s;

INSERT INTO epds_dossiersuivi (soumission_id, statut, notes, canal_arrivee, partenaire_id, departement,
  alerte_question_10, a_risque, prenom, telephone, email, issue, issue_le, orientation_profession,
  demande_en_attente_le, premiere_demande_le, premier_contact_le, reouvertures, cree_le, modifie_le, clos_le)
SELECT s.id,
  CASE s.id %% 4 WHEN 0 THEN 'sans_contact' WHEN 1 THEN 'nouveau' WHEN 2 THEN 'echange_initial' ELSE 'clos' END,
  '', 'questionnaire', s.partenaire_id, s.departement, s.alerte_question_10, true, '', '', '',
  CASE s.id %% 5 WHEN 0 THEN 'aidee' WHEN 1 THEN 'orientee' WHEN 2 THEN 'non_accompagnee' ELSE '' END,
  CASE WHEN s.id %% 5 < 3 THEN s.cree_le + interval '3 days' END,
  CASE WHEN s.id %% 5 = 1 THEN 'psychologue' ELSE '' END,
  CASE WHEN s.id %% 4 = 1 THEN s.cree_le + interval '1 hour' END,
  CASE WHEN s.id %% 5 < 2 THEN s.cree_le + interval '1 hour' END,
  CASE WHEN s.id %% 5 < 3 THEN s.cree_le + interval '1 day' END,
  CASE WHEN s.id %% 50 = 0 THEN 1 ELSE 0 END,
  s.cree_le, s.cree_le, CASE WHEN s.id %% 4 = 3 THEN s.cree_le + interval '5 days' END
FROM epds_soumissionepds s WHERE s.id %% 20 = 0;

INSERT INTO epds_dossiersuivi (soumission_id, statut, notes, canal_arrivee, partenaire_id, departement,
  alerte_question_10, a_risque, prenom, telephone, email, issue, issue_le, orientation_profession,
  premier_contact_le, reouvertures, cree_le, modifie_le)
SELECT NULL, 'echange_initial', '', 'telephone', NULL, lpad((1 + i %% 95)::text, 2, '0'), false, false, '', '', '',
  'aidee', now() - (i %% 700) * interval '1 day', '', now() - (i %% 700) * interval '1 day' - interval '1 hour', 0,
  now() - (i %% 700) * interval '1 day' - interval '1 hour', now()
FROM generate_series(1, %(a_la_main)s) i;

INSERT INTO epds_demandecontact (dossier_id, reference, prenom, telephone, email, canal, creneaux,
  departement, confirmation_demandee, consentement_le, cree_le)
SELECT d.id, 'EPDS-B' || lpad(d.id::text, 7, '0'), '', '', '', 'SMS', '[]'::jsonb, '', false,
  d.premiere_demande_le, d.premiere_demande_le
FROM epds_dossiersuivi d WHERE d.premiere_demande_le IS NOT NULL;

INSERT INTO epds_entreejournal (dossier_id, quand, canal, joint, commentaire, cree_le)
SELECT d.id, d.cree_le + k * interval '12 hours', 'telephone', k = 2, '', d.cree_le
FROM epds_dossiersuivi d, generate_series(1, 2) k WHERE d.premier_contact_le IS NOT NULL;

INSERT INTO epds_consultationressource (ressource_id, jour, nombre)
SELECT r.id, current_date - j, 1 + (r.id * j) %% 40
FROM epds_ressourceepds r, generate_series(0, 729) j;
"""


def mesurer(fonction, repetitions: int) -> tuple[float, float]:
    fonction()  # warm-up: imports, templates, plans
    durees = []
    for _ in range(repetitions):
        t0 = time.perf_counter()
        fonction()
        durees.append((time.perf_counter() - t0) * 1000)
    return statistics.median(durees), max(durees)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--soumissions", type=int, default=1_000_000)
    parser.add_argument("--repetitions", type=int, default=5)
    args = parser.parse_args(argv)

    url = base_dediee(os.environ.get("DATABASE_URL", ""), "bench_suivi")
    if not url.startswith("postgres"):
        print("bench_suivi : PostgreSQL seulement (DATABASE_URL=postgres://…)", file=sys.stderr)
        return 1
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    import django

    django.setup()
    import datetime as dt

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from epds import statistiques
    from epds.models import DossierSuivi, Partenaire, QuestionnaireEpds, SoumissionEpds

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    print(f"Base : {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    if not QuestionnaireEpds.objects.filter(publie=True).exists():
        call_command("load_epds", stdout=open(os.devnull, "w"))
    if SoumissionEpds.objects.count() != args.soumissions:
        debut = time.perf_counter()
        with transaction.atomic(), connection.cursor() as c:
            c.execute("SET LOCAL statement_timeout = 0")  # generating, not measuring
            c.execute(
                "TRUNCATE epds_entreejournal, epds_notification, epds_demandecontact, epds_dossiersuivi, "
                "epds_soumissionepds, epds_consultationressource CASCADE"
            )
            questionnaire = QuestionnaireEpds.objects.filter(publie=True).order_by("pk").first().pk
            c.execute(
                GENERATION,
                {
                    "questionnaire": questionnaire,
                    "n": args.soumissions,
                    "a_la_main": args.soumissions // 1000,
                },
            )
        with connection.cursor() as c:
            c.execute("SET statement_timeout = 0")
            c.execute("VACUUM ANALYZE")
            c.execute("RESET statement_timeout")  # and the visibility map the index-only scans need
        print(f"Jeu généré en {time.perf_counter() - debut:.1f} s")
    from epds.models import JourAgrege

    debut = time.perf_counter()
    n = statistiques.agreger_jours_passes()
    print(
        f"Agrégats journaliers : {n} jour(s) écrit(s) en {time.perf_counter() - debut:.1f} s "
        f"({JourAgrege.objects.count()} jours agrégés)"
    )
    print(
        f"{SoumissionEpds.objects.count()} soumissions, {DossierSuivi.objects.count()} dossiers "
        f"({DossierSuivi.objects.filter(soumission__isnull=True).count()} ouverts à la main)"
    )

    fin = timezone.localdate()
    annee = statistiques.Periode(debut=fin - dt.timedelta(days=364), fin=fin)
    partenaire = Partenaire.objects.filter(slug="bench-3").first()
    User = get_user_model()
    chef = User.objects.filter(username="bench-chef").first() or User.objects.create_superuser("bench-chef")
    client = Client()
    client.force_login(chef)

    def http(chemin):
        def appel():
            reponse = client.get(chemin)
            assert reponse.status_code == 200, (chemin, reponse.status_code)

        return appel

    du = annee.debut.isoformat()
    mesures = [
        ("calcul 12 mois", lambda: statistiques.calculer(annee)),
        (
            "calcul 12 mois, un partenaire",
            lambda: statistiques.calculer(
                statistiques.Periode(annee.debut, annee.fin, partenaire=partenaire)
            ),
        ),
        (
            "calcul 12 mois, un département",
            lambda: statistiques.calculer(statistiques.Periode(annee.debut, annee.fin, departement="75")),
        ),
        ("tableau de bord (HTTP)", http(f"/admin/epds/file-suivi/tableau/?du={du}&au={fin}")),
        ("export CSV (HTTP)", http(f"/admin/epds/file-suivi/tableau/export.csv?du={du}&au={fin}")),
        ("file de suivi (HTTP)", http("/admin/epds/file-suivi/")),
    ]
    i = statistiques.calculer(annee)
    print(
        f"12 mois : {i.parents_testes} parents testés, {i.dossiers_ouverts} dossiers, "
        f"{i.demandes_contact} demandes, {i.parents_aides} aidés"
    )
    print(f"\nTableau de bord du suivi, {args.repetitions} répétitions (ms) :")
    print(f"  {'mesure':<34} {'médiane':>8} {'max':>8}")
    for nom, fonction in mesures:
        mediane, maximum = mesurer(fonction, args.repetitions)
        print(f"  {nom:<34} {mediane:>8.1f} {maximum:>8.1f}")
    debut, fin_ = annee.bornes()
    plan = (
        SoumissionEpds.objects.filter(cree_le__gte=debut, cree_le__lt=fin_)
        .order_by()
        .values("niveau", "alerte_question_10")
        .annotate(n=Count("*"))
        .explain(analyze=True)
    )
    print("\nEXPLAIN ANALYZE (soumissions de 12 mois par niveau) :")
    print(plan)
    return 0


if __name__ == "__main__":
    sys.exit(main())
