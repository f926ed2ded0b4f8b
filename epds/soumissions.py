"""Domain functions behind the public mutations: validate, score, store, open cases.

Bad input raises `SaisieInvalide` (a list of `ErreurSaisie`) before anything is stored; the
mutations turn it into `ErreurChamp` data. Scoring and policy come from `epds.scoring`.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from wagtail.log_actions import log

from epds import dossiers, scoring, tasks
from epds import saisie as saisie_epds
from epds.models import (
    DemandeContact,
    DossierSuivi,
    LangueEpds,
    Notification,
    ParametresEpds,
    Partenaire,
    QuestionnaireEpds,
    RessourceEpds,
    SoumissionEpds,
)
from hub.api.cache import memo
from hub.api.errors import ErreurSaisie
from hub.empreintes import sha256
from hub.saisie import Saisie, SaisieInvalide

logger = logging.getLogger("epds")

# Metropolitan France and the overseas départements and collectivités with French numbering.


# --- The opaque token -------------------------------------------------------------------------
# Derived with the server's secret from the random submission UUID, so that an idempotent replay
# returns the same token; only its SHA-256 is stored, and nothing public reveals the UUID's key.


def jeton_de(soumission_uuid) -> str:
    return salted_hmac("epds.jeton-resultat", str(soumission_uuid), algorithm="sha256").hexdigest()


def hash_jeton(jeton: str) -> str:
    return sha256(jeton)


# --- Idempotency ------------------------------------------------------------------------------
# A key replays a request only when the payload is the one first sent with it: the fingerprint
# is an HMAC (server secret) of the canonical JSON of everything the request carries, so two
# parents sharing a key (a buggy client, a guessed key) never see each other's result.


def empreinte(nature: str, contenu: dict) -> str:
    canonique = json.dumps(contenu, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return salted_hmac(f"epds.empreinte.{nature}", canonique, algorithm="sha256").hexdigest()


def cle_reutilisee() -> SaisieInvalide:
    return SaisieInvalide(
        [
            ErreurSaisie(
                "CLE_IDEMPOTENCE_REUTILISEE",
                "Cette clé d'idempotence a déjà servi pour une autre demande : utilisez une nouvelle clé.",
                "idempotencyKey",
            )
        ]
    )


def cle_invalide(idempotency_key: str | None) -> list[ErreurSaisie]:
    if idempotency_key is not None and not 1 <= len(idempotency_key) <= 100:
        return [
            ErreurSaisie(
                "CLE_IDEMPOTENCE_INVALIDE", "Clé d'idempotence de 1 à 100 caractères.", "idempotencyKey"
            )
        ]
    return []


# --- soumettreEpds -----------------------------------------------------------------------------


@dataclass
class Demographie:
    genre: str = ""
    tranche_age: str = ""
    departement: str = ""
    situation: str = ""
    mois: int | None = None
    entourage_aide: bool | None = None
    categorie_pcs: int | None = None


def _valider_demographie(d: Demographie | None) -> list[ErreurSaisie]:
    if d is None:
        return []
    saisie = Saisie()
    choix = [
        ("demographie.genre", d.genre, SoumissionEpds.Genre.values),
        ("demographie.trancheAge", d.tranche_age, SoumissionEpds.TrancheAge.values),
        ("demographie.situation", d.situation, SoumissionEpds.Situation.values),
    ]
    for champ, valeur, valeurs in choix:
        if valeur and valeur not in valeurs:
            saisie.refuser("VALEUR_INCONNUE", f"Valeur inconnue « {valeur} ».", champ)
    saisie.departement(d.departement, "demographie.departement")
    if d.mois is not None and not 0 <= d.mois <= 60:
        saisie.refuser("MOIS_INVALIDE", "Le nombre de mois doit être entre 0 et 60.", "demographie.mois")
    if d.categorie_pcs is not None and not 1 <= d.categorie_pcs <= 8:
        saisie.refuser(
            "PCS_INVALIDE",
            "La catégorie doit être entre 1 et 8.",
            "demographie.categorieSocioProfessionnelle",
        )
    return saisie.erreurs


def partenaire_actif(source: str) -> Partenaire:
    """The widget source. Origins and API keys are checked by the endpoint (hub.api.partners)."""
    partenaire = memo(
        f"epds:partenaire:{source}",
        lambda: Partenaire.objects.filter(slug=source, actif=True).first(),
        local=True,
    )
    if partenaire is None:
        raise SaisieInvalide([ErreurSaisie("SOURCE_INCONNUE", "Source inconnue ou inactive.", "source")])
    return partenaire


def questionnaire_publie(langue: str, version: str | None = None) -> QuestionnaireEpds | None:
    return QuestionnaireEpds.publie_en(langue, version)


def _questionnaire_et_bareme(langue: str, version: str):
    questionnaire = questionnaire_publie(langue, version)
    return questionnaire, (questionnaire.bareme() if questionnaire is not None else None)


def soumettre(
    *,
    source: str,
    langue: str,
    version: str,
    reponses: list[int],
    duree_secondes: int | None = None,
    idempotency_key: str | None = None,
    demographie: Demographie | None = None,
) -> tuple[SoumissionEpds, bool]:
    """Returns the stored submission and whether a follow-up case is open for it."""
    partenaire = partenaire_actif(source)
    erreurs = []
    if not memo(f"epds:langue:{langue}", lambda: LangueEpds.objects.filter(code=langue).exists(), local=True):
        raise SaisieInvalide([ErreurSaisie("LANGUE_INCONNUE", f"Langue inconnue « {langue} ».", "langue")])
    questionnaire, bareme = memo(
        f"epds:bareme:{langue}:{version}", lambda: _questionnaire_et_bareme(langue, version), local=True
    )
    if questionnaire is None:
        raise SaisieInvalide(
            [ErreurSaisie("VERSION_INCONNUE", "Version du questionnaire inconnue.", "version")]
        )
    if duree_secondes is not None and not 0 <= duree_secondes <= 86_400:
        erreurs.append(ErreurSaisie("DUREE_INVALIDE", "Durée invalide.", "dureeSecondes"))
    erreurs += cle_invalide(idempotency_key)
    erreurs += _valider_demographie(demographie)
    try:
        seuil = memo("epds:seuil", lambda: ParametresEpds.load().seuil_suivi, local=True)
        resultat = scoring.evaluer(reponses, bareme, seuil=seuil)
    except scoring.ReponsesInvalides as e:
        champ = "reponses" if e.index is None else f"reponses.{e.index}"
        erreurs.append(ErreurSaisie(e.code, e.message, champ))
    if erreurs:
        raise SaisieInvalide(erreurs)

    d = demographie or Demographie()
    soumission = SoumissionEpds(
        questionnaire=questionnaire,
        langue=langue,
        partenaire=partenaire,
        points=list(resultat.points),
        score=resultat.score,
        niveau=resultat.niveau.value,
        alerte_question_10=resultat.alerte_question_10,
        duree_secondes=duree_secondes,
        genre=d.genre,
        tranche_age=d.tranche_age,
        departement=d.departement,
        situation=d.situation,
        mois=d.mois,
        entourage_aide=d.entourage_aide,
        categorie_pcs=d.categorie_pcs,
        idempotency_key=idempotency_key or "",
        empreinte=empreinte(
            "soumission",
            {
                "partenaire": partenaire.slug,
                "langue": langue,
                "version": version,
                "reponses": list(reponses),
                "duree_secondes": duree_secondes,
                "demographie": dataclasses.asdict(d),
            },
        )
        if idempotency_key
        else "",
    )
    soumission.jeton = jeton_de(soumission.uuid)  # answered as is: derived once
    soumission.jeton_hash = hash_jeton(soumission.jeton)
    # Everything the answer shows is known before the commit: nothing read afterwards can fail
    # and turn a stored submission into an error (the client would send it again).
    soumission.ressources = ressources_pour(soumission)
    try:
        _enregistrer(soumission, ouvrir_dossier=resultat.suivi_requis)
    except IntegrityError:
        # A retry (or a concurrent request) with the same idempotency key: the unique constraint
        # refused the copy, nothing new is stored. Inserting first costs no lookup on the usual
        # path, the one of a first submission. The first result is returned only for the same
        # payload; another payload under a used key is refused and learns nothing of the first.
        existante = _soumission_existante(partenaire, idempotency_key) if idempotency_key else None
        if existante is None:
            raise
        if not existante.empreinte or not constant_time_compare(existante.empreinte, soumission.empreinte):
            logger.info("EPDS: clé d'idempotence réutilisée pour d'autres réponses, refusée")
            raise cle_reutilisee() from None
        logger.info("EPDS: soumission déjà reçue avec cette clé d'idempotence, premier résultat renvoyé")
        existante.ressources = soumission.ressources  # same payload: same level, same alert
        return existante, hasattr(existante, "dossier")
    return soumission, resultat.suivi_requis


def _enregistrer(soumission: SoumissionEpds, *, ouvrir_dossier: bool) -> None:
    """Stores the submission, and its follow-up case in the same transaction when one opens.

    Without a case the INSERT is the whole write: in autocommit it is its own transaction,
    committed (durably) when it returns — no BEGIN and COMMIT round trips around it. Inside a
    caller's transaction it gets a savepoint, so that a refused duplicate (idempotency key)
    leaves that transaction usable for the lookup that follows."""
    if ouvrir_dossier:
        with transaction.atomic():
            soumission.save()
            dossiers.ouvrir_pour_soumission(soumission)
    elif transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            soumission.save()
    else:
        soumission.save()


def _soumission_existante(partenaire, cle):
    return (
        SoumissionEpds.objects.select_related("dossier")
        .filter(partenaire=partenaire, idempotency_key=cle)
        .first()
    )


def _ressources_de_langue(langue: str) -> list[RessourceEpds]:
    qs = RessourceEpds.objects.filter(locale__language_code=langue)
    if not qs.exists():
        qs = RessourceEpds.objects.filter(locale__language_code="fr")
    return list(qs.order_by("ordre", "pk"))


def ressources_d_urgence(langue: str) -> list[RessourceEpds]:
    """The emergency resources in a language (French when it has none), in their order."""
    ressources = memo(f"epds:ressources:{langue}", lambda: _ressources_de_langue(langue), local=True)
    return [r for r in ressources if r.urgence]


def ressources_pour(soumission: SoumissionEpds) -> list[RessourceEpds]:
    """Resources of the submission's level, in its language (French when none); emergency first on an alert."""
    champ = RessourceEpds.CHAMP_PAR_NIVEAU[soumission.niveau]
    ressources = memo(
        f"epds:ressources:{soumission.langue}", lambda: _ressources_de_langue(soumission.langue), local=True
    )
    du_niveau = [r for r in ressources if getattr(r, champ)]
    if not soumission.alerte_question_10:
        return du_niveau
    return ressources_d_urgence(soumission.langue) + [r for r in du_niveau if not r.urgence]


# --- demanderContact ---------------------------------------------------------------------------


def _nouvelle_reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "EPDS-" + "".join(secrets.choice(alphabet) for _ in range(8))


def _champs_de_demande(
    *,
    prenom: str,
    canal: str,
    telephone: str | None = None,
    email: str | None = None,
    creneaux: list[str] | None = None,
    nombre_enfants: int | None = None,
    naissance_dernier_enfant: date | None = None,
    departement: str | None = None,
    consentement: bool = False,
    confirmation: bool = False,
    idempotency_key: str | None = None,
) -> dict:
    """The fields of a contact request as stored, or `SaisieInvalide`: the one set of rules of
    every request, with or without a test behind it."""
    saisie = Saisie()
    saisie.erreurs += cle_invalide(idempotency_key)
    prenom = saisie_epds.prenom(saisie, prenom, requis=True)
    if canal not in DemandeContact.Canal.values:
        saisie.refuser("CANAL_INCONNU", "Moyen de contact inconnu.", "canal")
    telephone_e164 = saisie.telephone(telephone)
    if not (telephone or "").strip() and canal in ("SMS", "TELEPHONE", "WHATSAPP"):
        saisie.refuser("TELEPHONE_REQUIS", "Un numéro est nécessaire pour ce canal.", "telephone")
    if not (email or "").strip() and (canal == "EMAIL" or confirmation):
        saisie.refuser("EMAIL_REQUIS", "Une adresse email est nécessaire.", "email")
    email = saisie.email(email)
    departement = saisie.departement(departement)
    if nombre_enfants is not None and not 0 <= nombre_enfants <= 20:
        saisie.refuser("NOMBRE_ENFANTS_INVALIDE", "Nombre d'enfants invalide.", "nombreEnfants")
    if naissance_dernier_enfant is not None and naissance_dernier_enfant > timezone.localdate():
        saisie.refuser("DATE_INVALIDE", "La date de naissance est dans le futur.", "naissanceDernierEnfant")
    if consentement is not True:
        saisie.refuser("CONSENTEMENT_REQUIS", "Le consentement est nécessaire.", "consentement")
    saisie.verifier()
    return {
        "prenom": prenom,
        "telephone": telephone_e164,
        "email": email,
        "canal": canal,
        "creneaux": list(dict.fromkeys(creneaux or [])),
        "nombre_enfants": nombre_enfants,
        "naissance_dernier_enfant": naissance_dernier_enfant,
        "departement": departement,
        "confirmation_demandee": confirmation,
    }


def demander_contact(
    *,
    resultat: str,
    jeton: str,
    prenom: str,
    canal: str,
    telephone: str | None = None,
    email: str | None = None,
    creneaux: list[str] | None = None,
    nombre_enfants: int | None = None,
    naissance_dernier_enfant: date | None = None,
    departement: str | None = None,
    consentement: bool = False,
    confirmation: bool = False,
    idempotency_key: str | None = None,
) -> DemandeContact:
    """Stores a contact request and its notifications (enqueued once committed).

    With an `idempotency_key`, the same request sent again (same result, same fields) answers
    the first request's reference and stores and sends nothing more; other fields under a used
    key are refused (`CLE_IDEMPOTENCE_REUTILISEE`)."""
    soumission = _soumission_du_jeton(resultat, jeton)
    champs = _champs_de_demande(
        prenom=prenom,
        canal=canal,
        telephone=telephone,
        email=email,
        creneaux=creneaux,
        nombre_enfants=nombre_enfants,
        naissance_dernier_enfant=naissance_dernier_enfant,
        departement=departement,
        consentement=consentement,
        confirmation=confirmation,
        idempotency_key=idempotency_key,
    )
    empreinte_demande = (
        empreinte("demande", {"resultat": str(soumission.uuid), **champs}) if idempotency_key else ""
    )
    try:
        return _enregistrer_demande(soumission, idempotency_key or "", empreinte_demande, **champs)
    except IntegrityError:
        # Two copies raced past the lookup: the unique constraint kept one; answer as a replay.
        existante = (
            DemandeContact.objects.filter(
                dossier__soumission=soumission, idempotency_key=idempotency_key
            ).first()
            if idempotency_key
            else None
        )
        if existante is None:
            raise
        return _rejouer(existante, empreinte_demande)


def demander_contact_sans_test(*, source: str, langue: str = "", **coordonnees) -> DemandeContact:
    """A parent who asks to be contacted without taking the test (the earlier service's
    « fromEmail » links): the fields (`coordonnees`, those of `demander_contact`), the rules,
    the notifications and the idempotency of `demander_contact`, on a case of its own with no
    submission behind it (`DossierSuivi.CanalArrivee.DEMANDE_SANS_TEST`).

    The partner comes first, as for a submission (`SOURCE_INCONNUE`). With no case to lock
    before it exists, replays of one key are serialised on the partner's row (FOR NO KEY
    UPDATE: the submissions' inserts, which only share-lock it, never wait)."""
    partenaire = partenaire_actif(source)
    if langue and not memo(
        f"epds:langue:{langue}", lambda: LangueEpds.objects.filter(code=langue).exists(), local=True
    ):
        raise SaisieInvalide([ErreurSaisie("LANGUE_INCONNUE", f"Langue inconnue « {langue} ».", "langue")])
    idempotency_key = coordonnees.get("idempotency_key")
    champs = _champs_de_demande(**coordonnees)
    empreinte_demande = (
        empreinte("demande-sans-test", {"partenaire": partenaire.slug, "langue": langue, **champs})
        if idempotency_key
        else ""
    )
    with transaction.atomic():
        if idempotency_key:
            list(Partenaire.objects.select_for_update(no_key=True).filter(pk=partenaire.pk).values("pk"))
            existante = DemandeContact.objects.filter(
                idempotency_key=idempotency_key,
                dossier__partenaire=partenaire,
                dossier__canal_arrivee=DossierSuivi.CanalArrivee.DEMANDE_SANS_TEST,
            ).first()
            if existante is not None:
                return _rejouer(existante, empreinte_demande)
        maintenant = timezone.now()
        dossier = dossiers.ouvrir_pour_demande_sans_test(partenaire, maintenant, champs["departement"])
        return _creer_demande(dossier, idempotency_key or "", empreinte_demande, langue=langue, **champs)


def _rejouer(existante: DemandeContact, empreinte_demande: str) -> DemandeContact:
    if not existante.empreinte or not constant_time_compare(existante.empreinte, empreinte_demande):
        logger.info("EPDS: clé d'idempotence de demande de contact réutilisée, refusée")
        raise cle_reutilisee()
    logger.info("EPDS: demande de contact déjà reçue avec cette clé, même référence renvoyée")
    return existante


def _enregistrer_demande(
    soumission, idempotency_key: str, empreinte_demande: str, **champs
) -> DemandeContact:
    with transaction.atomic():
        dossier, ouvert = dossiers.dossier_verrouille_pour(soumission)
        if idempotency_key and not ouvert:
            # The case is locked: a copy of this request cannot be stored meanwhile.
            existante = DemandeContact.objects.filter(
                dossier=dossier, idempotency_key=idempotency_key
            ).first()
            if existante is not None:
                return _rejouer(existante, empreinte_demande)
        dossiers.demande_recue(dossier, timezone.now(), departement=champs["departement"])
        return _creer_demande(dossier, idempotency_key, empreinte_demande, **champs)


def _creer_demande(dossier, idempotency_key: str, empreinte_demande: str, **champs) -> DemandeContact:
    """The request, its audit line and its notifications, inside the caller's transaction; the
    emails are enqueued once it commits."""
    demande = DemandeContact.objects.create(
        dossier=dossier,
        reference=_nouvelle_reference(),
        idempotency_key=idempotency_key,
        empreinte=empreinte_demande,
        consentement_le=timezone.now(),
        **champs,
    )
    log(dossier, "epds.demande_contact", data={"reference": demande.reference, "canal": demande.canal})
    notifications = [
        Notification.objects.create(demande=demande, destinataire=Notification.Destinataire.EQUIPE)
    ]
    if demande.confirmation_demandee:
        notifications.append(
            Notification.objects.create(demande=demande, destinataire=Notification.Destinataire.PARENT)
        )
    for notification in notifications:
        transaction.on_commit(lambda pk=notification.pk: _mettre_en_file(pk))
    return demande


def _mettre_en_file(notification_pk: int) -> None:
    """Enqueues a notification once the request is committed, and never raises: the parent's
    request is stored, the answer must say so (an error now would make the client send it
    again). A notification left out of the queue stays « en attente » on its row, where
    `renvoyer_notifications_epds` (run periodically) picks it up."""
    try:
        tasks.programmer_envoi(notification_pk)
    except Exception as erreur:  # noqa: BLE001 — any failure: the row is the durable record
        logger.warning(
            "EPDS: notification %s non mise en file (%s), reprise par renvoyer_notifications_epds",
            notification_pk,
            type(erreur).__name__,
        )


def _soumission_du_jeton(resultat: str, jeton: str) -> SoumissionEpds:
    invalide = SaisieInvalide(
        [ErreurSaisie("JETON_INVALIDE", "Résultat inconnu ou jeton invalide.", "jeton")]
    )
    try:
        soumission = SoumissionEpds.objects.get(uuid=resultat)
    except (SoumissionEpds.DoesNotExist, ValidationError, ValueError):
        raise invalide from None
    if not jeton or not constant_time_compare(hash_jeton(jeton), soumission.jeton_hash):
        raise invalide
    return soumission
