"""Editorial content of the parcours: stages, themes, articles, measures, calendar, parenthèque.

Stage ranges and appointment windows are day offsets from the reference date (due date or
birth date), half-open [debut, fin); the rules that use them live in `contenus.parcours`.
"""

from __future__ import annotations

from django import forms
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.html import strip_tags
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.models import Image
from wagtail.models import DraftStateMixin, LockableMixin, Page, RevisionMixin, WorkflowMixin
from wagtail.search import index

from contenus import parcours
from contenus.blocks import CorpsBlock, EnBrefBlock, LienBlock, blocs_du_corps
from epds.crypto import EncryptedTextField
from hub.texte import normaliser

SITUATIONS_SANS_DATE = [
    (parcours.Situation.PROJET.value, "Projet de parentalité"),
    (parcours.Situation.CONCEPTION.value, "Conception"),
    (parcours.Situation.NON_CONCERNE.value, "Non concerné·e"),
]

# The five axes announced in April 2021; the 2025–2027 roadmap (instruction DGCS/SD2/DGS/2025/159
# of 8 December 2025) has six: the sixth is named only by its number until its title is sourced.
AXES = [
    (1, "1 — Accompagner les moments clés"),
    (2, "2 — Soutenir selon les besoins"),
    (3, "3 — Informer simplement et de façon fiable"),
    (4, "4 — Du temps pour la relation avec l'enfant"),
    (5, "5 — La qualité de l'accueil du jeune enfant"),
    (6, "6 — Sixième axe de la feuille de route 2025-2027"),
]
AXE_MAX = len(AXES)

_AIDE_DECALAGE = "En jours par rapport au terme (grossesse) ou à la naissance : négatif avant."


LICENCE_PAR_DEFAUT = "Licence Ouverte 2.0"
LICENCE_URL_PAR_DEFAUT = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
ATTRIBUTION_PAR_DEFAUT = "1000 premiers jours — ministère chargé de la santé"
_AIDE_LICENCE = "Vide : la licence des paramètres de syndication (Licence Ouverte 2.0 par défaut)."
_AIDE_ATTRIBUTION = "Vide : l'attribution des paramètres de syndication."


def _champ_licence():
    return models.CharField("licence", max_length=200, blank=True, help_text=_AIDE_LICENCE)


def _champ_attribution():
    return models.CharField("attribution", max_length=300, blank=True, help_text=_AIDE_ATTRIBUTION)


def _valider_plage(debut: int | None, fin: int | None) -> None:
    if debut is not None and fin is not None and fin <= debut:
        raise ValidationError({"fin": "La fin doit être après le début (plage [début, fin[)."})


class Thematique(RevisionMixin, index.Indexed, models.Model):
    nom = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    ordre = models.PositiveSmallIntegerField(default=0)

    # Revisions are deleted with the object (Wagtail's recommended generic relation).
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="thematique")

    panels = [FieldPanel("nom"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("ordre")]
    search_fields = [index.SearchField("nom"), index.AutocompleteField("nom")]

    class Meta:
        ordering = ["ordre", "nom"]
        verbose_name = "thématique"

    def __str__(self) -> str:
        return self.nom

    @property
    def revisions(self):
        return self._revisions


class Etape(RevisionMixin, index.Indexed, ClusterableModel):
    """A stage of the parcours: by situation (projet, conception) or by a range of offsets."""

    nom = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    ordre = models.PositiveSmallIntegerField(unique=True)
    situation = models.CharField(
        max_length=20,
        choices=SITUATIONS_SANS_DATE,
        blank=True,
        help_text="Seulement pour les étapes avant la grossesse, qui n'ont pas de plage de dates.",
    )
    debut = models.IntegerField("début", null=True, blank=True, help_text=_AIDE_DECALAGE)
    fin = models.IntegerField(null=True, blank=True, help_text="Exclue. " + _AIDE_DECALAGE)
    thematiques = ParentalManyToManyField(
        Thematique, blank=True, related_name="etapes", verbose_name="thématiques"
    )

    # Revisions are deleted with the object (Wagtail's recommended generic relation).
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="etape")

    panels = [
        FieldPanel("nom"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("ordre"),
        FieldPanel("situation"),
        FieldRowPanel([FieldPanel("debut"), FieldPanel("fin")], heading="Plage (jours)"),
        FieldPanel("thematiques", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [index.SearchField("nom"), index.AutocompleteField("nom")]

    class Meta:
        ordering = ["ordre"]
        verbose_name = "étape"

    def __str__(self) -> str:
        return f"{self.ordre}. {self.nom}"

    @property
    def revisions(self):
        return self._revisions

    def clean(self) -> None:
        if self.situation and (self.debut is not None or self.fin is not None):
            raise ValidationError("Une étape liée à une situation n'a pas de plage de dates.")
        if not self.situation and (self.debut is None or self.fin is None):
            raise ValidationError("Indiquez une situation, ou bien le début et la fin de la plage.")
        _valider_plage(self.debut, self.fin)


class Evenement(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel
):
    """A calendar entry: an appointment, a formality or a right, with its window in days."""

    nom = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    debut = models.IntegerField("début", help_text=_AIDE_DECALAGE)
    fin = models.IntegerField(
        null=True, blank=True, help_text="Exclue ; vide pour un seul jour. " + _AIDE_DECALAGE
    )
    essentiel = models.BooleanField(default=False, help_text="Obligatoire ou fortement recommandé.")
    thematique = models.ForeignKey(
        Thematique,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evenements",
        verbose_name="thématique",
    )
    source = models.URLField("source officielle", blank=True)
    types_lieu = ParentalManyToManyField(
        "annuaire.TypeDeLieu",
        blank=True,
        related_name="evenements",
        verbose_name="types de lieux",
        help_text="Où se rendre pour ce rendez-vous ou cette démarche.",
    )
    naissances_a_partir_du = models.DateField(
        "pour les naissances à partir du",
        null=True,
        blank=True,
        help_text="Vide : pour tous. Sinon, seulement pour les enfants nés (ou attendus) à partir de cette date.",
    )
    modifie_le = models.DateTimeField(auto_now=True)

    # Revisions and workflow states are deleted with the object (Wagtail's recommended relations).
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="evenement")
    _workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="evenement",
        for_concrete_model=False,
    )

    panels = [
        FieldPanel("nom"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("debut"), FieldPanel("fin")], heading="Fenêtre (jours)"),
        FieldPanel("essentiel"),
        FieldPanel("thematique"),
        FieldPanel("source"),
        FieldPanel("naissances_a_partir_du"),
        FieldPanel("types_lieu", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [index.SearchField("nom"), index.SearchField("description"), index.FilterField("live")]

    class Meta:
        ordering = ["debut", "nom"]
        verbose_name = "événement"

    def __str__(self) -> str:
        return self.nom

    @property
    def revisions(self):
        return self._revisions

    @property
    def workflow_states(self):
        return self._workflow_states

    def clean(self) -> None:
        _valider_plage(self.debut, self.fin)


class Mesure(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel):
    """One of the public measures of the politique des 1000 premiers jours."""

    titre = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    resume = models.TextField("résumé")
    corps = StreamField(CorpsBlock(), blank=True)
    axe = models.PositiveSmallIntegerField(
        choices=AXES, validators=[MinValueValidator(1), MaxValueValidator(AXE_MAX)]
    )
    porteur = models.CharField("institution responsable", max_length=200, blank=True)
    lien_officiel = models.URLField("lien officiel", blank=True)
    ordre = models.PositiveSmallIntegerField(default=0)
    etapes = ParentalManyToManyField(Etape, blank=True, related_name="mesures", verbose_name="étapes")
    evenements = ParentalManyToManyField(
        Evenement, blank=True, related_name="mesures", verbose_name="événements"
    )
    licence = _champ_licence()
    attribution = _champ_attribution()

    # Revisions and workflow states are deleted with the object (Wagtail's recommended relations).
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="mesure")
    _workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="mesure",
        for_concrete_model=False,
    )

    panels = [
        FieldPanel("titre"),
        FieldPanel("slug"),
        FieldPanel("resume"),
        FieldPanel("corps"),
        FieldRowPanel([FieldPanel("axe"), FieldPanel("ordre")]),
        FieldPanel("porteur"),
        FieldPanel("lien_officiel"),
        FieldPanel("etapes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("evenements"),
        FieldRowPanel([FieldPanel("licence"), FieldPanel("attribution")], heading="Réutilisation"),
    ]
    search_fields = [index.SearchField("titre"), index.SearchField("resume"), index.FilterField("live")]

    class Meta:
        ordering = ["axe", "ordre", "titre"]
        verbose_name = "mesure"

    def __str__(self) -> str:
        return self.titre

    @property
    def revisions(self):
        return self._revisions

    @property
    def workflow_states(self):
        return self._workflow_states


class _ReferenceSerializer(serializers.Serializer):
    slug = serializers.CharField()
    nom = serializers.CharField()


class ArticleIndexPage(Page):
    """The folder of articles (one per site)."""

    subpage_types = ["contenus.ArticlePage"]
    max_count = 1
    template = "contenus/article_index_page.html"

    class Meta:
        verbose_name = "rubrique d'articles"


class Visuel(Image):
    """An article's image as the API shows it (`Article.visuel`). Its instances are kept in each
    process for one content generation (`contenus.representations`), and so are the renditions
    they find: Wagtail's `get_rendition` parses the filter, computes its focal-point key and
    writes the rendition cache on every call (20 a page of articles); here once per filter."""

    class Meta:
        proxy = True

    def get_rendition(self, filter):
        if not isinstance(filter, str):
            return super().get_rendition(filter)
        rendus = self.__dict__.setdefault("_rendus", {})
        if filter not in rendus:
            rendus[filter] = super().get_rendition(filter)
        return rendus[filter]


class ArticlePage(Page):
    """An article for parents, tied to stages, themes and calendar events."""

    resume = models.TextField("résumé", max_length=600)
    visuel = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    corps = StreamField(CorpsBlock(), blank=True)
    le_saviez_vous = models.TextField("le saviez-vous ?", blank=True)
    en_bref = StreamField([("ligne", EnBrefBlock())], blank=True, max_num=3, verbose_name="en bref")
    liens = StreamField([("lien", LienBlock())], blank=True, max_num=4)
    mots_cles = models.CharField(
        "mots-clés", max_length=500, blank=True, help_text="Séparés par des virgules."
    )
    ordre = models.PositiveSmallIntegerField(default=0)
    handicap = models.BooleanField("concerne le handicap", default=False)
    securite_enfant = models.BooleanField("sécurité de l'enfant", default=False)
    etapes = ParentalManyToManyField(Etape, blank=True, related_name="articles", verbose_name="étapes")
    thematiques = ParentalManyToManyField(
        Thematique, blank=True, related_name="articles", verbose_name="thématiques"
    )
    types_lieu = ParentalManyToManyField(
        "annuaire.TypeDeLieu",
        blank=True,
        related_name="articles",
        verbose_name="types de lieux",
        help_text="Les lieux de la carte utiles à la lecture de l'article.",
    )
    evenements = ParentalManyToManyField(
        Evenement, blank=True, related_name="articles", verbose_name="événements"
    )
    source = models.ForeignKey(
        "epds.Partenaire", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    source_officielle = models.URLField(
        "source officielle", blank=True, help_text="Le texte ou la page officielle qui fonde l'article."
    )
    verifie_le = models.DateField(
        "vérifié le",
        null=True,
        blank=True,
        help_text="Date de la dernière vérification auprès de la source officielle : « à revérifier » après un an.",
    )
    licence = _champ_licence()
    attribution = _champ_attribution()
    # Unaccented lowercase text of the article, for accent-insensitive search on any database.
    texte_recherche = models.TextField(blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("resume"),
        FieldPanel("visuel"),
        FieldPanel("corps"),
        FieldPanel("le_saviez_vous"),
        FieldPanel("en_bref"),
        FieldPanel("liens"),
        MultiFieldPanel(
            [
                FieldPanel("etapes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("thematiques", widget=forms.CheckboxSelectMultiple),
                FieldPanel("evenements"),
                FieldPanel("types_lieu", widget=forms.CheckboxSelectMultiple),
                FieldPanel("mots_cles"),
                FieldPanel("source"),
                FieldRowPanel([FieldPanel("handicap"), FieldPanel("securite_enfant"), FieldPanel("ordre")]),
            ],
            heading="Classement",
        ),
        FieldRowPanel(
            [FieldPanel("source_officielle"), FieldPanel("verifie_le")], heading="Source et vérification"
        ),
        FieldRowPanel([FieldPanel("licence"), FieldPanel("attribution")], heading="Réutilisation"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("resume"),
        index.SearchField("corps"),
        index.SearchField("mots_cles"),
        index.FilterField("handicap"),
    ]
    # Wagtail's REST API v2 (off unless WAGTAIL_API_V2_ENABLED): the comparison row of `make bench`.
    api_fields = [
        APIField("resume"),
        APIField("visuel_rendu", serializer=ImageRenditionField("width-600", source="visuel")),
        APIField("etapes", serializer=_ReferenceSerializer(many=True, read_only=True)),
        APIField("thematiques", serializer=_ReferenceSerializer(many=True, read_only=True)),
    ]
    parent_page_types = ["contenus.ArticleIndexPage"]
    subpage_types: list[str] = []
    template = "contenus/article_page.html"

    class Meta:
        verbose_name = "article"

    @property
    def a_reverifier(self) -> bool:
        """Never checked, or checked more than a year ago (the annuaire's « à vérifier » rule)."""
        from annuaire.models import verifie_avant

        return self.verifie_le is None or self.verifie_le < verifie_avant()

    @property
    def preview_modes(self):
        return [("", "Page du hub"), ("application", "Application (front-end)")]

    def serve_preview(self, request, mode_name):
        if mode_name != "application":
            return super().serve_preview(request, mode_name)
        from django.conf import settings
        from django.shortcuts import redirect
        from django.utils.http import urlencode

        from contenus import apercu

        client = settings.WAGTAIL_HEADLESS_PREVIEW["CLIENT_URLS"]["default"]
        parametres = urlencode({"type": "article", "slug": self.slug, "apercu": apercu.creer(self)})
        return redirect(f"{client}{'&' if '?' in client else '?'}{parametres}")

    _CHAMPS_RECHERCHE = {"title", "resume", "corps", "le_saviez_vous", "en_bref", "mots_cles"}

    @property
    def liste_mots_cles(self) -> list[str]:
        return [m.strip() for m in self.mots_cles.split(",") if m.strip()]

    def calculer_texte_recherche(self) -> str:
        morceaux = [self.title, self.resume, self.le_saviez_vous, self.mots_cles]
        for bloc in blocs_du_corps(self.corps):
            morceaux += [bloc.titre, bloc.texte.source]
        morceaux += [ligne.value["texte"] for ligne in self.en_bref]
        return normaliser(" ".join(strip_tags(m) for m in morceaux if m))

    def save(self, *args, **kwargs):
        # A draft revision saves the page with `update_fields` (no content field): the live
        # search text must then stay the published one.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or self._CHAMPS_RECHERCHE.intersection(update_fields):
            self.texte_recherche = self.calculer_texte_recherche()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "texte_recherche"}
        return super().save(*args, **kwargs)


def _champ_thematique_parentheque():
    return models.ForeignKey(
        Thematique,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="thématique",
    )


class DocumentParentheque(index.Indexed, ClusterableModel):
    """A document (PDF…) of the parenthèque, by stage."""

    titre = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.PROTECT, related_name="+")
    thematique = _champ_thematique_parentheque()
    etapes = ParentalManyToManyField(Etape, blank=True, related_name="documents", verbose_name="étapes")
    ordre = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("titre"),
        FieldPanel("description"),
        FieldPanel("document"),
        FieldPanel("thematique"),
        FieldPanel("etapes"),
        FieldPanel("ordre"),
    ]
    search_fields = [index.SearchField("titre"), index.SearchField("description")]

    class Meta:
        ordering = ["ordre", "titre"]
        verbose_name = "document de la parenthèque"
        verbose_name_plural = "documents de la parenthèque"

    def __str__(self) -> str:
        return self.titre


class VideoParentheque(index.Indexed, ClusterableModel):
    """A video of the parenthèque, by stage, with its transcript for accessibility."""

    titre = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    url = models.URLField("adresse de la vidéo")
    miniature = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Image affichée avant la lecture (vignette) ; son texte alternatif décrit la vidéo.",
    )
    duree_secondes = models.PositiveIntegerField("durée (secondes)", null=True, blank=True)
    transcription = models.TextField(blank=True)
    thematique = _champ_thematique_parentheque()
    etapes = ParentalManyToManyField(Etape, blank=True, related_name="videos", verbose_name="étapes")
    ordre = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("titre"),
        FieldPanel("description"),
        FieldPanel("url"),
        FieldPanel("miniature"),
        FieldPanel("duree_secondes"),
        FieldPanel("transcription"),
        FieldPanel("thematique"),
        FieldPanel("etapes"),
        FieldPanel("ordre"),
    ]
    search_fields = [index.SearchField("titre"), index.SearchField("description")]

    class Meta:
        ordering = ["ordre", "titre"]
        verbose_name = "vidéo de la parenthèque"
        verbose_name_plural = "vidéos de la parenthèque"

    def __str__(self) -> str:
        return self.titre


# --- Syndication ---------------------------------------------------------------------------------


@register_setting(icon="link")
class ParametresSyndication(BaseGenericSetting):
    """Licence and attribution of syndicated content, unless an article or a measure says otherwise."""

    licence = models.CharField(max_length=200, default=LICENCE_PAR_DEFAUT)
    licence_url = models.URLField(
        "adresse du texte de la licence", blank=True, default=LICENCE_URL_PAR_DEFAUT
    )
    attribution = models.CharField(max_length=300, default=ATTRIBUTION_PAR_DEFAUT)

    panels = [FieldPanel("licence"), FieldPanel("licence_url"), FieldPanel("attribution")]

    class Meta:
        verbose_name = "paramètres de syndication"


# --- Configuration of the apps -------------------------------------------------------------------


def _valider_version(valeur: str) -> None:
    from contenus import versions

    if valeur and not versions.est_version(valeur):
        raise ValidationError("Un numéro de version s'écrit 2, 2.4 ou 2.4.1.")


def _champ_version(libelle: str, aide: str):
    return models.CharField(libelle, max_length=14, blank=True, validators=[_valider_version], help_text=aide)


_AIDE_DERNIERE = "Dernière version publiée dans le magasin d'applications ; vide : aucune proposée."
_AIDE_MINIMALE = "Les versions plus anciennes doivent être mises à jour ; vide : aucune obligation."


@register_setting(icon="mobile-alt")
class ConfigurationApplication(BaseGenericSetting):
    """What the 1000 jours app reads at start: versions (to prompt an update), the news of the
    release, and global switches. Typed fields, no free JSON: each switch says what it turns on."""

    version_ios = _champ_version("dernière version iOS", _AIDE_DERNIERE)
    version_minimale_ios = _champ_version("version minimale iOS", _AIDE_MINIMALE)
    version_android = _champ_version("dernière version Android", _AIDE_DERNIERE)
    version_minimale_android = _champ_version("version minimale Android", _AIDE_MINIMALE)
    nouveautes_titre = models.CharField("titre des nouveautés", max_length=120, blank=True)
    nouveautes = models.TextField(
        "nouveautés de la version",
        blank=True,
        max_length=2000,
        help_text="Texte simple, un paragraphe par ligne ; affiché une fois après la mise à jour.",
    )
    zero_accident = models.BooleanField(
        "contenus « zéro accident »",
        default=True,
        help_text="Affiche les contenus de prévention des accidents de l'enfant (sécurité de l'enfant).",
    )
    suggestions_lieux = models.BooleanField(
        "suggestions de lieux ouvertes",
        default=True,
        help_text="Les parents peuvent proposer un lieu pour la carte (file à modérer dans l'annuaire).",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("version_ios"), FieldPanel("version_minimale_ios")]),
                FieldRowPanel([FieldPanel("version_android"), FieldPanel("version_minimale_android")]),
            ],
            heading="Versions",
        ),
        MultiFieldPanel([FieldPanel("nouveautes_titre"), FieldPanel("nouveautes")], heading="Nouveautés"),
        MultiFieldPanel(
            [FieldPanel("zero_accident"), FieldPanel("suggestions_lieux")], heading="Interrupteurs"
        ),
    ]

    class Meta:
        verbose_name = "configuration de l'application"

    def clean(self) -> None:
        from contenus import versions

        erreurs = {}
        for plateforme in ("ios", "android"):
            derniere = getattr(self, f"version_{plateforme}")
            minimale = getattr(self, f"version_minimale_{plateforme}")
            if (
                derniere
                and minimale
                and versions.est_version(derniere)
                and versions.est_version(minimale)
                and versions.lire(minimale) > versions.lire(derniere)
            ):
                erreurs[f"version_minimale_{plateforme}"] = "La version minimale dépasse la dernière version."
        if erreurs:
            raise ValidationError(erreurs)


EVENEMENTS_WEBHOOK = [
    ("article.publie", "Article publié"),
    ("article.modifie", "Article modifié"),
    ("article.depublie", "Article dépublié"),
    ("mesure.publiee", "Mesure publiée"),
    ("mesure.modifiee", "Mesure modifiée"),
    ("mesure.depubliee", "Mesure dépubliée"),
]


def _valider_evenements(valeur) -> None:
    connus = {code for code, _ in EVENEMENTS_WEBHOOK}
    if not isinstance(valeur, list) or not valeur or not all(isinstance(v, str) for v in valeur):
        raise ValidationError("Choisissez au moins un événement.")
    inconnus = sorted(set(valeur) - connus)
    if inconnus:
        raise ValidationError(f"Événements inconnus : {', '.join(inconnus)}.")


class AbonnementWebhook(models.Model):
    """A partner's URL that receives the publication events it chose, signed with its secret.

    The secret signs each delivery (HMAC-SHA256), so the hub needs it: it is stored encrypted
    and shown to the editor once, when the subscription is created.
    """

    partenaire = models.ForeignKey(
        "epds.Partenaire", on_delete=models.CASCADE, related_name="abonnements_webhook"
    )
    url = models.URLField("adresse de réception", max_length=500)
    evenements = models.JSONField("événements", default=list, validators=[_valider_evenements])
    secret = EncryptedTextField(editable=False)
    actif = models.BooleanField(default=True)
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partenaire", "url"]
        verbose_name = "abonnement webhook"
        verbose_name_plural = "abonnements webhook"

    def __str__(self) -> str:
        return f"{self.partenaire} → {self.url}"

    def clean(self) -> None:
        from django.conf import settings

        # The payload is signed, not encrypted: outside development it travels over HTTPS only.
        if self.url and not self.url.startswith("https://") and not settings.DEBUG:
            raise ValidationError({"url": "L'adresse de réception doit commencer par https://."})
        if self.url:
            from hub.reseau import CibleRefusee, verifier_url

            try:
                verifier_url(self.url)  # checked again at each delivery (DNS may change)
            except CibleRefusee as refus:
                raise ValidationError({"url": refus.message}, code=refus.code) from None

    def generer_secret(self) -> str:
        import secrets

        self.secret = "whsec_" + secrets.token_urlsafe(32)
        return self.secret


class LivraisonWebhook(models.Model):
    """One event sent to one subscription: the delivery log the admin reads and replays."""

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", "En attente"
        LIVREE = "livree", "Livrée"
        ECHEC = "echec", "Échec (nouvelle tentative programmée)"
        ABANDONNEE = "abandonnee", "Abandonnée"

    abonnement = models.ForeignKey(AbonnementWebhook, on_delete=models.CASCADE, related_name="livraisons")
    evenement = models.CharField("événement", max_length=40, choices=EVENEMENTS_WEBHOOK)
    charge_utile = models.JSONField("contenu envoyé")
    statut = models.CharField(max_length=20, choices=Statut.choices, default=Statut.EN_ATTENTE, db_index=True)
    tentatives = models.PositiveSmallIntegerField(default=0)
    derniere_erreur = models.CharField("dernière erreur", max_length=300, blank=True)
    dernier_code_http = models.PositiveSmallIntegerField("dernier code HTTP", null=True, blank=True)
    prochaine_tentative = models.DateTimeField(null=True, blank=True)
    cree_le = models.DateTimeField(auto_now_add=True, db_index=True)
    modifie_le = models.DateTimeField(auto_now=True)
    livree_le = models.DateTimeField("livrée le", null=True, blank=True)

    class Meta:
        ordering = ["-cree_le", "-pk"]
        verbose_name = "livraison webhook"
        verbose_name_plural = "livraisons webhook"

    def __str__(self) -> str:
        return f"{self.evenement} → {self.abonnement.url} ({self.get_statut_display()})"


class TentativeWebhook(models.Model):
    """One HTTP attempt of a delivery: what the partner answered, and when."""

    livraison = models.ForeignKey(LivraisonWebhook, on_delete=models.CASCADE, related_name="essais")
    le = models.DateTimeField(auto_now_add=True)
    code_http = models.PositiveSmallIntegerField(null=True, blank=True)
    erreur = models.CharField(max_length=300, blank=True)
    duree_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["le", "pk"]
        verbose_name = "tentative de livraison"

    def __str__(self) -> str:
        return f"{self.le:%Y-%m-%d %H:%M:%S} — {self.code_http or self.erreur}"
