"""The « repérage TND » questionnaire as content, and its anonymous answers.

Editors manage domains (motricité, langage, socialisation…) and, per age band, a questionnaire
with its questions and the advice of each outcome (Snippets → Repérage TND). The rules that
apply them are `reperage.regles`; nothing here computes an outcome.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from reperage import regles

AVERTISSEMENT_EXEMPLE = "contenu d'exemple — à faire valider"

REPONSES = [(r.value, r.value.capitalize()) for r in regles.Reponse]
ISSUES = [
    (regles.Issue.AUCUN_SIGNE.value, "aucun signe d'alerte"),
    (regles.Issue.A_SURVEILLER.value, "à surveiller, en parler au prochain rendez-vous"),
    (regles.Issue.EN_PARLER_AU_MEDECIN.value, "en parler au médecin qui suit l'enfant"),
]


class DomaineTnd(models.Model):
    """A developmental domain questions belong to (motricité, langage, socialisation…)."""

    code = models.SlugField(
        max_length=50, unique=True, help_text="Ex. « motricite » : stable, pour les apps."
    )
    nom = models.CharField(max_length=100)
    ordre = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("code"), FieldPanel("nom"), FieldPanel("ordre")]

    class Meta:
        ordering = ["ordre", "code"]
        verbose_name = "domaine du repérage TND"
        verbose_name_plural = "domaines du repérage TND"

    def __str__(self):
        return self.nom


class QuestionnaireTndForm(WagtailAdminModelForm):
    """Before publishing: no sample content, one outcome text each, no band overlapping another."""

    def clean(self):
        cleaned = super().clean()
        debut, fin = cleaned.get("debut_mois"), cleaned.get("fin_mois")
        if debut is not None and fin is not None and debut >= fin:
            self.add_error("fin_mois", "La fin de la tranche d'âge vient après son début.")
            return cleaned
        if not cleaned.get("publie"):
            return cleaned
        if cleaned.get("contenu_exemple"):
            self.add_error(
                "contenu_exemple",
                "Un contenu d'exemple ne se publie pas : remplacez-le par les items de la grille "
                "officielle citée en source, puis décochez cette case.",
            )
        conseils = getattr(self, "formsets", {}).get("conseils")
        if conseils is not None and conseils.is_valid():
            issues = sorted(
                f.cleaned_data["issue"]
                for f in conseils.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            )
            if issues != sorted(i for i, _ in ISSUES):
                raise ValidationError("Il faut un conseil, et un seul, pour chacune des trois issues.")
        if debut is not None and fin is not None:
            autres = QuestionnaireTnd.objects.filter(publie=True).exclude(pk=self.instance.pk)
            for autre in autres:
                if regles.tranches_qui_se_chevauchent([regles.Tranche(debut, fin), autre.tranche()]):
                    raise ValidationError(
                        f"La tranche d'âge chevauche celle du questionnaire publié « {autre} » : "
                        "dépubliez-le d'abord."
                    )
        return cleaned


class QuestionnaireTnd(ClusterableModel):
    """The questionnaire of one age band: its questions, threshold and advice per outcome."""

    cle = models.SlugField(
        "clé", max_length=80, unique=True, help_text="Ex. « tnd-12-mois-2026-1 » : les réponses y renvoient."
    )
    titre = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    debut_mois = models.PositiveSmallIntegerField(
        "à partir de (mois)", validators=[MaxValueValidator(regles.AGE_MAX_MOIS)]
    )
    fin_mois = models.PositiveSmallIntegerField(
        "jusqu'avant (mois)",
        validators=[MinValueValidator(1), MaxValueValidator(regles.AGE_MAX_MOIS + 1)],
        help_text="Exclu : une tranche 12 → 18 vaut pour un enfant de 12 à 17 mois.",
    )
    seuil_consultation = models.PositiveSmallIntegerField(
        "seuil « en parler au médecin »",
        default=2,
        validators=[MinValueValidator(1)],
        help_text="Nombre de signes d'alerte à partir duquel le résultat conseille d'en parler au "
        "médecin (une question prioritaire suffit toujours).",
    )
    source_titre = models.CharField("source", max_length=300, help_text="La grille officielle citée.")
    source_url = models.URLField("lien de la source", blank=True)
    source_date = models.DateField("date de la source", null=True, blank=True)
    contenu_exemple = models.BooleanField(
        AVERTISSEMENT_EXEMPLE,
        default=False,
        help_text="Coché pour le contenu d'exemple livré avec le hub : il ne peut pas être publié.",
    )
    publie = models.BooleanField("publié", default=False)
    publie_le = models.DateTimeField("publié le", null=True, blank=True, editable=False)

    base_form_class = QuestionnaireTndForm
    panels = [
        FieldPanel("cle"),
        FieldPanel("titre"),
        FieldPanel("introduction"),
        FieldRowPanel([FieldPanel("debut_mois"), FieldPanel("fin_mois")], heading="Tranche d'âge"),
        FieldPanel("seuil_consultation"),
        MultiFieldPanel(
            [FieldPanel("source_titre"), FieldPanel("source_url"), FieldPanel("source_date")],
            heading="Source",
        ),
        InlinePanel("questions", label="Questions", min_num=1),
        InlinePanel("conseils", label="Résultats et conseils", min_num=1, max_num=3),
        FieldPanel("contenu_exemple"),
        FieldPanel("publie"),
    ]

    class Meta:
        ordering = ["debut_mois", "cle"]
        verbose_name = "questionnaire de repérage TND"
        verbose_name_plural = "questionnaires de repérage TND"

    def __str__(self):
        etat = "" if self.publie else " — brouillon"
        return f"{self.titre} ({self.debut_mois}–{self.fin_mois} mois){etat}"

    def save(self, *args, **kwargs):
        if self.publie and self.publie_le is None:
            self.publie_le = timezone.now()
        super().save(*args, **kwargs)

    def tranche(self) -> regles.Tranche:
        return regles.Tranche(self.debut_mois, self.fin_mois)

    def questions_ordonnees(self) -> list[QuestionTnd]:
        # By number, whatever sort_order says: the stored answers follow this order.
        return sorted(self.questions.all(), key=lambda q: q.numero)

    def regles_questions(self) -> list[regles.Question]:
        return [
            regles.Question(
                numero=q.numero,
                domaine=q.domaine.code,
                alerte_si=regles.Reponse(q.alerte_si),
                prioritaire=q.prioritaire,
            )
            for q in self.questions_ordonnees()
        ]


class QuestionTnd(Orderable):
    questionnaire = ParentalKey(QuestionnaireTnd, on_delete=models.CASCADE, related_name="questions")
    numero = models.PositiveSmallIntegerField("numéro")
    domaine = models.ForeignKey(DomaineTnd, on_delete=models.PROTECT, related_name="questions")
    libelle = models.TextField("libellé")
    aide = models.TextField(blank=True, help_text="Précision montrée sous la question (facultatif).")
    alerte_si = models.CharField(
        "signe d'alerte si la réponse est", max_length=3, choices=REPONSES, default=regles.Reponse.NON
    )
    prioritaire = models.BooleanField(
        default=False, help_text="Ce seul signe suffit à conseiller d'en parler au médecin."
    )

    panels = [
        FieldRowPanel([FieldPanel("numero"), FieldPanel("domaine")]),
        FieldPanel("libelle"),
        FieldPanel("aide"),
        FieldRowPanel([FieldPanel("alerte_si"), FieldPanel("prioritaire")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "question du repérage TND"
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "numero"], name="reperage_question_numero")
        ]


class ConseilTnd(Orderable):
    """What the result says for one outcome: never a diagnosis, whether to talk to the doctor."""

    questionnaire = ParentalKey(QuestionnaireTnd, on_delete=models.CASCADE, related_name="conseils")
    issue = models.CharField(max_length=24, choices=ISSUES)
    titre = models.CharField(max_length=200)
    conseil = models.TextField()

    panels = [FieldPanel("issue"), FieldPanel("titre"), FieldPanel("conseil")]

    class Meta(Orderable.Meta):
        verbose_name = "conseil du repérage TND"


class ReponseTnd(models.Model):
    """Anonymous answers: the questionnaire (hence the age band), the answers, the outcome, the
    day. Nothing identifying: no exact age, no time of day, no address, no device."""

    questionnaire = models.ForeignKey(QuestionnaireTnd, on_delete=models.PROTECT, related_name="reponses")
    debut_mois = models.PositiveSmallIntegerField()
    fin_mois = models.PositiveSmallIntegerField()
    reponses = models.JSONField(help_text="OUI / NON, dans l'ordre des numéros de question.")
    signes = models.JSONField(help_text="Numéros des questions en signe d'alerte.")
    issue = models.CharField(max_length=24, choices=ISSUES)
    partenaire = models.ForeignKey("epds.Partenaire", on_delete=models.PROTECT, related_name="reponses_tnd")
    idempotency_key = models.CharField(max_length=100, blank=True, default="")
    empreinte = models.CharField(max_length=64, blank=True, default="")
    recu_le = models.DateField("reçu le", default=timezone.localdate, db_index=True)

    class Meta:
        verbose_name = "réponse au repérage TND"
        verbose_name_plural = "réponses au repérage TND"
        constraints = [
            models.UniqueConstraint(
                fields=["partenaire", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="reperage_reponse_idempotence",
            )
        ]

    def __str__(self):
        return f"Réponse TND du {self.recu_le:%d/%m/%Y} ({self.get_issue_display()})"
