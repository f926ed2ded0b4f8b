"""Domain functions behind the « repérage TND » API: the questionnaire of an age, and answers.

The outcome is computed here, on the server, by `reperage.regles`; the client sends only the
answers. Bad input raises `SaisieInvalide` before anything is stored. Idempotency, the partner
and the refusal of a reused key are those of the EPDS (`epds.soumissions`).
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils.crypto import constant_time_compare

from epds.soumissions import cle_invalide, cle_reutilisee, empreinte, partenaire_actif
from hub.api.errors import ErreurSaisie
from hub.saisie import SaisieInvalide
from reperage import regles
from reperage.models import ConseilTnd, QuestionnaireTnd, QuestionTnd, ReponseTnd

logger = logging.getLogger("reperage")


def _publies():
    return QuestionnaireTnd.objects.filter(publie=True).prefetch_related(
        Prefetch("questions", queryset=QuestionTnd.objects.select_related("domaine")),
        "conseils",
    )


def questionnaire_pour_age(age_mois: int) -> QuestionnaireTnd | None:
    """The published questionnaire whose band holds the age, None when no band does.

    Raises `regles.SaisieRefusee` (AGE_INVALIDE) for an age outside 0–72 months."""
    regles.verifier_age(age_mois)
    candidats = list(
        QuestionnaireTnd.objects.filter(publie=True, debut_mois__lte=age_mois, fin_mois__gt=age_mois)
        .order_by("-publie_le", "-pk")
        .values_list("pk", "debut_mois", "fin_mois")
    )
    index = regles.tranche_pour(age_mois, [regles.Tranche(d, f) for _, d, f in candidats])
    if index is None:
        return None
    return _publies().get(pk=candidats[index][0])


def conseil_pour(questionnaire: QuestionnaireTnd, issue: str) -> ConseilTnd | None:
    return next((c for c in questionnaire.conseils.all() if c.issue == issue), None)


def soumettre(
    *, source: str, questionnaire: str, reponses: list[str], idempotency_key: str | None = None
) -> ReponseTnd:
    """Stores the anonymous answers and returns them with their outcome (`questionnaire_tnd`
    is the questionnaire, prefetched, for the advice)."""
    partenaire = partenaire_actif(source)
    trouve = _publies().filter(cle=questionnaire).first()
    if trouve is None:
        raise SaisieInvalide(
            [ErreurSaisie("QUESTIONNAIRE_INCONNU", "Questionnaire inconnu ou non publié.", "questionnaire")]
        )
    erreurs = cle_invalide(idempotency_key)
    try:
        resultat = regles.evaluer(reponses, trouve.regles_questions(), trouve.seuil_consultation)
    except regles.SaisieRefusee as e:
        erreurs.append(ErreurSaisie(e.code, e.message, e.champ))
    if erreurs:
        raise SaisieInvalide(erreurs)

    reponse = ReponseTnd(
        questionnaire=trouve,
        debut_mois=trouve.debut_mois,
        fin_mois=trouve.fin_mois,
        reponses=list(reponses),
        signes=list(resultat.signes),
        issue=resultat.issue.value,
        partenaire=partenaire,
        idempotency_key=idempotency_key or "",
        empreinte=empreinte(
            "reperage", {"partenaire": partenaire.slug, "questionnaire": trouve.cle, "reponses": reponses}
        )
        if idempotency_key
        else "",
    )
    reponse.domaines = list(resultat.domaines)
    try:
        with transaction.atomic():
            reponse.save()
    except IntegrityError:
        # The same key again: the first answer for the same payload, a refusal for another one.
        existante = (
            ReponseTnd.objects.filter(partenaire=partenaire, idempotency_key=idempotency_key).first()
            if idempotency_key
            else None
        )
        if existante is None:
            raise
        if not constant_time_compare(existante.empreinte, reponse.empreinte):
            logger.info("Repérage TND : clé d'idempotence réutilisée pour d'autres réponses, refusée")
            raise cle_reutilisee() from None
        existante.domaines = reponse.domaines
        reponse = existante
    reponse.questionnaire_tnd = trouve
    return reponse
