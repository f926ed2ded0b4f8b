"""Professionals keep their own entry current: link, proposal, editor's decision.

1. An editor sends a single-use link (`envoyer_lien`): a random token, only its hash stored,
   valid ANNUAIRE_LIEN_VALIDITE_JOURS days; the email goes through the durable task queue.
2. The professional submits the form (`proposer`): the link is spent and a
   `ModificationProposee` waits, holding only the fields that changed (or a removal request).
3. An editor approves (`approuver`: the entry gets the values and is verified today, or is
   unpublished for a removal) or rejects (`rejeter`: the entry is left as it is).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from annuaire.models import LienModification, ModificationProposee, Professionnel
from annuaire.tasks import programmer_envoi_lien
from epds.crypto import chiffrer
from hub.empreintes import sha256
from hub.formats import afficher_telephone, telephone_francais

# Fields a professional may change, in form order.
CHAMPS_MODIFIABLES = (
    "telephone",
    "email",
    "site_web",
    "adresse",
    "code_postal",
    "commune",
    "tarif",
    "conventionne",
    "teleconsultation",
    "langues",
    "note",
)


class LienInvalide(Exception):
    """The token matches no link (`inconnu`), or its link was used (`utilise`) or expired (`expire`)."""

    def __init__(self, raison: str):
        super().__init__(raison)
        self.raison = raison


def validite_lien() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "ANNUAIRE_LIEN_VALIDITE_JOURS", 7))


def hacher(jeton: str) -> str:
    return sha256(jeton)


def envoyer_lien(professionnel: Professionnel, envoye_par=None) -> tuple[LienModification, str]:
    """Creates a link and enqueues its email once the transaction commits; returns (link, token).

    The task receives the token encrypted (the queue is a database table too).
    """
    if not professionnel.email:
        raise ValueError("Cette fiche n'a pas d'adresse e-mail.")
    jeton = secrets.token_urlsafe(32)
    with transaction.atomic():
        lien = LienModification.objects.create(
            professionnel=professionnel,
            jeton_hash=hacher(jeton),
            expire_le=timezone.now() + validite_lien(),
            envoye_par=envoye_par,
        )
        jeton_chiffre = chiffrer(jeton)
        transaction.on_commit(lambda: programmer_envoi_lien(lien.pk, jeton_chiffre))
    return lien, jeton


def trouver_lien(jeton: str, *, pour_modifier: bool = False) -> LienModification:
    """The usable link of this token, else `LienInvalide`. `pour_modifier` locks the row."""
    if not jeton or len(jeton) > 200:
        raise LienInvalide("inconnu")
    liens = LienModification.objects.select_related("professionnel")
    if pour_modifier:
        liens = liens.select_for_update(of=("self",))
    lien = liens.filter(jeton_hash=hacher(jeton)).first()
    if lien is None:
        raise LienInvalide("inconnu")
    if lien.utilise_le is not None:
        raise LienInvalide("utilise")
    if lien.expire:
        raise LienInvalide("expire")
    return lien


def valeurs_actuelles(professionnel: Professionnel) -> dict:
    valeurs = {champ: getattr(professionnel, champ) for champ in CHAMPS_MODIFIABLES}
    if valeurs.get("telephone"):  # entries stored before numbers were kept in E.164
        valeurs["telephone"] = (
            telephone_francais(valeurs["telephone"], numeros_courts=True) or valeurs["telephone"]
        )
    return valeurs


def proposer(
    jeton: str, valeurs: dict, *, suppression: bool = False, commentaire: str = ""
) -> ModificationProposee:
    """Records the professional's proposal and spends the link (one proposal per link).

    `valeurs` are validated form values; only those that differ from the entry are kept.
    """
    with transaction.atomic():
        lien = trouver_lien(jeton, pour_modifier=True)
        actuelles = valeurs_actuelles(lien.professionnel)
        champs = {
            champ: valeurs[champ]
            for champ in CHAMPS_MODIFIABLES
            if champ in valeurs and valeurs[champ] != actuelles[champ]
        }
        lien.utilise_le = timezone.now()
        lien.save(update_fields=["utilise_le"])
        return ModificationProposee.objects.create(
            professionnel=lien.professionnel,
            lien=lien,
            type=ModificationProposee.Type.SUPPRESSION
            if suppression
            else ModificationProposee.Type.MODIFICATION,
            champs_proposes={} if suppression else champs,
            commentaire=commentaire,
        )


@dataclass(frozen=True)
class Difference:
    champ: str
    libelle: str
    actuelle: str
    proposee: str


def _affichage(valeur, champ: str) -> str:
    if valeur is None or valeur == "" or valeur == []:
        return "—"
    if champ == "telephone":
        return afficher_telephone(valeur)
    if valeur is True:
        return "Oui"
    if valeur is False:
        return "Non"
    if isinstance(valeur, list):
        return ", ".join(valeur)
    return str(valeur)


def differences(modification: ModificationProposee) -> list[Difference]:
    """Current value vs proposed value, per changed field, for the editor."""
    pro = modification.professionnel
    resultat = []
    for champ in CHAMPS_MODIFIABLES:
        if champ in modification.champs_proposes:
            libelle = str(Professionnel._meta.get_field(champ).verbose_name)
            resultat.append(
                Difference(
                    champ,
                    libelle[:1].upper() + libelle[1:],
                    _affichage(getattr(pro, champ), champ),
                    _affichage(modification.champs_proposes[champ], champ),
                )
            )
    return resultat


def _decider(modification_id: int, user, statut: str, motif: str = "") -> ModificationProposee:
    modification = ModificationProposee.a_decider(
        modification_id, ModificationProposee.objects.select_related("professionnel")
    )
    modification.decider(statut, user, motif)
    return modification


def approuver(modification_id: int, user) -> ModificationProposee:
    """Applies the proposal: new values and verified today, or unpublished for a removal."""
    with transaction.atomic():
        modification = _decider(modification_id, user, ModificationProposee.Statut.APPROUVEE)
        pro = Professionnel.objects.select_for_update().get(pk=modification.professionnel_id)
        if modification.type == ModificationProposee.Type.SUPPRESSION:
            pro.publie = False
        else:
            for champ, valeur in modification.champs_proposes.items():
                if champ in CHAMPS_MODIFIABLES:
                    setattr(pro, champ, valeur)
            if "code_postal" in modification.champs_proposes:
                pro.departement = None  # deduced again from the new postcode on save
            pro.verifie_le = timezone.localdate()
        pro.save()  # post_save advances the API cache generation
        modification.professionnel = pro
    return modification


def rejeter(modification_id: int, user, motif: str = "") -> ModificationProposee:
    """Closes the proposal; the entry is left as it is."""
    with transaction.atomic():
        return _decider(modification_id, user, ModificationProposee.Statut.REJETEE, motif)
