"""Subscribing to the parent's calendar: the opaque token that carries the choice, and the `.ics`.

The reference date (a due date or a birth date) is personal data: the hub never stores it and
never writes it in an address in readable form. The choice — situation, date, options — is
encrypted (Fernet, `epds.crypto`, the hub's one home for encryption) into a token that goes in
the PATH of the subscription links (`/calendrier/<jeton>/`, `/calendrier/<jeton>.ics`); the
token is the only copy, held by the parents' calendar apps. Whoever holds the link reads the
calendar (it is what the co-parent is sent): treat it as a secret address.

UIDs are derived from the event's slug and the reference date, so a subscribed calendar updates
an appointment when editors change it, instead of adding a duplicate.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from cryptography.fernet import InvalidToken
from icalendar import Alarm, Calendar, Event

from contenus import parcours, services
from epds import crypto

# How long before an essential appointment the optional reminder (VALARM) rings.
RAPPEL_AVANT = timedelta(days=7)
# A Fernet token is URL-safe base64; its "=" padding is dropped from addresses and put back here.
_JETON = re.compile(r"[A-Za-z0-9_-]{40,400}")
_ABREGE = {parcours.Situation.GROSSESSE: "G", parcours.Situation.ENFANT: "E"}
_SITUATION = {v: k for k, v in _ABREGE.items()}


class JetonInvalide(ValueError):
    """A token the hub did not make (mistyped, truncated, or made with a key since removed)."""


@dataclass(frozen=True)
class Abonnement:
    situation: parcours.Situation
    reference: date
    essentiels: bool = False  # only the essential appointments
    rappels: bool = False  # a reminder a week before each essential appointment


def jeton(abonnement: Abonnement) -> str:
    """The opaque token of a subscription (a new one each time: Fernet's IV is random)."""
    options = ("e" if abonnement.essentiels else "") + ("r" if abonnement.rappels else "")
    clair = f"{_ABREGE[abonnement.situation]}{abonnement.reference:%Y%m%d}{options}"
    return crypto.chiffrer(clair).rstrip("=")


def lire_jeton(valeur: str) -> Abonnement:
    if not isinstance(valeur, str) or not _JETON.fullmatch(valeur):
        raise JetonInvalide("Ce lien de calendrier n'est pas complet.")
    try:
        clair = crypto.dechiffrer(valeur + "=" * (-len(valeur) % 4))
    except (InvalidToken, ValueError):
        raise JetonInvalide("Ce lien de calendrier n'est pas valable.") from None
    situation = _SITUATION.get(clair[:1])
    try:
        reference = datetime.strptime(clair[1:9], "%Y%m%d").date()
    except ValueError:
        situation = None
    if situation is None or set(clair[9:]) - {"e", "r"}:
        raise JetonInvalide("Ce lien de calendrier n'est pas valable.")
    return Abonnement(situation, reference, essentiels="e" in clair[9:], rappels="r" in clair[9:])


def uid(slug: str, situation: parcours.Situation, reference: date) -> str:
    empreinte = hashlib.sha256(f"{situation.value}:{reference.isoformat()}".encode()).hexdigest()[:16]
    return f"{slug}-{empreinte}@1000-premiers-jours"


def ical(abonnement: Abonnement) -> bytes:
    """The RFC 5545 calendar of a subscription: the same appointments as the `calendrier` query."""
    situation, reference = abonnement.situation, abonnement.reference
    cal = Calendar()
    cal.add("prodid", "-//1000 premiers jours//Calendrier du parcours//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Mes rendez-vous des 1000 premiers jours")
    cal.add("x-wr-timezone", "Europe/Paris")
    cal.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
    maintenant = datetime.now(tz=UTC)
    for rdv in services.calendrier(situation, reference, abonnement.essentiels):
        evenement = rdv.evenement
        vevent = Event()
        vevent.add("uid", uid(evenement.slug, situation, reference))
        vevent.add("summary", evenement.nom)
        description = evenement.description
        if rdv.estimee:
            description += "\n\nDate estimée à partir du terme."
        if evenement.source:
            description += f"\n\nEn savoir plus : {evenement.source}"
        vevent.add("description", description.strip())
        vevent.add("dtstart", rdv.date)
        vevent.add("dtend", (rdv.date_fin or rdv.date) + timedelta(days=1))  # all-day, exclusive end
        vevent.add("dtstamp", maintenant)
        vevent.add("last-modified", evenement.modifie_le)
        vevent.add("transp", "TRANSPARENT")
        if evenement.essentiel:
            vevent.add("categories", ["Essentiel"])
            if abonnement.rappels:
                alarme = Alarm()
                alarme.add("action", "DISPLAY")
                alarme.add("description", f"Dans une semaine : {evenement.nom}")
                alarme.add("trigger", -RAPPEL_AVANT)
                vevent.add_component(alarme)
        cal.add_component(vevent)
    return cal.to_ical()
