"""Editorial roles « Rédaction », « Modération », « Annuaire » and the workflow
« Validation par la modération » (see contenus/groupes.py)."""

from django.db import migrations


def creer(apps, schema_editor):
    from contenus.groupes import creer_groupes_editoriaux

    creer_groupes_editoriaux(apps)


def defaire(apps, schema_editor):
    from contenus.groupes import retablir_noms_wagtail

    retablir_noms_wagtail(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("contenus", "0003_reference_faits"),
        ("annuaire", "0002_mise_a_jour_professionnels"),
        ("epds", "0003_groupe_equipe_suivi"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(creer, defaire)]
