"""Admin of the publication webhooks: partners' subscriptions, and the delivery log to replay.

The signing secret is shown once, on the page that answers the subscription's creation; the
forms never show it again (it is stored encrypted, the worker needs it to sign).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin import messages
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import Button, HeaderButton
from wagtail.permission_policies.base import ModelPermissionPolicy

from contenus import webhooks
from contenus.models import EVENEMENTS_WEBHOOK, AbonnementWebhook, LivraisonWebhook
from hub.admin_secrets import SecretAfficheUneFois


class AbonnementWebhookForm(WagtailAdminModelForm):
    evenements = forms.MultipleChoiceField(
        label="Événements", choices=EVENEMENTS_WEBHOOK, widget=forms.CheckboxSelectMultiple
    )


class AbonnementCreateView(SecretAfficheUneFois, generic.CreateView):
    secret_titre = "Abonnement créé"
    secret_consigne = (
        "Secret de signature, affiché une seule fois : transmettez-le au partenaire avec "
        "contenus/docs/syndication.md."
    )

    def save_instance(self):
        self.secret = self.form.instance.generer_secret()
        return super().save_instance()


class AbonnementWebhookViewSet(ModelViewSet):
    model = AbonnementWebhook
    icon = "link-external"
    menu_label = "Abonnements webhook"
    name = "abonnements_webhook"
    add_view_class = AbonnementCreateView
    copy_view_enabled = False
    list_display = ["partenaire", "url", "actif", "cree_le"]
    list_filter = ["actif", "partenaire"]
    panels = [FieldPanel("partenaire"), FieldPanel("url"), FieldPanel("evenements"), FieldPanel("actif")]

    def get_edit_handler(self):
        handler = super().get_edit_handler()
        handler.base_form_class = AbonnementWebhookForm
        return handler.bind_to_model(self.model)


class PolitiqueLivraisons(ModelPermissionPolicy):
    """The log is written by the worker: nobody adds or edits a delivery; replaying needs `change`."""

    def user_has_permission(self, user, action):
        if action in ("add", "change"):
            return False
        if action == "renvoyer":
            action = "change"
        return super().user_has_permission(user, action)


class LivraisonIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.permission_policy.user_has_permission(self.request.user, "renvoyer"):
            buttons.append(
                Button(
                    "Renvoyer",
                    url=reverse("livraisons_webhook:renvoyer", args=[instance.pk]),
                    icon_name="resubmit",
                    priority=15,
                )
            )
        return buttons


class LivraisonInspectView(generic.InspectView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.permission_policy.user_has_permission(self.request.user, "renvoyer"):
            url = reverse("livraisons_webhook:renvoyer", args=[self.object.pk])
            buttons.append(HeaderButton("Renvoyer", url=url, icon_name="resubmit"))
        return buttons

    def get_essais_display_value(self):
        return "\n".join(str(essai) for essai in self.object.essais.all()) or "—"


class LivraisonWebhookViewSet(ModelViewSet):
    model = LivraisonWebhook
    icon = "resubmit"
    menu_label = "Livraisons webhook"
    name = "livraisons_webhook"
    index_view_class = LivraisonIndexView
    inspect_view_class = LivraisonInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_filter = ["statut", "evenement", "abonnement__partenaire"]
    list_per_page = 50
    form_fields = ["statut"]
    inspect_view_fields = [
        "abonnement",
        "evenement",
        "statut",
        "tentatives",
        "dernier_code_http",
        "derniere_erreur",
        "prochaine_tentative",
        "cree_le",
        "livree_le",
        "essais",
        "charge_utile",
    ]

    list_display = [
        "evenement",
        "abonnement",
        "statut",
        "tentatives",
        "dernier_code_http",
        "derniere_erreur",
        "cree_le",
    ]

    def get_queryset(self, request):
        return LivraisonWebhook.objects.select_related("abonnement__partenaire")

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("<int:pk>/renvoyer/", renvoyer_livraison, name="renvoyer")]


def renvoyer_livraison(request, pk):
    """« Renvoyer »: confirms (GET), then enqueues the delivery again (POST)."""
    if not PolitiqueLivraisons(LivraisonWebhook).user_has_permission(request.user, "renvoyer"):
        raise PermissionDenied
    livraison = get_object_or_404(LivraisonWebhook.objects.select_related("abonnement"), pk=pk)
    if request.method == "POST":
        webhooks.renvoyer(livraison)
        messages.success(request, f"Livraison « {livraison.get_evenement_display()} » programmée à nouveau.")
        return redirect("livraisons_webhook:index")
    return TemplateResponse(
        request,
        "contenus/admin/renvoyer_livraison.html",
        {"livraison": livraison, "index_url": reverse("livraisons_webhook:index")},
    )


class WebhooksGroup(ModelViewSetGroup):
    menu_label = "Webhooks"
    menu_icon = "link-external"
    menu_order = 260
    items = (AbonnementWebhookViewSet, LivraisonWebhookViewSet)
