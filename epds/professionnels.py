"""The professionals' EPDS: a professional takes the test with a patient and gets the result
as a PDF at their own email, with the patient's consent. Nothing personal is kept after sending.

Who may receive it: only the email of a professional published in the directory (annuaire),
and only through a partner (API key with the EPDS scope, or declared origin: `hub.api.partners`),
within the mutation rate limits. The hub thus never sends health data to an address a caller
chose freely. Scoring is `epds.scoring`'s; the questionnaire is the hub's, in the language
taken and in French. The request stores one `EnvoiResultatPro` row whose payload is encrypted;
the worker builds the PDF in memory, sends it, then erases the payload (`epds.tasks`).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.crypto import constant_time_compare

from annuaire.models import Professionnel
from epds import scoring, tasks
from epds.models import EnvoiResultatPro, LangueEpds
from epds.soumissions import (
    cle_invalide,
    cle_reutilisee,
    empreinte,
    partenaire_actif,
    questionnaire_publie,
)
from hub.api.errors import ErreurSaisie
from hub.saisie import Saisie, SaisieInvalide

logger = logging.getLogger("epds.professionnels")


@dataclass(frozen=True)
class Contenu:
    """What the sending task needs, and all it needs: the payload encrypted on the row."""

    email: str
    langue: str
    version: str
    reponses: list[int]

    def chiffrable(self) -> str:
        """The JSON `epds.tasks` reads back (email, langue, version, reponses)."""
        return json.dumps(
            {"email": self.email, "langue": self.langue, "version": self.version, "reponses": self.reponses}
        )


def est_professionnel_publie(email: str) -> bool:
    return Professionnel.objects.publiees().filter(email__iexact=email).exists()


def evaluer(langue: str, version: str, reponses: list[int]):
    """The result, scored with the version answered in that language; French must exist too."""
    if not LangueEpds.objects.filter(code=langue).exists():
        raise SaisieInvalide([ErreurSaisie("LANGUE_INCONNUE", f"Langue inconnue « {langue} ».", "langue")])
    questionnaire = questionnaire_publie(langue, version)
    if questionnaire is None or questionnaire_publie("fr", version) is None:
        raise SaisieInvalide(
            [ErreurSaisie("VERSION_INCONNUE", "Version du questionnaire inconnue.", "version")]
        )
    try:
        return scoring.evaluer(reponses, questionnaire.bareme())
    except scoring.ReponsesInvalides as e:
        champ = "reponses" if e.index is None else f"reponses.{e.index}"
        raise SaisieInvalide([ErreurSaisie(e.code, e.message, champ)]) from None


def envoyer_resultat(
    *,
    source: str,
    langue: str,
    version: str,
    reponses: list[int],
    email: str,
    consentement: bool,
    idempotency_key: str | None = None,
) -> tuple[EnvoiResultatPro, scoring.Resultat]:
    """Checks everything, stores the encrypted payload and enqueues the send once committed."""
    partenaire = partenaire_actif(source)
    erreurs = cle_invalide(idempotency_key)
    if consentement is not True:
        erreurs.append(
            ErreurSaisie(
                "CONSENTEMENT_REQUIS", "Le consentement de la patiente est nécessaire.", "consentementPatient"
            )
        )
    saisie = Saisie()
    email = saisie.email(email, facultative=False)
    erreurs += saisie.erreurs
    if email and not est_professionnel_publie(email):
        erreurs.append(
            ErreurSaisie(
                "EMAIL_NON_PROFESSIONNEL",
                "Le résultat n'est envoyé qu'à l'adresse d'un professionnel de l'annuaire.",
                "email",
            )
        )
    try:
        resultat = evaluer(langue, version, reponses)
    except SaisieInvalide as e:
        erreurs += e.erreurs
    if erreurs:
        raise SaisieInvalide(erreurs)

    contenu = Contenu(email=email, langue=langue, version=version, reponses=list(reponses))
    envoi = EnvoiResultatPro(
        partenaire=partenaire,
        contenu=contenu.chiffrable(),
        idempotency_key=idempotency_key or "",
        empreinte=empreinte("envoi-pro", {"partenaire": partenaire.slug, **json.loads(contenu.chiffrable())})
        if idempotency_key
        else "",
    )
    try:
        with transaction.atomic():
            envoi.save()
            transaction.on_commit(lambda: _mettre_en_file(envoi.pk))
    except IntegrityError:
        existant = (
            EnvoiResultatPro.objects.filter(partenaire=partenaire, idempotency_key=idempotency_key).first()
            if idempotency_key
            else None
        )
        if existant is None:
            raise
        if not constant_time_compare(existant.empreinte, envoi.empreinte):
            logger.info("EPDS pro : clé d'idempotence réutilisée pour un autre envoi, refusée")
            raise cle_reutilisee() from None
        logger.info("EPDS pro : envoi déjà reçu avec cette clé, rien de plus n'est envoyé")
        return existant, resultat
    return envoi, resultat


def _mettre_en_file(envoi_pk: int) -> None:
    """Never raises once the request is stored (an error now would make the client send it again);
    a row left out of the queue stays « en attente » and is erased by the purge."""
    try:
        tasks.programmer_envoi_pro(envoi_pk)
    except Exception as erreur:  # noqa: BLE001 — the row is the durable record
        logger.warning("EPDS pro : envoi %s non mis en file (%s)", envoi_pk, type(erreur).__name__)
