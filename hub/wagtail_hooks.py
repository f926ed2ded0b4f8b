"""Admin of partners' API keys: created and named by an administrator, shown once, revocable."""

from django import forms
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from hub.admin_secrets import SecretAfficheUneFois
from hub.models import CleApi


class CleApiForm(WagtailAdminModelForm):
    revoquer = forms.BooleanField(
        label="Révoquer cette clé",
        required=False,
        help_text="Définitif : les appels avec cette clé seront refusés.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Nothing to revoke while creating (a key created revoked is a mistake), nor once revoked
        # (it is final): the control exists only on an active key's edit form, in its own panel.
        if self.instance.pk is None or self.instance.revoquee_le is not None:
            self.fields.pop("revoquer", None)

    def save(self, commit=True):
        if self.cleaned_data.get("revoquer") and self.instance.revoquee_le is None:
            self.instance.revoquee_le = timezone.now()
        return super().save(commit=commit)


class CleApiCreateView(SecretAfficheUneFois, CreateView):
    secret_titre = "Clé d'API créée"
    secret_consigne = "Copiez la clé maintenant : elle ne sera plus jamais affichée."

    def save_instance(self):
        self.secret = self.form.instance.generer()
        return super().save_instance()


class CleApiViewSet(SnippetViewSet):
    model = CleApi
    icon = "key"
    menu_label = "Clés d'API"
    menu_order = 900
    add_to_admin_menu = False
    add_view_class = CleApiCreateView
    list_display = [
        "nom",
        "partenaire",
        "identifiant",
        "portee_lecture",
        "portee_epds",
        "creee_le",
        "utilisee_le",
        "revoquee_le",
    ]
    list_filter = ["partenaire", "portee_epds"]

    edit_handler = ObjectList(
        [
            FieldPanel("partenaire"),
            FieldPanel("nom"),
            FieldPanel("portee_lecture"),
            FieldPanel("portee_epds"),
            FieldPanel("revoquer", heading="Révoquer cette clé"),  # shown only when the form has the field
        ],
        base_form_class=CleApiForm,
    )


register_snippet(CleApiViewSet)
