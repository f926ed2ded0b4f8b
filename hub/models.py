"""Partners' API keys (the hub stores only a hash; the key is shown once, at creation), and the
abstract delivery row of an email sent by a task (`EnvoiCourriel`, whose rules are hub.tasks)."""

from __future__ import annotations

import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from hub.empreintes import sha256
from hub.tasks import StatutsEnvoi

KEY_PREFIX = "mj"


class CleApi(models.Model):
    class Portee(models.TextChoices):
        LECTURE = "lecture", "Lire les contenus"
        EPDS = "epds", "Soumettre des questionnaires EPDS"

    partenaire = models.ForeignKey(
        settings.HUB_PARTNER_MODEL, on_delete=models.CASCADE, related_name="cles_api"
    )
    nom = models.CharField(
        max_length=100, help_text="Pour s'y retrouver : « serveur de production », « recette »…"
    )
    identifiant = models.CharField(max_length=16, unique=True, editable=False)
    empreinte = models.CharField(max_length=64, editable=False)
    portee_lecture = models.BooleanField("lire les contenus", default=True)
    portee_epds = models.BooleanField("soumettre des questionnaires EPDS", default=False)
    creee_le = models.DateTimeField(auto_now_add=True)
    revoquee_le = models.DateTimeField("révoquée le", null=True, blank=True, editable=False)
    utilisee_le = models.DateTimeField("dernière utilisation", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "clé d'API"
        verbose_name_plural = "clés d'API"
        ordering = ["partenaire", "-creee_le"]

    def __str__(self):
        etat = " (révoquée)" if self.revoquee_le else ""
        return f"{self.partenaire} — {self.nom} [{self.identifiant}]{etat}"

    @property
    def active(self) -> bool:
        return self.revoquee_le is None

    def generer(self) -> str:
        """Sets a new secret and returns the full key, which is never stored."""
        self.identifiant = secrets.token_hex(6)
        key = f"{KEY_PREFIX}_{self.identifiant}_{secrets.token_urlsafe(32)}"
        self.empreinte = sha256(key)
        return key

    def revoquer(self) -> None:
        self.revoquee_le = timezone.now()
        self.save(update_fields=["revoquee_le"])

    @classmethod
    def verifier(cls, key: str) -> CleApi | None:
        """The active key matching `key`, or None (wrong, unknown or revoked)."""
        parts = key.split("_", 2)
        if len(parts) != 3 or parts[0] != KEY_PREFIX:
            return None
        cle = cls.objects.select_related("partenaire").filter(identifiant=parts[1]).first()
        if cle is None or not hmac.compare_digest(cle.empreinte, sha256(key)):
            return None
        if not cle.active or not cle.partenaire.actif:
            return None
        return cle


class WorkerHeartbeat(models.Model):
    """The last sign of life of a task worker (`manage.py worker`): its running tasks are put
    back in the queue when it has been silent longer than `WORKER_BAIL_SECONDES`."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "worker de tâches"

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.seen_at:%Y-%m-%d %H:%M:%S})"


class EcritureReference(models.Model):
    """What a reference loader last wrote to one row it owns (hub/reference.py): the row's key and
    the SHA-256 of the values written. A row whose values no longer hash to it was changed by an
    editor, and the loaders leave it alone."""

    modele = models.CharField("modèle", max_length=100)
    cle = models.CharField("clé", max_length=200)
    objet_id = models.PositiveBigIntegerField("identifiant de la ligne")
    empreinte = models.CharField(max_length=64)
    ecrit_le = models.DateTimeField("écrit le", auto_now=True)

    class Meta:
        verbose_name = "écriture de référence"
        verbose_name_plural = "écritures de référence"
        constraints = [models.UniqueConstraint(fields=["modele", "cle"], name="ecriture_reference_unique")]

    def __str__(self):
        return f"{self.modele} {self.cle}"


# --- Delivery of an email by a task (hub.tasks) ----------------------------------------------


class StatutEnvoi(models.TextChoices):
    EN_ATTENTE = "en_attente", "en attente"
    ENVOYE = "envoye", "envoyé"
    ABANDONNE = "abandonne", "abandonné"
    INCERTAIN = "incertain", "envoi incertain (à vérifier)"


def champ_statut_envoi(statuts: type[models.TextChoices]) -> models.CharField:
    """The `statut` of a delivery row, with its model's stored values (pending first)."""
    return models.CharField(max_length=12, choices=statuts.choices, default=statuts.EN_ATTENTE, db_index=True)


class EnvoiCourriel(models.Model):
    """The delivery state of one email, the row `hub.tasks.envoyer_courriel_avec_reprise` retries
    from: where it stands, the attempts made and the next one, the last error (its class, never
    an address), the Message-ID and the « envoi en cours » mark that keep it to at most one email
    accepted, and when it was accepted. Only the rules of hub.tasks write these fields.

    `STATUTS` names the stored value of each state; a model whose values differ (the EPDS
    notifications, in the feminine) declares its own `Statut`, `statut` and `STATUTS` together."""

    Statut = StatutEnvoi
    STATUTS = StatutsEnvoi(
        en_attente=StatutEnvoi.EN_ATTENTE,
        envoye=StatutEnvoi.ENVOYE,
        abandonne=StatutEnvoi.ABANDONNE,
        incertain=StatutEnvoi.INCERTAIN,
    )

    statut = champ_statut_envoi(StatutEnvoi)
    tentatives = models.PositiveSmallIntegerField(default=0)
    prochaine_tentative = models.DateTimeField(null=True, blank=True)
    derniere_erreur = models.CharField(max_length=200, blank=True)
    envoye_le = models.DateTimeField("envoyé le", null=True, blank=True)
    message_id = models.CharField("Message-ID", max_length=200, blank=True)
    envoi_en_cours_le = models.DateTimeField("envoi en cours depuis", null=True, blank=True)

    class Meta:
        abstract = True
