"""The « Équipe de suivi » group: the only one that sees follow-up cases in the admin.

Used by the data migration (with historical models) and by tests after a flush.
"""

NOM_GROUPE = "Équipe de suivi"
PERMISSIONS = [
    ("epds", "dossiersuivi", "acceder_file_suivi", "Accéder à la file des dossiers de suivi EPDS"),
    ("epds", "dossiersuivi", "view_dossiersuivi", "Can view dossier de suivi"),
    ("epds", "dossiersuivi", "change_dossiersuivi", "Can change dossier de suivi"),
    (
        "epds",
        "dossiersuivi",
        "voir_tableau_suivi",
        "Voir le tableau de bord du suivi EPDS (chiffres anonymes)",
    ),
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
]


def creer_groupe_equipe_suivi(apps=None):
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    groupe, _ = Group.objects.get_or_create(name=NOM_GROUPE)
    for app_label, model, codename, nom in PERMISSIONS:
        ct, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=ct, codename=codename, defaults={"name": nom}
        )
        groupe.permissions.add(permission)
    return groupe
