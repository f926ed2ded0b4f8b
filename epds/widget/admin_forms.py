"""The partner's widget settings in the admin: origins as a list, channels as checkboxes, and
the ready-to-paste snippets. Imported by epds.models: imports no model at module level."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import Panel

CANAUX = [
    ("SMS", "SMS"),
    ("TELEPHONE", "Rendez-vous téléphonique"),
    ("WHATSAPP", "WhatsApp"),
    ("EMAIL", "Email"),
]


class ListeOriginesField(forms.Field):
    """One web origin per line (https://www.exemple.fr), stored as a JSON list."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, (list, tuple)):
            lignes = value
        else:
            lignes = (value or "").splitlines()
        origines = []
        for ligne in lignes:
            origine = str(ligne).strip().rstrip("/").lower()
            if origine and origine not in origines:
                origines.append(origine)
        return origines

    def validate(self, value):
        super().validate(value)
        for origine in value:
            schema, _, hote = origine.partition("://")
            if schema not in ("https", "http") or not hote or "/" in hote or " " in hote:
                raise ValidationError(
                    "« %(o)s » n'est pas une origine valide : écrivez une origine par ligne, "
                    "par exemple https://www.exemple.fr (sans chemin).",
                    code="origine_invalide",
                    params={"o": origine},
                )


class PartenaireForm(WagtailAdminModelForm):
    origines_autorisees = ListeOriginesField(
        label="Origines autorisées",
        required=False,
        help_text="Une origine par ligne (ex. https://www.maternite-exemple.fr). Ces sites peuvent "
        "appeler l'API depuis un navigateur et afficher le widget EPDS dans une iframe.",
    )
    canaux_contact = forms.MultipleChoiceField(
        label="Canaux de contact proposés",
        choices=CANAUX,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Les moyens par lesquels les parents de ce site peuvent demander à être contactés.",
    )


def extraits_integration(slug: str) -> dict[str, str]:
    """The two ways of embedding a partner's widget, as they are pasted in the partner's page,
    and the address of the page « être contacté·e sans faire le test » (a link, an email)."""
    base = settings.SITE_URL
    return {
        "script": f'<script src="{base}/widget/epds.js" data-source="{slug}" async></script>',
        "iframe": (
            f'<iframe src="{base}/widget/epds/?source={slug}" title="Questionnaire EPDS — 1000 premiers jours" '
            'style="width:100%;min-height:900px;border:0" loading="lazy"></iframe>'
        ),
        "contact": f"{base}/widget/epds/contact/?source={slug}",
    }


class ExtraitsIntegrationPanel(Panel):
    """Read-only: the snippets to paste, once the partner has a slug."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "epds/widget/admin/extraits.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            slug = getattr(self.instance, "slug", "")
            context["extraits"] = extraits_integration(slug) if slug and self.instance.pk else None
            return context
