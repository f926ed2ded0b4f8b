"""The one home of the background tasks' delivery rules (django-tasks, database backend).

django-tasks has no retry of its own. Every task that delivers something (the EPDS
notifications `epds.tasks`, the publication webhooks `contenus.tasks`, the self-service link
email `annuaire.tasks`) keeps its state on a row of its own, and follows these rules:

- **retry**: a failed attempt is recorded on the row (`tentatives`, `derniere_erreur`,
  `prochaine_tentative`) and the task re-enqueues itself after an exponential backoff
  (`Reprise`: settings `<PREFIX>_TENTATIVES_MAX`, `_DELAI_SECONDES`, `_DELAI_MAX_SECONDES`);
  when the attempts run out the row is « abandonnée » (`apres_echec`);
- **at most one email**: `envoyer_courriel_une_fois` marks the row « envoi en cours » with the
  message's `Message-ID` (committed) just before the SMTP server receives the message, and
  records the acceptance right after the server's « 250 », before anything else. A re-run (a
  reclaimed task after `kill -9`, a replay by hand) that finds the mark without the acceptance
  does not send again: the outcome is unknown (the server may have accepted it in the last
  milliseconds), the row becomes « incertaine » and the team checks the mailbox for that
  Message-ID. So does a connection cut (or a timeout) while the server receives the message;
  an explicit refusal (4xx/5xx) clears the mark and is retried. The window where this happens is the time between the end of the message and
  the commit of its acceptance: one SMTP round trip plus one UPDATE.
- **the acceptance survives a database outage**: `persister` retries the write with backoff,
  so a worker that knows the server accepted a message never forgets it because PostgreSQL
  was away for a few seconds.
- Running tasks whose worker died are put back in the queue by the worker (`hub.worker`).
"""

from __future__ import annotations

import logging
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid, parseaddr
from typing import TypeVar

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address
from django.db import connections, transaction
from django.db.utils import InterfaceError, OperationalError
from django.utils import timezone

logger = logging.getLogger("hub.tasks")

T = TypeVar("T")

#: What a database outage raises (connection refused, cut, server shutting down).
ERREURS_BASE = (OperationalError, InterfaceError)

ABANDON = "abandonnée"
NOUVEL_ESSAI = "échec, nouvelle tentative programmée"


def delai_exponentiel(tentatives: int, base_secondes: float, plafond_secondes: float) -> timedelta:
    """Backoff after `tentatives` failures: base × 2^(n-1), capped."""
    return timedelta(seconds=min(base_secondes * 2 ** max(tentatives - 1, 0), plafond_secondes))


@dataclass(frozen=True)
class Reprise:
    """The retry policy of one kind of delivery, read from the settings at each use."""

    prefixe: str

    @property
    def tentatives_max(self) -> int:
        return getattr(settings, f"{self.prefixe}_TENTATIVES_MAX")

    def delai(self, tentatives: int) -> timedelta:
        return delai_exponentiel(
            tentatives,
            getattr(settings, f"{self.prefixe}_DELAI_SECONDES"),
            getattr(settings, f"{self.prefixe}_DELAI_MAX_SECONDES"),
        )


def programmer(tache, *args, quand: datetime | None = None) -> None:
    """Enqueues `tache(*args)` now, or to run no earlier than `quand`."""
    (tache if quand is None else tache.using(run_after=quand)).enqueue(*args)


def apres_echec(
    lignes,
    *,
    tentatives: int,
    reprise: Reprise,
    relancer: Callable[[datetime], None],
    statut_nouvel_essai: str,
    statut_abandon: str,
    **champs,
) -> str:
    """Records failed attempt number `tentatives` on `lignes` (a queryset of the one row), then
    re-enqueues the task after the backoff (`relancer(quand)`, on commit) or gives up.

    `champs` are written too (e.g. `derniere_erreur`, the last HTTP status)."""
    abandon = tentatives >= reprise.tentatives_max
    quand = None if abandon else timezone.now() + reprise.delai(tentatives)
    with transaction.atomic():
        lignes.update(
            tentatives=tentatives,
            prochaine_tentative=quand,
            statut=statut_abandon if abandon else statut_nouvel_essai,
            **champs,
        )
        if quand is not None:
            transaction.on_commit(lambda: relancer(quand))
    return ABANDON if abandon else NOUVEL_ESSAI


def persister(ecrire: Callable[[], T], *, pendant_secondes: float = 120.0) -> T:
    """Runs the database write `ecrire()`, retrying with backoff while the database is away."""
    fin = time.monotonic() + pendant_secondes
    pause = 0.25
    while True:
        try:
            return ecrire()
        except ERREURS_BASE:
            if time.monotonic() + pause > fin:
                raise
            connections.close_all()
            time.sleep(pause)
            pause = min(pause * 2, 5.0)


class EnvoiIncertain(Exception):
    """A previous attempt reached the SMTP server with this message and never recorded the
    answer: sending again could duplicate it. Carries the Message-ID to look for."""

    def __init__(self, message_id: str):
        super().__init__(message_id)
        self.message_id = message_id


def envoyer_courriel_une_fois(
    lignes, message: EmailMessage, *, accepte: Callable[[datetime], object], message_id: str = ""
) -> None:
    """Sends `message` unless a previous attempt may have been accepted.

    `lignes` is a queryset of the one row holding `message_id` and `envoi_en_cours_le`;
    `message_id` is the row's Message-ID from an earlier attempt (kept across retries);
    `accepte(le)` records the acceptance on the row (it is retried through a database outage).
    Raises the SMTP or network error when the server surely did not accept the message
    (the caller retries), `EnvoiIncertain` when it may have."""
    if lignes.filter(envoi_en_cours_le__isnull=False).exists():
        raise EnvoiIncertain(message_id)
    if not message_id:
        message_id = make_msgid(domain=parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or None)
        lignes.update(message_id=message_id)
    message.extra_headers["Message-ID"] = message_id
    connexion = get_connection(fail_silently=False)
    if not isinstance(connexion, SmtpBackend):
        # Console, file and memory backends: nothing can be half-accepted.
        lignes.update(envoi_en_cours_le=timezone.now())
        connexion.send_messages([message])
        return _accepte(accepte)
    connexion.open()
    smtp = connexion.connection
    try:
        encodage = message.encoding or settings.DEFAULT_CHARSET
        expediteur = sanitize_address(message.from_email, encodage)
        destinataires = [sanitize_address(a, encodage) for a in message.recipients()]
        smtp.ehlo_or_helo_if_needed()
        code, reponse = smtp.mail(expediteur)
        if code != 250:
            raise _refus(smtp, code, reponse)
        for adresse in destinataires:
            code, reponse = smtp.rcpt(adresse)
            if code not in (250, 251):
                raise _refus(smtp, code, reponse)
        # From here the server may accept the message at any moment: mark it first.
        lignes.update(envoi_en_cours_le=timezone.now())
        try:
            code, reponse = smtp.data(message.message().as_bytes(linesep="\r\n"))
        except smtplib.SMTPResponseException:
            lignes.update(envoi_en_cours_le=None)  # the DATA command itself was refused
            raise
        except OSError:
            # Cut during the transfer: accepted or not, nobody knows (the mark stays).
            raise EnvoiIncertain(message_id) from None
        if code != 250:
            lignes.update(envoi_en_cours_le=None)  # refused by the server: surely not accepted
            raise _refus(smtp, code, reponse)
        return _accepte(accepte)
    finally:
        try:
            connexion.close()
        except Exception:  # noqa: BLE001 — the answer that matters is already known
            pass


@dataclass(frozen=True)
class StatutsEnvoi:
    """The values of a delivery row's `statut` field, per state (`hub.models.EnvoiCourriel.STATUTS`)."""

    en_attente: str
    envoye: str
    abandonne: str
    incertain: str


def envoyer_courriel_avec_reprise(
    objet,
    message: Callable[[], EmailMessage],
    *,
    reprise: Reprise,
    relancer: Callable[[datetime], None],
    journal: logging.Logger,
    nom: str,
) -> str:
    """One attempt at emailing `message()` for the row `objet` (a `hub.models.EnvoiCourriel`),
    with every rule above; returns what happened, in words.

    `nom` names the row in the logs (« notification EPDS 12 »): never an address."""
    statuts = objet.STATUTS
    ligne = type(objet).objects.filter(pk=objet.pk)
    tentatives = objet.tentatives + 1
    try:
        envoyer_courriel_une_fois(
            ligne,
            message(),
            message_id=objet.message_id,
            accepte=lambda le: ligne.update(
                statut=statuts.envoye,
                tentatives=tentatives,
                prochaine_tentative=None,
                envoye_le=le,
            ),
        )
    except EnvoiIncertain as incertain:
        ligne.update(statut=statuts.incertain, derniere_erreur="envoi interrompu, non renvoyé")
        journal.warning("%s peut-être envoyé (%s), à vérifier", nom, incertain)
        return "incertain"
    except Exception as erreur:  # noqa: BLE001 — any delivery failure is retried
        nom_erreur = type(erreur).__name__[:200]
        journal.warning("%s non envoyé (%s), tentative %s", nom, nom_erreur, tentatives)
        return apres_echec(
            ligne,
            tentatives=tentatives,
            reprise=reprise,
            relancer=relancer,
            statut_nouvel_essai=statuts.en_attente,
            statut_abandon=statuts.abandonne,
            derniere_erreur=nom_erreur,
        )
    return "envoyé"


def _accepte(accepte: Callable[[datetime], object]) -> None:
    le = timezone.now()
    persister(lambda: accepte(le))


def _refus(smtp, code: int, reponse: bytes) -> smtplib.SMTPResponseException:
    try:
        smtp.rset()
    except smtplib.SMTPException:
        pass
    return smtplib.SMTPResponseException(code, reponse)
