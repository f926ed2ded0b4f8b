import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from grapple.models import GraphQLString
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index

from epds import scoring
from epds.crypto import EncryptedTextField
from epds.widget.admin_forms import ExtraitsIntegrationPanel, PartenaireForm
from hub.models import EnvoiCourriel, champ_statut_envoi
from hub.tasks import StatutsEnvoi


def _valider_origines(value):
    for origine in value or []:
        if (
            not isinstance(origine, str)
            or not origine.startswith(("https://", "http://"))
            or origine.count("/") != 2
        ):
            raise ValidationError(
                "« %(o)s » n'est pas une origine valide (ex. https://www.exemple.fr, sans chemin).",
                params={"o": origine},
            )


def _canaux_par_defaut():
    return ["SMS", "TELEPHONE", "EMAIL", "WHATSAPP"]


class Partenaire(index.Indexed, models.Model):
    """A partner institution or site: source of articles, EPDS widget source, syndication client.

    One concept for all of them (the earlier service had a free-text source per widget).
    """

    nom = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    site_web = models.URLField(blank=True)
    contact_email = models.EmailField("email de contact", blank=True)
    actif = models.BooleanField(
        default=True, help_text="Un partenaire inactif ne peut plus soumettre de questionnaire."
    )
    origines_autorisees = models.JSONField(
        "origines autorisées",
        default=list,
        blank=True,
        validators=[_valider_origines],
        help_text="Origines web (https://site.fr) autorisées à appeler l'API depuis un navigateur.",
    )
    # The EPDS widget of this partner (epds/widget): what its parents see and may ask for.
    canaux_contact = models.JSONField(
        "canaux de contact proposés",
        default=_canaux_par_defaut,
        blank=True,
        help_text="Les moyens par lesquels les parents de ce site peuvent demander à être contactés.",
    )
    texte_accueil = models.TextField(
        "texte d'accueil du questionnaire",
        blank=True,
        help_text="Affiché sur la première page du widget, sous le titre (texte simple).",
    )
    lien_rendez_vous = models.URLField(
        "lien de prise de rendez-vous",
        blank=True,
        help_text="Facultatif : proposé avec le résultat (ex. une page de prise de rendez-vous en ligne).",
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
        MultiFieldPanel(
            [FieldPanel("canaux_contact"), FieldPanel("texte_accueil"), FieldPanel("lien_rendez_vous")],
            heading="Widget EPDS",
        ),
        ExtraitsIntegrationPanel(heading="Intégrer le widget sur votre site"),
    ]
    base_form_class = PartenaireForm
    search_fields = [index.SearchField("nom"), index.AutocompleteField("nom"), index.FilterField("actif")]
    # Public fields when grapple exposes a partner (e.g. an article's source).
    graphql_fields = [
        GraphQLString("nom", required=True),
        GraphQLString("slug", required=True),
        GraphQLString("site_web"),
    ]

    class Meta:
        ordering = ["nom"]
        verbose_name = "partenaire"

    def __str__(self):
        return self.nom


# --- Questionnaire as content -----------------------------------------------------------------


class LangueEpds(models.Model):
    """A language the questionnaire can be offered in (the list is data, editors add languages).

    `code` matches a Wagtail locale's language code (WAGTAIL_CONTENT_LANGUAGES).
    """

    code = models.CharField(max_length=10, unique=True)
    nom = models.CharField("nom en français", max_length=100)
    nom_natif = models.CharField("nom dans la langue", max_length=100)
    drapeau = models.CharField(max_length=16, blank=True, help_text="Emoji ou code du drapeau (facultatif).")
    droite_a_gauche = models.BooleanField("écrite de droite à gauche", default=False)
    ordre = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("code"),
        FieldPanel("nom"),
        FieldPanel("nom_natif"),
        FieldPanel("drapeau"),
        FieldPanel("droite_a_gauche"),
        FieldPanel("ordre"),
    ]

    class Meta:
        ordering = ["ordre", "code"]
        verbose_name = "langue EPDS"
        verbose_name_plural = "langues EPDS"

    def __str__(self):
        return f"{self.nom} ({self.code})"

    def clean(self):
        # A questionnaire in this language lives in the Wagtail locale of the same code.
        codes = {code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES}
        if self.code not in codes:
            raise ValidationError(
                {
                    "code": f"« {self.code} » n'est pas une langue de contenu du site ({', '.join(sorted(codes))}) : "
                    "demandez à l'équipe technique de l'ajouter à WAGTAIL_CONTENT_LANGUAGES."
                }
            )


class VersionPublieeNonModifiable(ValidationError):
    pass


class QuestionnaireEpdsForm(WagtailAdminModelForm):
    """Refuses, with a message rather than an error page, any edit of a published version."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.etait_publie():
            raise ValidationError(
                "Cette version est publiée : elle ne se modifie plus (les réponses y renvoient). "
                "Copiez-la pour créer une nouvelle version."
            )
        formset = getattr(self, "formsets", {}).get("questions")
        if cleaned.get("publie") and formset is not None and formset.is_valid():
            self._verifier_bareme(cleaned, formset)
        return cleaned

    def _verifier_bareme(self, cleaned, formset):
        """Before publishing: 10 items, each scoring 0–3 once, and a translation keeps the same points."""
        questions = [
            f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        bareme = sorted(
            (q["numero"], tuple(q[f"points_{n}"] for n in range(1, scoring.NOMBRE_REPONSES + 1)))
            for q in questions
        )
        defaut = scoring.defaut_du_bareme(bareme)
        if defaut:
            raise ValidationError(defaut)
        autres = QuestionnaireEpds.objects.filter(version=cleaned.get("version"), publie=True).exclude(
            pk=self.instance.pk
        )
        for autre in autres.select_related("locale"):
            if [tuple(p) for p in autre.bareme()] != [points for _, points in bareme]:
                raise ValidationError(
                    f"Les points diffèrent de la version {autre.version} en « {autre.locale.language_code} » : "
                    "une traduction garde les points de chaque réponse."
                )


class QuestionnaireEpds(TranslatableMixin, ClusterableModel):
    """One version of the questionnaire in one language.

    A published version is never edited in place: submissions refer to the version answered,
    and its points must stay what the parent saw. Editors copy it into a new version instead.
    """

    version = models.CharField(
        max_length=50, help_text="Ex. 2026.1 — identique pour toutes les langues d'une version."
    )
    consigne = models.TextField()
    publie = models.BooleanField("publié", default=False)
    publie_le = models.DateTimeField("publié le", null=True, blank=True, editable=False)
    cree_le = models.DateTimeField(auto_now_add=True)

    base_form_class = QuestionnaireEpdsForm
    panels = [
        FieldPanel("version"),
        FieldPanel("consigne"),
        InlinePanel("questions", label="Questions", min_num=10, max_num=10),
        FieldPanel("publie"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "questionnaire EPDS"
        verbose_name_plural = "questionnaires EPDS"
        constraints = [
            models.UniqueConstraint(fields=["version", "locale"], name="epds_questionnaire_version_langue")
        ]

    def __str__(self):
        return f"EPDS {self.version} ({self.locale.language_code}){'' if self.publie else ' — brouillon'}"

    def etait_publie(self) -> bool:
        return bool(self.pk) and type(self).objects.filter(pk=self.pk, publie=True).exists()

    @classmethod
    def publie_en(cls, langue: str, version: str | None = None) -> "QuestionnaireEpds | None":
        """The published questionnaire of this language (of this version, when given), latest first."""
        qs = cls.objects.filter(publie=True, locale__language_code=langue)
        if version is not None:
            qs = qs.filter(version=version)
        return qs.select_related("locale").order_by("-publie_le", "-pk").first()

    def save(self, *args, **kwargs):
        if self.etait_publie():
            raise VersionPublieeNonModifiable(
                "Une version publiée ne se modifie pas : créez une nouvelle version."
            )
        if self.publie and self.publie_le is None:
            self.publie_le = timezone.now()
        # Questions saved by this same save (modelcluster commits them right after) are allowed.
        self._modifiable = True
        super().save(*args, **kwargs)

    def bareme(self) -> list[tuple[int, ...]]:
        # By item number: sort_order may be unset for questions built in code, and PostgreSQL
        # then returns them in any order — the scale must never depend on that.
        return [q.points() for q in sorted(self.questions.all(), key=lambda q: q.numero)]


class QuestionEpds(Orderable):
    questionnaire = ParentalKey(QuestionnaireEpds, on_delete=models.CASCADE, related_name="questions")
    numero = models.PositiveSmallIntegerField("numéro")
    libelle = models.TextField("libellé")
    reponse_1 = models.TextField("réponse 1")
    points_1 = models.PositiveSmallIntegerField(validators=[MaxValueValidator(scoring.POINTS_MAX_REPONSE)])
    reponse_2 = models.TextField("réponse 2")
    points_2 = models.PositiveSmallIntegerField(validators=[MaxValueValidator(scoring.POINTS_MAX_REPONSE)])
    reponse_3 = models.TextField("réponse 3")
    points_3 = models.PositiveSmallIntegerField(validators=[MaxValueValidator(scoring.POINTS_MAX_REPONSE)])
    reponse_4 = models.TextField("réponse 4")
    points_4 = models.PositiveSmallIntegerField(validators=[MaxValueValidator(scoring.POINTS_MAX_REPONSE)])

    panels = [
        FieldPanel("numero"),
        FieldPanel("libelle"),
        FieldRowPanel([FieldPanel("reponse_1"), FieldPanel("points_1")]),
        FieldRowPanel([FieldPanel("reponse_2"), FieldPanel("points_2")]),
        FieldRowPanel([FieldPanel("reponse_3"), FieldPanel("points_3")]),
        FieldRowPanel([FieldPanel("reponse_4"), FieldPanel("points_4")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "question EPDS"

    def reponses(self) -> list[str]:
        return [self.reponse_1, self.reponse_2, self.reponse_3, self.reponse_4]

    def points(self) -> tuple[int, ...]:
        return (self.points_1, self.points_2, self.points_3, self.points_4)

    def save(self, *args, **kwargs):
        questionnaire = self.questionnaire
        if not getattr(questionnaire, "_modifiable", False) and questionnaire.etait_publie():
            raise VersionPublieeNonModifiable(
                "Une version publiée ne se modifie pas : créez une nouvelle version."
            )
        super().save(*args, **kwargs)


class RessourceEpds(TranslatableMixin, models.Model):
    """A resource shown with a result, edited per level; emergency ones first on an item-10 alert."""

    titre = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    url = models.URLField(blank=True)
    urgence = models.BooleanField(
        "ressource d'urgence",
        default=False,
        help_text="Affichée en premier, quel que soit le score, si la question 10 alerte.",
    )
    pour_bien = models.BooleanField("niveau BIEN", default=False)
    pour_modere = models.BooleanField("niveau MODÉRÉ", default=False)
    pour_eleve = models.BooleanField("niveau ÉLEVÉ", default=False)
    pour_tres_eleve = models.BooleanField("niveau TRÈS ÉLEVÉ", default=False)
    ordre = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("titre"),
        FieldPanel("description"),
        FieldPanel("telephone"),
        FieldPanel("url"),
        FieldPanel("urgence"),
        FieldRowPanel(
            [
                FieldPanel("pour_bien"),
                FieldPanel("pour_modere"),
                FieldPanel("pour_eleve"),
                FieldPanel("pour_tres_eleve"),
            ],
            heading="Niveaux",
        ),
        FieldPanel("ordre"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["ordre", "pk"]
        verbose_name = "ressource EPDS"
        verbose_name_plural = "ressources EPDS"

    def __str__(self):
        return self.titre

    CHAMP_PAR_NIVEAU = {
        scoring.Niveau.BIEN: "pour_bien",
        scoring.Niveau.MODERE: "pour_modere",
        scoring.Niveau.ELEVE: "pour_eleve",
        scoring.Niveau.TRES_ELEVE: "pour_tres_eleve",
    }


def cle_de_traduction(cle: str) -> uuid.UUID:
    """The same text in every language shares one translation key, derived from its `cle`."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"epds-libelle:{cle}")


class LibelleEpds(TranslatableMixin, models.Model):
    """One text of the EPDS widget in one language: labels, buttons, result texts per level.

    Keyed by `cle` (e.g. `resultat_BIEN`); the French and English defaults come from
    epds/data/libelles_<langue>.json (load_epds). A key missing in a language shows in French.
    """

    cle = models.CharField("clé", max_length=80)
    texte = models.TextField()

    panels = [FieldPanel("cle"), FieldPanel("texte")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["cle"]
        verbose_name = "texte du widget EPDS"
        verbose_name_plural = "textes du widget EPDS"
        constraints = [models.UniqueConstraint(fields=["cle", "locale"], name="epds_libelle_cle_langue")]

    def __str__(self):
        return self.cle


@register_setting(icon="cog")
class ParametresEpds(BaseGenericSetting):
    seuil_suivi = models.PositiveSmallIntegerField(
        "seuil d'ouverture d'un dossier de suivi",
        default=11,
        validators=[MinValueValidator(0), MaxValueValidator(30)],
        help_text="Score à partir duquel un dossier de suivi s'ouvre (la question 10 en ouvre toujours un).",
    )

    class Meta:
        verbose_name = "paramètres EPDS"


# --- Submissions and follow-up ------------------------------------------------------------------


class SoumissionEpds(models.Model):
    """An anonymous answer: points, score, level, context. No personal data here."""

    class Genre(models.TextChoices):
        FEMME = "F", "Femme"
        HOMME = "H", "Homme"
        AUTRE = "A", "Autre"

    class TrancheAge(models.TextChoices):
        MOINS_18 = "<18", "moins de 18 ans"
        DE_18_A_25 = "18-25", "18–25 ans"
        DE_25_A_30 = "25-30", "25–30 ans"
        DE_30_A_35 = "30-35", "30–35 ans"
        DE_35_A_40 = "35-40", "35–40 ans"
        DE_40_A_45 = "40-45", "40–45 ans"
        PLUS_45 = ">45", "plus de 45 ans"

    class Situation(models.TextChoices):
        ATTEND_ENFANT = "ATTEND_ENFANT", "attend un enfant"
        ENFANT_MOINS_1_AN = "ENFANT_MOINS_1_AN", "enfant de moins d'un an"
        ENFANT_MOINS_2_ANS = "ENFANT_MOINS_2_ANS", "enfant de moins de deux ans"
        ENFANT_PLUS_2_ANS = "ENFANT_PLUS_2_ANS", "enfant de plus de deux ans"
        ENFANT_PERDU = "ENFANT_PERDU", "a perdu un enfant"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    questionnaire = models.ForeignKey(QuestionnaireEpds, on_delete=models.PROTECT, related_name="soumissions")
    langue = models.CharField(max_length=10)
    partenaire = models.ForeignKey(Partenaire, on_delete=models.PROTECT, related_name="soumissions_epds")
    points = models.JSONField()
    score = models.PositiveSmallIntegerField()
    niveau = models.CharField(max_length=12)
    alerte_question_10 = models.BooleanField()
    duree_secondes = models.PositiveIntegerField(null=True, blank=True)
    genre = models.CharField(max_length=1, choices=Genre.choices, blank=True)
    tranche_age = models.CharField(max_length=6, choices=TrancheAge.choices, blank=True)
    departement = models.CharField("département", max_length=3, blank=True)
    situation = models.CharField(max_length=20, choices=Situation.choices, blank=True)
    mois = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Mois de grossesse ou âge du dernier enfant en mois."
    )
    entourage_aide = models.BooleanField("l'entourage peut aider", null=True, blank=True)
    categorie_pcs = models.PositiveSmallIntegerField(
        "catégorie socio-professionnelle (PCS 2020, niveau 1)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
    )
    idempotency_key = models.CharField(max_length=100, blank=True, default="")
    # HMAC of the canonical payload (`epds.soumissions.empreinte`): a key replays only the
    # submission it was first sent with.
    empreinte = models.CharField(max_length=64, blank=True, default="")
    jeton_hash = models.CharField(max_length=64)
    # No index of its own: `epds_soumission_stats` leads with it (one index fewer to keep at each insert).
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "soumission EPDS"
        verbose_name_plural = "soumissions EPDS"
        constraints = [
            models.UniqueConstraint(
                fields=["partenaire", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="epds_soumission_idempotence",
            )
        ]
        indexes = [
            # The figures (epds.statistiques) read only these columns over a period: an
            # index-only scan on PostgreSQL instead of reading the rows.
            models.Index(
                fields=["cree_le"],
                include=["niveau", "alerte_question_10", "partenaire", "departement"],
                name="epds_soumission_stats",
            )
        ]

    def __str__(self):
        return f"Soumission {self.uuid}"


class DossierSuivi(models.Model):
    """A follow-up case, for the follow-up team only: never reachable through the public API.

    Two things are kept apart: where the work stands (`statut`: to contact, request to call
    back, in progress, closed) and what came of it (`issue`: aidée, orientée, non accompagnée,
    with its date). Closing keeps the outcome; reopening keeps it until a new one is recorded.
    The moves between states live in `epds.dossiers`, nowhere else.
    """

    class Statut(models.TextChoices):
        SANS_CONTACT = "sans_contact", "à contacter (sans demande)"
        NOUVEAU = "nouveau", "demande de rappel"
        ECHANGE_INITIAL = "echange_initial", "en cours (parent joint)"
        CLOS = "clos", "clos"

    class Issue(models.TextChoices):
        AIDEE = "aidee", "aidée"
        ORIENTEE = "orientee", "orientée"
        NON_ACCOMPAGNEE = "non_accompagnee", "non accompagnée"

    class CanalArrivee(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", "questionnaire en ligne"
        TELEPHONE = "telephone", "appel du parent"
        EMAIL = "email", "email ou message du parent"
        SUR_PLACE = "sur_place", "rencontre sur place"
        PARTENAIRE = "partenaire", "adressé par un partenaire"
        # The widget's page « être contacté·e sans faire le test » (the earlier « fromEmail »
        # links): a request with no submission behind it, opened by the system.
        DEMANDE_SANS_TEST = "demande_sans_test", "demande de contact sans faire le test"

    soumission = models.OneToOneField(
        SoumissionEpds, on_delete=models.PROTECT, related_name="dossier", null=True, blank=True
    )
    statut = models.CharField(
        max_length=20, choices=Statut.choices, default=Statut.SANS_CONTACT, db_index=True
    )
    assigne_a = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="assigné à",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossiers_epds",
    )
    notes = EncryptedTextField(blank=True)  # the former free-text note; the journal replaces it
    # Where the case came from: the questionnaire (opened by the system) or by hand.
    canal_arrivee = models.CharField(
        "canal d'arrivée", max_length=20, choices=CanalArrivee.choices, default=CanalArrivee.QUESTIONNAIRE
    )
    ouvert_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ouvert par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Copied from the submission (or entered by hand) so that the queue and the figures filter
    # without joining the submissions.
    partenaire = models.ForeignKey(
        Partenaire, null=True, blank=True, on_delete=models.PROTECT, related_name="dossiers_epds"
    )
    departement = models.CharField("département", max_length=3, blank=True, db_index=True)
    alerte_question_10 = models.BooleanField("alerte question 10", default=False)
    # Opened by the questionnaire itself (score at the threshold or item-10 alert): the parents
    # the churn figure follows. A case opened by a request alone, or by hand, is not.
    a_risque = models.BooleanField("ouvert par le score ou la question 10", default=False)
    # A case opened by hand: the parent's coordinates (a request carries its own).
    prenom = EncryptedTextField("prénom", blank=True)
    telephone = EncryptedTextField("téléphone", blank=True)
    email = EncryptedTextField(blank=True)

    issue = models.CharField(max_length=20, choices=Issue.choices, blank=True)
    issue_le = models.DateTimeField("issue le", null=True, blank=True)
    orientation_profession = models.CharField(
        "orientée vers (type de professionnel ou de lieu)", max_length=40, blank=True
    )
    orientation_professionnel = models.ForeignKey(
        "annuaire.Professionnel",
        verbose_name="orientée vers (fiche de l'annuaire)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    orientation_lieu = models.ForeignKey(
        "annuaire.Lieu",
        verbose_name="orientée vers (lieu de l'annuaire)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Maintained by epds.dossiers: the pending callback, and the figures' dates.
    demande_en_attente_le = models.DateTimeField("demande en attente depuis", null=True, blank=True)
    premiere_demande_le = models.DateTimeField("première demande le", null=True, blank=True)
    premier_contact_le = models.DateTimeField("premier contact le", null=True, blank=True)
    reouvertures = models.PositiveSmallIntegerField("réouvertures", default=0)

    cree_le = models.DateTimeField("ouvert le", default=timezone.now, db_index=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)
    clos_le = models.DateTimeField("clos le", null=True, blank=True)
    donnees_purgees_le = models.DateTimeField("données personnelles purgées le", null=True, blank=True)

    class Meta:
        verbose_name = "dossier de suivi"
        verbose_name_plural = "dossiers de suivi"
        permissions = [
            ("acceder_file_suivi", "Accéder à la file des dossiers de suivi EPDS"),
            ("voir_tableau_suivi", "Voir le tableau de bord du suivi EPDS (chiffres anonymes)"),
        ]
        indexes = [
            models.Index(fields=["a_risque", "cree_le"], name="epds_dossier_risque"),
            models.Index(fields=["issue", "issue_le"], name="epds_dossier_issue"),
            models.Index(fields=["premiere_demande_le"], name="epds_dossier_demande"),
        ]

    def __str__(self):
        if self.sans_test:
            return f"Dossier {self.pk} — demande de contact sans le test"
        if self.soumission_id is None:
            return f"Dossier {self.pk} — ouvert à la main ({self.get_canal_arrivee_display()})"
        return f"Dossier {self.pk} — score {self.soumission.score}/30"

    @property
    def score(self) -> int | None:
        return self.soumission.score if self.soumission_id else None

    @property
    def sans_test(self) -> bool:
        """The parent asked to be contacted without taking the questionnaire: no score, no item 10."""
        return self.canal_arrivee == self.CanalArrivee.DEMANDE_SANS_TEST

    @property
    def ouvert_a_la_main(self) -> bool:
        return self.canal_arrivee not in (
            self.CanalArrivee.QUESTIONNAIRE,
            self.CanalArrivee.DEMANDE_SANS_TEST,
        )


class EntreeJournal(models.Model):
    """One line of a case's contact journal: an attempt or an exchange with the parent."""

    class Canal(models.TextChoices):
        TELEPHONE = "telephone", "téléphone"
        SMS = "sms", "SMS"
        EMAIL = "email", "email"
        WHATSAPP = "whatsapp", "WhatsApp"
        SUR_PLACE = "sur_place", "sur place"

    dossier = models.ForeignKey(DossierSuivi, on_delete=models.CASCADE, related_name="journal")
    quand = models.DateTimeField(default=timezone.now)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    canal = models.CharField(max_length=20, choices=Canal.choices)
    joint = models.BooleanField("parent joint", default=False)
    commentaire = EncryptedTextField(blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["quand", "pk"]
        verbose_name = "entrée du journal de contact"
        verbose_name_plural = "journal de contact"
        indexes = [models.Index(fields=["dossier", "quand"], name="epds_journal_dossier_quand")]

    def __str__(self):
        return f"{self.get_canal_display()} — {'joint' if self.joint else 'non joint'}"


class ConsultationRessource(models.Model):
    """Anonymous counter: how many times a resource was opened, per day (no personal data)."""

    ressource = models.ForeignKey(RessourceEpds, on_delete=models.CASCADE, related_name="consultations")
    jour = models.DateField()
    nombre = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "consultations d'une ressource EPDS"
        constraints = [
            models.UniqueConstraint(fields=["ressource", "jour"], name="epds_consultation_ressource_jour")
        ]
        indexes = [models.Index(fields=["jour"], name="epds_consultation_jour")]

    def __str__(self):
        return f"{self.ressource_id} — {self.jour} : {self.nombre}"


class DemandeContact(models.Model):
    class Canal(models.TextChoices):
        SMS = "SMS", "SMS"
        TELEPHONE = "TELEPHONE", "rendez-vous téléphonique"
        EMAIL = "EMAIL", "email"
        WHATSAPP = "WHATSAPP", "WhatsApp"

    CRENEAUX = {"MATIN": "matin (9h–12h)", "MIDI": "midi (12h–14h)", "APRES_MIDI": "après-midi (14h–17h30)"}

    dossier = models.ForeignKey(DossierSuivi, on_delete=models.CASCADE, related_name="demandes")
    reference = models.CharField("référence", max_length=20, unique=True)
    prenom = EncryptedTextField("prénom", blank=True)
    telephone = EncryptedTextField("téléphone", blank=True)
    email = EncryptedTextField(blank=True)
    canal = models.CharField(max_length=10, choices=Canal.choices)
    creneaux = models.JSONField("créneaux", default=list, blank=True)
    nombre_enfants = models.PositiveSmallIntegerField(null=True, blank=True)
    naissance_dernier_enfant = models.DateField(null=True, blank=True)
    departement = models.CharField("département", max_length=3, blank=True)
    # The widget's language when the request came without a submission (a submission has its own):
    # the team calls back in a language the parent reads.
    langue = models.CharField(max_length=10, blank=True)
    confirmation_demandee = models.BooleanField(default=False)
    consentement_le = models.DateTimeField()
    idempotency_key = models.CharField(max_length=100, blank=True, default="")
    # HMAC of the canonical payload, personal data included (never a plain hash of a phone
    # number); emptied by the purge with the data it stands for.
    empreinte = models.CharField(max_length=64, blank=True, default="")
    cree_le = models.DateTimeField(auto_now_add=True)
    donnees_purgees_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cree_le"]
        verbose_name = "demande de contact"
        verbose_name_plural = "demandes de contact"
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="epds_demande_idempotence",
            )
        ]
        indexes = [
            # A request without the test has a case of its own: its replay is found by the key.
            models.Index(
                fields=["idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="epds_demande_cle",
            )
        ]

    def __str__(self):
        return self.reference

    @staticmethod
    def tient_des_donnees_personnelles() -> models.Q:
        """Requests still holding a parent's personal data: what the purge erases. It selects
        the data itself, never a « purgée le » date (a case reopened after a purge gets new
        requests, with new data, that are due in their turn)."""
        return (
            ~models.Q(prenom="")
            | ~models.Q(telephone="")
            | ~models.Q(email="")
            | models.Q(naissance_dernier_enfant__isnull=False)
            | ~models.Q(empreinte="")
            | ~models.Q(idempotency_key="")
        )

    def creneaux_lisibles(self) -> str:
        return ", ".join(self.CRENEAUX.get(c, c) for c in self.creneaux) or "non précisés"


class Notification(EnvoiCourriel):
    """Delivery state of one email: the durable record the sending task retries from."""

    class Destinataire(models.TextChoices):
        EQUIPE = "equipe", "équipe de suivi"
        PARENT = "parent", "parent (confirmation)"

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", "en attente"
        ENVOYEE = "envoyee", "envoyée"
        ABANDONNEE = "abandonnee", "abandonnée"
        # A worker died while the SMTP server was receiving it: not sent again automatically
        # (it may have been accepted); look for its Message-ID in the mailbox (hub.tasks).
        INCERTAINE = "incertaine", "envoi incertain (à vérifier)"

    STATUTS = StatutsEnvoi(
        en_attente=Statut.EN_ATTENTE,
        envoye=Statut.ENVOYEE,
        abandonne=Statut.ABANDONNEE,
        incertain=Statut.INCERTAINE,
    )

    demande = models.ForeignKey(DemandeContact, on_delete=models.CASCADE, related_name="notifications")
    destinataire = models.CharField(max_length=10, choices=Destinataire.choices)
    statut = champ_statut_envoi(Statut)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "notification EPDS"

    def __str__(self):
        return f"{self.get_destinataire_display()} — {self.get_statut_display()}"


class AgregatSoumissionsJour(models.Model):
    """Daily roll-up of the submissions, what the figures read instead of a million rows.

    Three axes, each a full count of the day: France (no partner, no département), per
    partner, per département. Written by `epds.statistiques.agreger_jour` once a day is over
    (a past day's submissions never change); `JourAgrege` records which days are done.
    """

    class Axe(models.TextChoices):
        FRANCE = "france", "France"
        PARTENAIRE = "partenaire", "partenaire"
        DEPARTEMENT = "departement", "département"
        # The breakdown tables need no level: one row per day and partner (or département),
        # `nombre` submissions of which `alertes` with the item-10 alert.
        TOTAL_PARTENAIRE = "total_partenaire", "total par partenaire"
        TOTAL_DEPARTEMENT = "total_departement", "total par département"

    axe = models.CharField(max_length=20, choices=Axe.choices)
    jour = models.DateField()
    partenaire = models.ForeignKey(
        Partenaire, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    departement = models.CharField(max_length=3, blank=True)
    niveau = models.CharField(max_length=12, blank=True)
    alerte_question_10 = models.BooleanField(default=False)
    nombre = models.PositiveIntegerField()
    alertes = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "agrégat journalier des soumissions EPDS"
        indexes = [
            models.Index(fields=["axe", "jour"], name="epds_agregat_axe_jour"),
            models.Index(fields=["axe", "partenaire", "jour"], name="epds_agregat_partenaire"),
            models.Index(fields=["axe", "departement", "jour"], name="epds_agregat_departement"),
        ]

    def __str__(self):
        return f"{self.jour} {self.axe} : {self.nombre}"


class JourAgrege(models.Model):
    jour = models.DateField(primary_key=True)
    agrege_le = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "jour agrégé"

    def __str__(self):
        return str(self.jour)


class EnvoiResultatPro(EnvoiCourriel):
    """One EPDS result a professional sends to their own email as a PDF (the professionals' site).

    The delivery row the sending task retries from (hub.tasks). What is personal (the
    professional's address, the patient's answers) is only in `contenu`, encrypted, and erased as
    soon as the send ends (sent, given up or uncertain); the PDF is built in memory at each
    attempt, never stored. The row itself is deleted by `purge_envois_epds_pro`.
    """

    partenaire = models.ForeignKey(Partenaire, on_delete=models.CASCADE, related_name="envois_pro")
    contenu = EncryptedTextField(blank=True, help_text="JSON chiffré ; vidé à la fin de l'envoi.")
    idempotency_key = models.CharField(max_length=100, blank=True, default="")
    empreinte = models.CharField(max_length=64, blank=True, default="")
    cree_le = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "envoi d'un résultat EPDS à un professionnel"
        constraints = [
            models.UniqueConstraint(
                fields=["partenaire", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="epds_envoi_pro_idempotence",
            )
        ]

    def __str__(self):
        return f"Envoi professionnel {self.pk} — {self.get_statut_display()}"
