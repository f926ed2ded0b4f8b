"""Reference events that are no longer true are removed from existing installs (issue #15):
the « examen du 1er mois » (abolished on 1 January 2025) and the single RSV event, now two
(the mother's vaccine at 32–36 SA, or the newborn's antibody). The corrected texts of the other
items reach an existing install at its next `load_initial_data` (hub/reference.py)."""

from django.db import migrations

RETIRES = ["examen-enfant-1-mois", "protection-vrs"]


def retirer(apps, schema_editor):
    apps.get_model("contenus", "Evenement").objects.filter(slug__in=RETIRES).delete()


class Migration(migrations.Migration):
    dependencies = [("contenus", "0005_reference_libelles")]

    operations = [migrations.RunPython(retirer, migrations.RunPython.noop)]
