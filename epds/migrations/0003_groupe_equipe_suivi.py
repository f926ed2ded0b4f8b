from django.db import migrations


def creer(apps, schema_editor):
    from epds.groupes import creer_groupe_equipe_suivi

    creer_groupe_equipe_suivi(apps)


def supprimer(apps, schema_editor):
    from epds.groupes import NOM_GROUPE

    apps.get_model("auth", "Group").objects.filter(name=NOM_GROUPE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("epds", "0002_questionnaire_soumissions_suivi"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(creer, supprimer)]
