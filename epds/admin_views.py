"""The follow-up team's work queue in the Wagtail admin.

Only users with `epds.acceder_file_suivi` (the « Équipe de suivi » group, see the data
migration) see it; editors get a 403. Every change lands in Wagtail's audit log, and so does
every view of decrypted data (a case, its history, an export: `epds.audit`).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Count, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, Panel
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies.base import ModelPermissionPolicy

from epds.audit import consigner_consultation
from epds.groupes import NOM_GROUPE
from epds.models import DossierSuivi

PERMISSION_FILE = "epds.acceder_file_suivi"


class PolitiqueFileSuivi(ModelPermissionPolicy):
    """Cases are opened by the system only; the team views and changes them, nobody deletes."""

    def user_has_permission(self, user, action):
        if action not in ("view", "change"):
            return False
        return user.is_active and user.has_perm(PERMISSION_FILE) and super().user_has_permission(user, action)


def membres_equipe():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=NOM_GROUPE)
        .distinct()
        .order_by("username")
    )


class DossierSuiviForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.statut_initial = self.instance.statut
        self.assigne_initial = self.instance.assigne_a_id
        actuel = DossierSuivi.Statut(self.instance.statut)
        permis = {actuel, *DossierSuivi.TRANSITIONS[actuel]}
        self.fields["statut"].choices = [
            (v, label) for v, label in DossierSuivi.Statut.choices if v in permis
        ]
        self.fields["assigne_a"].queryset = membres_equipe()

    def clean_statut(self):
        statut = self.cleaned_data["statut"]
        if (
            statut != self.statut_initial
            and statut not in self.instance.TRANSITIONS[DossierSuivi.Statut(self.statut_initial)]
        ):
            raise ValidationError(
                "Ce changement de statut n'est pas possible depuis « %(s)s ».",
                params={"s": self.statut_initial},
            )
        return statut

    def save(self, commit=True):
        dossier = super().save(commit=False)
        if dossier.statut == DossierSuivi.Statut.CLOS and self.statut_initial != DossierSuivi.Statut.CLOS:
            dossier.clos_le = timezone.now()
        elif dossier.statut != DossierSuivi.Statut.CLOS:
            dossier.clos_le = None
        if commit:
            dossier.save()
        return dossier


class ResumeDossierPanel(Panel):
    """Read-only: the score, the item-10 alert and the contact requests (decrypted for the team)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "epds/admin/resume_dossier.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            dossier = self.instance
            context["dossier"] = dossier
            context["soumission"] = dossier.soumission
            context["demandes"] = list(dossier.demandes.prefetch_related("notifications"))
            return context


class FileIndexView(generic.IndexView):
    # Priority: open cases before closed ones; item-10 alert first, then the highest score,
    # then the oldest case.
    default_ordering = ["est_clos", "-soumission__alerte_question_10", "-soumission__score", "cree_le"]

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("soumission", "assigne_a")
            .annotate(
                nombre_demandes=Count("demandes"),
                est_clos=Case(When(statut=DossierSuivi.Statut.CLOS, then=Value(1)), default=Value(0)),
            )
        )

    def get_valid_orderings(self):
        return [*super().get_valid_orderings(), self.default_ordering]

    def get_ordering(self):
        ordering = self.request.GET.get("ordering")
        if ordering and ordering in super().get_valid_orderings():
            return ordering
        return self.default_ordering

    def render_to_response(self, context, **response_kwargs):
        if self.is_export:  # only when the viewset declares `list_export`
            consigner_consultation(self.request.user, context["object_list"], "export")
        return super().render_to_response(context, **response_kwargs)


class FileHistoryView(history.HistoryView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        consigner_consultation(self.request.user, self.object, "historique")
        return context


class FileEditView(generic.EditView):
    def get_context_data(self, **kwargs):
        # Every rendering of the form shows the decrypted contacts and notes (a GET, or a POST
        # answered with its errors): each is a consultation.
        context = super().get_context_data(**kwargs)
        consigner_consultation(self.request.user, self.object, "dossier")
        return context

    def save_instance(self):
        form = self.form
        with transaction.atomic():
            instance = super().save_instance()
            if instance.statut != form.statut_initial:
                log(
                    instance,
                    "epds.statut",
                    user=self.request.user,
                    data={"de": form.statut_initial, "vers": instance.statut},
                )
            if instance.assigne_a_id != form.assigne_initial:
                log(
                    instance,
                    "epds.assignation",
                    user=self.request.user,
                    data={"assigne_a": instance.assigne_a.get_username() if instance.assigne_a else None},
                )
        return instance


def _colonne_priorite(dossier):
    return "⚠ question 10" if dossier.soumission.alerte_question_10 else ""


class FileSuiviViewSet(ModelViewSet):
    model = DossierSuivi
    icon = "clipboard-list"
    menu_label = "File de suivi EPDS"
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "epds/file-suivi"
    name = "file_suivi_epds"
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    index_view_class = FileIndexView
    edit_view_class = FileEditView
    history_view_class = FileHistoryView
    list_filter = ["statut", "assigne_a"]
    list_per_page = 50
    form_fields = ["statut", "assigne_a", "notes"]
    panels = [
        ResumeDossierPanel(heading="Résultat et demandes de contact"),
        FieldPanel("statut"),
        FieldPanel("assigne_a"),
        FieldPanel("notes"),
    ]

    @property
    def list_display(self):
        return [
            TitleColumn("__str__", label="Dossier", accessor="__str__", url_name="file_suivi_epds:edit"),
            Column("priorite", label="Priorité", accessor=_colonne_priorite),
            Column("score", label="Score /30", accessor="score"),
            Column("statut", label="Statut", accessor="get_statut_display"),
            Column("assigne_a", label="Assigné à", accessor="assigne_a"),
            Column("nombre_demandes", label="Demandes", accessor="nombre_demandes"),
            DateColumn("cree_le", label="Ouvert le"),
        ]

    def get_form_class(self, for_update=False):
        return self._edit_handler.get_form_class()

    def get_edit_handler(self):
        handler = super().get_edit_handler()
        handler.base_form_class = DossierSuiviForm
        return handler.bind_to_model(self.model)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("<int:pk>/prendre/", prendre_dossier, name="prendre")]


@require_POST
def prendre_dossier(request, pk):
    """« Prendre ce dossier »: assigns the case to the current team member."""
    if not PolitiqueFileSuivi(DossierSuivi).user_has_permission(request.user, "change"):
        raise PermissionDenied
    with transaction.atomic():
        dossier = get_object_or_404(DossierSuivi.objects.select_for_update(), pk=pk)
        dossier.assigne_a = request.user
        dossier.save(update_fields=["assigne_a", "modifie_le"])
        log(dossier, "epds.assignation", user=request.user, data={"assigne_a": request.user.get_username()})
    messages.success(request, "Dossier pris en charge.")
    return redirect("file_suivi_epds:edit", pk)
