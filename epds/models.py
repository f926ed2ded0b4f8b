from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


def _valider_origines(value):
    for origine in value or []:
        if not isinstance(origine, str) or not origine.startswith(("https://", "http://")) or origine.count("/") != 2:
            raise ValidationError(
                "« %(o)s » n'est pas une origine valide (ex. https://www.exemple.fr, sans chemin).",
                params={"o": origine},
            )


class Partenaire(index.Indexed, models.Model):
    """A partner institution or site: source of articles, EPDS widget source, syndication client.

    One concept for all of them (the earlier service had a free-text source per widget).
    """

    nom = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    site_web = models.URLField(blank=True)
    contact_email = models.EmailField("email de contact", blank=True)
    actif = models.BooleanField(default=True, help_text="Un partenaire inactif ne peut plus soumettre de questionnaire.")
    origines_autorisees = models.JSONField(
        "origines autorisées",
        default=list,
        blank=True,
        validators=[_valider_origines],
        help_text="Origines web (https://site.fr) autorisées à appeler l'API depuis un navigateur.",
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("nom"),
        FieldPanel("slug"),
        FieldPanel("site_web"),
        FieldPanel("contact_email"),
        FieldPanel("actif"),
        FieldPanel("origines_autorisees"),
    ]
    search_fields = [index.SearchField("nom"), index.AutocompleteField("nom"), index.FilterField("actif")]

    class Meta:
        ordering = ["nom"]
        verbose_name = "partenaire"

    def __str__(self):
        return self.nom
