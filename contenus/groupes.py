"""The editorial roles: « Rédaction », « Modération », « Annuaire » (and « Équipe de suivi », epds).

An editor never needs a superuser: « Rédaction » writes articles, measures, calendar, stages,
themes and parenthèque and submits them to « Validation par la modération »; « Modération »
publishes; « Annuaire » keeps the directory. Wagtail's own default groups are reused (renamed)
rather than duplicated: « Editors » becomes « Rédaction », « Moderators » « Modération », so the
default workflow's approval task keeps its group. Used by the data migration (historical models).
"""

REDACTION = "Rédaction"
MODERATION = "Modération"
ANNUAIRE = "Annuaire"
WORKFLOW = "Validation par la modération"
GROUPES_WAGTAIL = {REDACTION: "Editors", MODERATION: "Moderators"}
WORKFLOW_WAGTAIL = "Moderators approval"

_CONTENUS = ["etape", "thematique", "evenement", "mesure", "documentparentheque", "videoparentheque"]
_PUBLIABLES = ["evenement", "mesure"]  # drafts, submitted to the workflow
_MEDIAS = [("wagtailimages", "image", action) for action in ("add", "change", "choose")] + [
    ("wagtaildocs", "document", action) for action in ("add", "change", "choose")
]

_ACCES = [("wagtailadmin", "admin", "access_admin")]
_REDACTION = _ACCES + [("contenus", m, f"{a}_{m}") for m in _CONTENUS for a in ("add", "change", "view")]
_MODERATION = (
    _REDACTION
    + [("contenus", m, f"delete_{m}") for m in _CONTENUS]
    + [("contenus", m, f"{a}_{m}") for m in _PUBLIABLES for a in ("publish", "lock", "unlock")]
    + [("wagtailimages", "image", "delete_image"), ("wagtaildocs", "document", "delete_document")]
    # the app's configuration (versions, news, switches) goes live at once: Modération's
    + [("contenus", "configurationapplication", "change_configurationapplication")]
)
_ANNUAIRE = (
    _ACCES
    + [
        ("annuaire", m, f"{a}_{m}")
        for m in ("professionnel", "lieu")
        for a in ("add", "change", "view", "delete")
    ]
    + [("annuaire", "modificationproposee", f"{a}_modificationproposee") for a in ("view", "change")]
    + [("annuaire", "lienmodification", f"{a}_lienmodification") for a in ("add", "view")]
    + [("annuaire", m, f"view_{m}") for m in ("departement", "region")]
    + [("annuaire", "typedelieu", f"{a}_typedelieu") for a in ("add", "change", "view", "delete")]
    + [("annuaire", "suggestionlieu", f"{a}_suggestionlieu") for a in ("view", "change")]
)

PERMISSIONS = {
    REDACTION: _REDACTION + [(a, m, f"{action}_{m}") for a, m, action in _MEDIAS],
    MODERATION: _MODERATION + [(a, m, f"{action}_{m}") for a, m, action in _MEDIAS],
    ANNUAIRE: _ANNUAIRE,
}
# On the root of the page tree (articles, wherever their folder is) and the root collection.
PAGES = {
    REDACTION: ["add_page", "change_page"],
    MODERATION: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
COLLECTIONS = {
    REDACTION: [f"{action}_{m}" for _, m, action in _MEDIAS],
    MODERATION: [f"{action}_{m}" for _, m, action in _MEDIAS],
}


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    ct, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    # Model permissions are created after the migrations (post_migrate): make them now if missing.
    action = codename.split("_", 1)[0]
    permission, _ = Permission.objects.get_or_create(
        content_type=ct, codename=codename, defaults={"name": f"Can {action} {model}"}
    )
    return permission


def _groupe(apps, nom):
    Group = apps.get_model("auth", "Group")
    groupe = Group.objects.filter(name=nom).first()
    if groupe is None and nom in GROUPES_WAGTAIL:
        groupe = Group.objects.filter(name=GROUPES_WAGTAIL[nom]).first()
        if groupe is not None:
            groupe.name = nom
            groupe.save(update_fields=["name"])
    return groupe or Group.objects.create(name=nom)


def creer_groupes_editoriaux(apps=None):
    """Creates (or completes) the three groups and names the workflow in French. Idempotent."""
    if apps is None:
        from django.apps import apps
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    racine = Page.objects.filter(depth=1).order_by("path").first()
    collection = Collection.objects.filter(depth=1).order_by("path").first()
    groupes = {}
    for nom, permissions in PERMISSIONS.items():
        groupe = groupes[nom] = _groupe(apps, nom)
        groupe.permissions.add(*[_permission(apps, *p) for p in permissions])
        if racine is not None:
            for codename in PAGES.get(nom, []):
                GroupPagePermission.objects.get_or_create(
                    group=groupe, page=racine, permission=_permission(apps, "wagtailcore", "page", codename)
                )
        if collection is not None:
            for codename in COLLECTIONS.get(nom, []):
                app_label = "wagtailimages" if codename.endswith("_image") else "wagtaildocs"
                model = codename.rsplit("_", 1)[1]
                GroupCollectionPermission.objects.get_or_create(
                    group=groupe,
                    collection=collection,
                    permission=_permission(apps, app_label, model, codename),
                )
    _workflow(apps, groupes[MODERATION])
    return groupes


def _workflow(apps, moderation):
    """The default workflow and its task, in French, approved by « Modération », for pages and
    for the calendar and the measures (snippets with drafts)."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")

    workflow = Workflow.objects.filter(name__in=[WORKFLOW, WORKFLOW_WAGTAIL]).order_by("pk").first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW, active=True)
    workflow.name = WORKFLOW
    workflow.save(update_fields=["name"])
    tache = GroupApprovalTask.objects.filter(name__in=[WORKFLOW, WORKFLOW_WAGTAIL]).order_by("pk").first()
    if tache is None:
        tache = GroupApprovalTask.objects.create(
            name=WORKFLOW,
            active=True,
            content_type=ContentType.objects.get_or_create(
                app_label="wagtailcore", model="groupapprovaltask"
            )[0],
        )
    Task.objects.filter(pk=tache.pk).update(name=WORKFLOW)
    tache.groups.add(moderation)
    if not WorkflowTask.objects.filter(workflow=workflow, task_id=tache.pk).exists():
        WorkflowTask.objects.create(workflow=workflow, task_id=tache.pk, sort_order=0)
    racine = Page.objects.filter(depth=1).order_by("path").first()
    if racine is not None and not WorkflowPage.objects.filter(page=racine).exists():
        WorkflowPage.objects.create(page=racine, workflow=workflow)
    for modele in _PUBLIABLES:
        ct, _ = ContentType.objects.get_or_create(app_label="contenus", model=modele)
        WorkflowContentType.objects.get_or_create(content_type=ct, defaults={"workflow": workflow})


def retablir_noms_wagtail(apps):
    """Reverse of the migration: Wagtail's names again (permissions are left as they are)."""
    Group = apps.get_model("auth", "Group")
    for nom, origine in GROUPES_WAGTAIL.items():
        Group.objects.filter(name=nom).update(name=origine)
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).update(name=WORKFLOW_WAGTAIL)
    apps.get_model("wagtailcore", "Task").objects.filter(name=WORKFLOW).update(name=WORKFLOW_WAGTAIL)
    apps.get_model("wagtailcore", "WorkflowContentType").objects.filter(
        content_type__app_label="contenus", content_type__model__in=_PUBLIABLES
    ).delete()
