"""The editorial groups get the rights on the app's configuration (Modération), the place types
and the suggestion queue (Annuaire): see contenus/groupes.py."""

from django.db import migrations


def completer(apps, schema_editor):
    from contenus.groupes import creer_groupes_editoriaux

    creer_groupes_editoriaux(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("contenus", "0007_configuration_miniatures_types_lieu"),
        ("annuaire", "0004_types_de_lieux_et_suggestions"),
    ]

    operations = [migrations.RunPython(completer, migrations.RunPython.noop)]
