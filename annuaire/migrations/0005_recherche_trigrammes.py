"""Trigram (pg_trgm) GIN indexes on the normalised search text, PostgreSQL only.

The directory's text filter is `texte_recherche LIKE '%mot%'` (accent-free, lowercase: the
column is normalised on save, hub.texte): a B-tree cannot serve it, a trigram index can. On
SQLite nothing is created and the filter keeps working by scanning. Where the extension cannot
be created (a role without the right), the migration says so and goes on: the filter still
works, unindexed.
"""

from django.db import migrations, transaction

TABLES = ("annuaire_professionnel", "annuaire_lieu")


def creer(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as erreur:  # noqa: BLE001 - no right to create it: unindexed, still correct
        print(f"\n  pg_trgm indisponible ({erreur}) : recherche texte de l'annuaire sans index")
        return
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_texte_trgm ON {table} USING gin (texte_recherche gin_trgm_ops)"
            )


def supprimer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"DROP INDEX IF EXISTS {table}_texte_trgm")


class Migration(migrations.Migration):
    dependencies = [("annuaire", "0004_index_filtres_et_tri")]

    operations = [migrations.RunPython(creer, supprimer)]
