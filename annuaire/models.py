"""Professionals and places of the annuaire, and the départements/régions reference.

The stages a place matters for are stored as a list of `contenus.Etape` slugs (JSON), not a
foreign key: the annuaire stays independent of the editorial app and of its migrations, an
import file can name stages by slug, and a stage that is renamed only needs its slug kept.
A denormalised `etapes_recherche` column (" slug1 slug2 ") makes the stage filter a plain
`contains` that works the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from annuaire import geo
from hub.formats import est_slug
from hub.models import EnvoiCourriel
from hub.texte import normaliser


class Region(models.Model):
    code = models.CharField(max_length=3, unique=True, help_text="Code INSEE de la région, ex. 11.")
    nom = models.CharField(max_length=100)

    class Meta:
        ordering = ["nom"]
        verbose_name = "région"

    def __str__(self):
        return self.nom


class Departement(models.Model):
    code = models.CharField(max_length=3, unique=True, help_text="Code INSEE : 01…95, 2A, 2B, 971…976.")
    nom = models.CharField(max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")

    class Meta:
        ordering = ["code"]
        verbose_name = "département"

    def __str__(self):
        return f"{self.code} – {self.nom}"

    @property
    def outre_mer(self) -> bool:
        return len(self.code) == 3


class ListeFormField(forms.CharField):
    """A list of short strings edited as one comma-separated line."""

    def __init__(self, *, slugs: bool = False, **kwargs):
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        kwargs.pop("max_length", None)
        self.slugs = slugs
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        texte = super().to_python(value)
        elements: list[str] = []
        for morceau in re.split(r"[,|;]", texte or ""):
            morceau = morceau.strip()
            if morceau and morceau not in elements:
                elements.append(morceau)
        return elements

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if self.slugs:
            for element in value:
                if not est_slug(element):
                    raise ValidationError(
                        "« %(s)s » n'est pas un identifiant d'étape valide (minuscules, chiffres, tirets).",
                        params={"s": element},
                    )


class ListeField(models.JSONField):
    """A JSON list of strings, edited in the admin as a comma-separated line."""

    def __init__(self, *args, slugs: bool = False, **kwargs):
        self.slugs = slugs
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.slugs:
            kwargs["slugs"] = True
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        # Skip JSONField.formfield (it forces its own form class and encoder arguments).
        return models.Field.formfield(self, **{"form_class": ListeFormField, "slugs": self.slugs, **kwargs})


class Profession(models.TextChoices):
    SAGE_FEMME = "sage_femme", "Sage-femme"
    GYNECOLOGUE = "gynecologue", "Gynécologue obstétricien"
    MEDECIN_GENERALISTE = "medecin_generaliste", "Médecin généraliste"
    PEDIATRE = "pediatre", "Pédiatre"
    PSYCHIATRE = "psychiatre", "Psychiatre"
    PEDOPSYCHIATRE = "pedopsychiatre", "Pédopsychiatre"
    PSYCHOLOGUE = "psychologue", "Psychologue"
    PUERICULTRICE = "puericultrice", "Infirmier puériculteur"
    CONSULTANT_LACTATION = "consultant_lactation", "Consultant en lactation"
    KINESITHERAPEUTE = "kinesitherapeute", "Masseur-kinésithérapeute"
    ORTHOPHONISTE = "orthophoniste", "Orthophoniste"
    DIETETICIEN = "dieteticien", "Diététicien"
    AUTRE = "autre", "Autre professionnel"


class TypeLieu(models.TextChoices):
    MATERNITE = "maternite", "Maternité"
    PMI = "pmi", "PMI (protection maternelle et infantile)"
    MAISON_NAISSANCE = "maison_naissance", "Maison de naissance"
    PLANNING_FAMILIAL = "planning_familial", "Planning familial"
    CAF = "caf", "CAF"
    CPAM = "cpam", "CPAM"
    MAIRIE = "mairie", "Mairie"
    AIDE_DOMICILE = "aide_domicile", "Service d'aide à domicile"


class CategorieLieu(models.TextChoices):
    """The two families of the map's legend (reference: « types in two categories »)."""

    STRUCTURE = "structure", "Structure"
    PROFESSIONNEL = "professionnel", "Professionnel"


# Every code a type of the map may describe: a structure (TypeLieu) or a profession.
CODES_TYPE_DE_LIEU = [*TypeLieu.choices, *Profession.choices]


def categorie_du_code(code: str) -> str | None:
    if code in TypeLieu.values:
        return CategorieLieu.STRUCTURE
    if code in Profession.values:
        return CategorieLieu.PROFESSIONNEL
    return None


class TypeDeLieu(models.Model):
    """How the map shows one type of place (a structure of `TypeLieu` or a profession): its
    name, its category, the stages it matters for. Editors manage them; the codes stay the
    enum values of the API (`TypeLieu`, professions), so filters and imports are unchanged."""

    code = models.CharField(max_length=40, unique=True, choices=CODES_TYPE_DE_LIEU)
    nom = models.CharField(max_length=120, help_text="Nom affiché sur la carte et dans ses filtres.")
    categorie = models.CharField(
        "catégorie", max_length=20, choices=CategorieLieu.choices, editable=False, db_index=True
    )
    description = models.TextField(blank=True)
    etapes = ListeField(
        slugs=True,
        verbose_name="étapes",
        help_text="Slugs des étapes du parcours où ce type est utile, séparés par des virgules. "
        "Vide : toutes les étapes.",
    )
    ordre = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("code"),
        FieldPanel("nom"),
        FieldPanel("description"),
        FieldPanel("etapes"),
        FieldPanel("ordre"),
    ]

    class Meta:
        ordering = ["ordre", "nom"]
        verbose_name = "type de lieu"
        verbose_name_plural = "types de lieux"

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        self.categorie = categorie_du_code(self.code) or ""
        super().save(*args, **kwargs)

    def concerne_etape(self, slug: str) -> bool:
        return not self.etapes or slug in self.etapes


def choix_depuis_texte(choices: type[models.TextChoices], texte: str | None) -> str | None:
    """A choice value from its code or its label, accents and case ignored."""
    cle = normaliser(texte).replace(" ", "_")
    if not cle:
        return None
    for valeur, libelle in choices.choices:
        if cle == valeur or cle == normaliser(libelle).replace(" ", "_"):
            return valeur
    return None


def delai_verification() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "ANNUAIRE_VERIFICATION_DELAI_JOURS", 365))


def verifie_avant() -> dt.date:
    """The « à vérifier » rule, its one home: an entry never verified, or verified before this
    date (ANNUAIRE_VERIFICATION_DELAI_JOURS ago), is to be checked again."""
    return timezone.localdate() - delai_verification()


def condition_a_verifier() -> Q:
    return Q(verifie_le__isnull=True) | Q(verifie_le__lt=verifie_avant())


class FicheQuerySet(models.QuerySet):
    def publiees(self):
        return self.filter(publie=True)

    def a_verifier(self):
        return self.filter(condition_a_verifier())


class FicheAnnuaire(index.Indexed, models.Model):
    """What professionals and places share: contact, address, coordinates, publication, checks."""

    identifiant_externe = models.CharField(
        "identifiant externe",
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text="Identifiant stable de la source (RPPS, FINESS…), clé des imports CSV.",
    )
    nom = models.CharField(max_length=200)
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField(blank=True)
    site_web = models.URLField("site web", blank=True)
    adresse = models.CharField(max_length=255, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True, db_index=True)
    commune = models.CharField(max_length=100, blank=True)
    departement = models.ForeignKey(
        Departement,
        verbose_name="département",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Déduit du code postal s'il est laissé vide.",
    )
    latitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    publie = models.BooleanField("publié", default=True)
    verifie_le = models.DateField(
        "vérifié le", null=True, blank=True, help_text="Date de la dernière vérification des informations."
    )
    # Maintained on save and on import: normalised (unaccented, lowercase) searchable text and
    # commune, so that search is accent-insensitive on every database.
    texte_recherche = models.TextField(editable=False, default="")
    commune_normalisee = models.CharField(max_length=100, editable=False, default="", db_index=True)
    # Sort key of lists without a position: the same order on every database and locale.
    cle_tri = models.CharField(max_length=300, editable=False, default="", db_index=True)
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    objects = FicheQuerySet.as_manager()

    search_fields = [
        index.SearchField("nom"),
        index.AutocompleteField("nom"),
        index.SearchField("commune"),
        index.SearchField("code_postal"),
        index.FilterField("publie"),
        index.FilterField("departement"),
    ]

    class Meta:
        abstract = True
        ordering = ["cle_tri", "id"]
        indexes = [
            # The distance search filters on a latitude range then a longitude range.
            models.Index(fields=["latitude", "longitude"], name="%(app_label)s_%(class)s_coords"),
            # Each filter of the contract with the lists' sort (cle_tri, id): a page of a
            # département, or of everything published, is read in order from an index, never by
            # sorting every matching row (the text filter has its trigram index on PostgreSQL:
            # migration 0004).
            models.Index(fields=["departement", "publie", "cle_tri", "id"], name="%(class)s_dept_tri"),
            models.Index(fields=["publie", "cle_tri", "id"], name="%(class)s_publie_tri"),
        ]

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        if self.departement_id is None and self.code_postal:
            code = geo.departement_du_code_postal(self.code_postal)
            if code:
                self.departement = Departement.objects.filter(code=code).first()
        self.normaliser_champs()
        super().save(*args, **kwargs)

    def textes_recherche(self) -> list[str]:
        return [self.nom, self.commune, self.code_postal]

    def normaliser_champs(self) -> None:
        """Fill the derived columns; the importer calls it too (bulk operations skip save())."""
        self.texte_recherche = normaliser(" ".join(t for t in self.textes_recherche() if t))
        self.commune_normalisee = normaliser(self.commune)
        self.cle_tri = self.calculer_cle_tri()

    def calculer_cle_tri(self) -> str:
        return normaliser(self.nom)[:300]

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError("Indiquez la latitude et la longitude, ou aucune des deux.")
        if self.latitude is not None and not geo.en_france(self.latitude, self.longitude):
            raise ValidationError({"latitude": "Ces coordonnées ne sont pas en France."})
        if self.code_postal and not geo.code_postal_valide(self.code_postal):
            raise ValidationError({"code_postal": "Un code postal a 5 chiffres."})

    @property
    def verification_a_faire(self) -> bool:
        return self.verifie_le is None or self.verifie_le < verifie_avant()


_PANNEAUX_ADRESSE = MultiFieldPanel(
    [
        FieldPanel("adresse"),
        FieldRowPanel([FieldPanel("code_postal"), FieldPanel("commune")]),
        FieldPanel("departement"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
    ],
    heading="Adresse",
)
_PANNEAUX_CONTACT = MultiFieldPanel(
    [FieldPanel("telephone"), FieldPanel("email"), FieldPanel("site_web")], heading="Contact"
)
_PANNEAUX_PUBLICATION = MultiFieldPanel(
    [FieldPanel("publie"), FieldPanel("verifie_le"), FieldPanel("identifiant_externe")],
    heading="Publication et vérification",
)


class Professionnel(FicheAnnuaire):
    prenom = models.CharField("prénom", max_length=100, blank=True)
    profession = models.CharField(max_length=40, choices=Profession.choices, db_index=True)
    tarif = models.CharField(max_length=200, blank=True, help_text="Ex. « 30 € », « secteur 2 : 50 à 70 € ».")
    conventionne = models.BooleanField("conventionné", null=True, blank=True)
    teleconsultation = models.BooleanField("téléconsultation", null=True, blank=True)
    langues = ListeField(
        help_text="Langues parlées, séparées par des virgules (ex. français, anglais, arabe)."
    )
    note = models.TextField(blank=True, help_text="Informations utiles aux parents (accès, spécialités…).")

    panels = [
        FieldRowPanel([FieldPanel("nom"), FieldPanel("prenom")]),
        FieldPanel("profession"),
        _PANNEAUX_CONTACT,
        _PANNEAUX_ADRESSE,
        MultiFieldPanel(
            [
                FieldPanel("tarif"),
                FieldRowPanel([FieldPanel("conventionne"), FieldPanel("teleconsultation")]),
                FieldPanel("langues"),
                FieldPanel("note"),
            ],
            heading="Consultation",
        ),
        _PANNEAUX_PUBLICATION,
    ]
    search_fields = [
        *FicheAnnuaire.search_fields,
        index.SearchField("prenom"),
        index.FilterField("profession"),
    ]

    class Meta(FicheAnnuaire.Meta):
        verbose_name = "professionnel"

    def __str__(self):
        return " ".join(p for p in (self.prenom, self.nom) if p)

    def textes_recherche(self) -> list[str]:
        return [
            self.prenom,
            self.nom,
            self.get_profession_display(),
            self.commune,
            self.code_postal,
            self.note,
        ]


class Lieu(FicheAnnuaire):
    type = models.CharField(max_length=40, choices=TypeLieu.choices, db_index=True)
    description = models.TextField(blank=True)
    etapes = ListeField(
        slugs=True,
        verbose_name="étapes",
        help_text="Slugs des étapes du parcours concernées, séparés par des virgules "
        "(ex. debut-de-grossesse, accouchement). Vide : toutes les étapes.",
    )
    etapes_recherche = models.CharField(max_length=500, editable=False, default="")

    panels = [
        FieldPanel("nom"),
        FieldPanel("type"),
        FieldPanel("etapes"),
        FieldPanel("description"),
        _PANNEAUX_CONTACT,
        _PANNEAUX_ADRESSE,
        _PANNEAUX_PUBLICATION,
    ]
    search_fields = [*FicheAnnuaire.search_fields, index.FilterField("type")]

    class Meta(FicheAnnuaire.Meta):
        verbose_name = "lieu"
        verbose_name_plural = "lieux"

    def textes_recherche(self) -> list[str]:
        return [self.nom, self.get_type_display(), self.commune, self.code_postal, self.description]

    def normaliser_champs(self) -> None:
        super().normaliser_champs()
        self.etapes_recherche = f" {' '.join(self.etapes or [])} " if self.etapes else ""


# --- Mise à jour par les professionnels eux-mêmes (lien à usage unique) ---------------------------


class LienModification(EnvoiCourriel):
    """A single-use, expiring link sent to a professional so they can update their entry; the row
    is also its email's delivery state (`EnvoiCourriel`: hub.tasks retries, at most one email).

    Only the SHA-256 of the token is stored: a database dump gives nobody a working link.
    """

    professionnel = models.ForeignKey(
        Professionnel, on_delete=models.CASCADE, related_name="liens_modification"
    )
    jeton_hash = models.CharField("empreinte du jeton", max_length=64, unique=True, editable=False)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    expire_le = models.DateTimeField("expire le")
    utilise_le = models.DateTimeField("utilisé le", null=True, blank=True)
    envoye_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="envoyé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-cree_le"]
        verbose_name = "lien de mise à jour"
        verbose_name_plural = "liens de mise à jour"

    def __str__(self):
        return f"Lien de mise à jour de {self.professionnel} ({self.cree_le:%d/%m/%Y})"

    @property
    def expire(self) -> bool:
        return timezone.now() >= self.expire_le

    @property
    def utilisable(self) -> bool:
        return self.utilise_le is None and not self.expire


# --- Ce que l'on propose de l'extérieur, en attente d'une décision (files modérées) --------------


class DecisionImpossible(Exception):
    """The element was already decided."""


def champ_statut(statuts: type[models.TextChoices]) -> models.CharField:
    """The `statut` of a moderated queue's model: its own values, pending (`EN_ATTENTE`) first."""
    return models.CharField(max_length=20, choices=statuts.choices, default=statuts.EN_ATTENTE, db_index=True)


class DecisionModeree(models.Model):
    """Something sent from outside the team (a professional's proposal, a parent's suggestion),
    waiting in an admin queue for an editor's decision: decided once, by whom, when, and why not.

    Each model names its statuses (`Statut`: `EN_ATTENTE`, `REJETEE` and its own « yes »; the
    stored values differ) and declares `statut = champ_statut(Statut)`. The screens are
    `annuaire.admin_moderation`."""

    cree_le = models.DateTimeField("reçue le", auto_now_add=True)
    decidee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decidee_le = models.DateTimeField("décidée le", null=True, blank=True)
    motif = models.TextField(blank=True, help_text="Motif du rejet, le cas échéant.")

    MOTIF_MAX = 2000

    class Meta:
        abstract = True
        ordering = ["-cree_le"]

    @classmethod
    def a_decider(cls, pk: int, elements: models.QuerySet | None = None):
        """The element `pk`, locked until the transaction ends, while it waits; else
        `DecisionImpossible` (two editors deciding at once: the second one is refused)."""
        element = (
            (cls.objects.all() if elements is None else elements).select_for_update(of=("self",)).get(pk=pk)
        )
        if element.statut != cls.Statut.EN_ATTENTE:
            raise DecisionImpossible(f"Cette {cls._meta.verbose_name} a déjà été traitée.")
        return element

    def decider(self, statut: str, par, motif: str = "", **champs) -> None:
        """Records the decision (and `champs`, e.g. the place created) on the row."""
        self.statut = statut
        self.decidee_par, self.decidee_le = par, timezone.now()
        self.motif = motif[: self.MOTIF_MAX]
        for nom, valeur in champs.items():
            setattr(self, nom, valeur)
        self.save(update_fields=["statut", "decidee_par", "decidee_le", "motif", *champs])


class ModificationProposee(DecisionModeree):
    """What a professional submitted through their link, waiting for an editor's decision."""

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", "En attente"
        APPROUVEE = "approuvee", "Approuvée"
        REJETEE = "rejetee", "Rejetée"

    class Type(models.TextChoices):
        MODIFICATION = "modification", "Mise à jour de la fiche"
        SUPPRESSION = "suppression", "Demande de retrait de l'annuaire"

    professionnel = models.ForeignKey(
        Professionnel, on_delete=models.CASCADE, related_name="modifications_proposees"
    )
    lien = models.OneToOneField(
        LienModification, on_delete=models.SET_NULL, null=True, blank=True, related_name="modification"
    )
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.MODIFICATION)
    champs_proposes = models.JSONField(
        "champs proposés", default=dict, blank=True, help_text="Nouvelles valeurs des seuls champs modifiés."
    )
    commentaire = models.TextField(blank=True, help_text="Message du professionnel à l'équipe.")
    statut = champ_statut(Statut)

    class Meta(DecisionModeree.Meta):
        verbose_name = "modification proposée"
        verbose_name_plural = "modifications proposées"

    def __str__(self):
        return f"{self.get_type_display()} – {self.professionnel} ({self.cree_le:%d/%m/%Y})"


# --- Suggestions de lieux par les parents (file modérée) ----------------------------------------


class SuggestionLieu(DecisionModeree):
    """A place a parent suggests from the app, waiting for an editor's decision.

    Nothing about the parent is asked or kept: only what describes the place (public
    information). Accepted, it becomes a `Lieu` (geocoded); rejected, it stays for the record.
    """

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", "En attente"
        ACCEPTEE = "acceptee", "Acceptée"
        REJETEE = "rejetee", "Rejetée"

    reference = models.CharField("référence", max_length=12, unique=True, editable=False)
    nom = models.CharField(max_length=200)
    type = models.CharField(max_length=40, choices=TypeLieu.choices)
    adresse = models.CharField(max_length=255, blank=True)
    code_postal = models.CharField("code postal", max_length=5)
    commune = models.CharField(max_length=100)
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    site_web = models.URLField("site web", blank=True)
    description = models.TextField(blank=True, help_text="Ce que le parent dit du lieu.")
    statut = champ_statut(Statut)
    lieu = models.ForeignKey(
        Lieu, verbose_name="lieu créé", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(DecisionModeree.Meta):
        verbose_name = "suggestion de lieu"
        verbose_name_plural = "suggestions de lieux"

    def __str__(self):
        return f"{self.nom} ({self.commune})"
