"""The periodic commands, defined once in deploy/schedule.json: `manage.py planificateur` (the
compose file's `scheduler`) runs them at their times; Kubernetes runs the same list as CronJobs
(deploy/kubernetes/cronjobs.yaml, generated from the file by `python -m deploy.generer`).

Each run is a child process (`manage.py <commande>`): its memory and database connections end
with it, a crash or a hang (killed after `DUREE_MAX_SECONDES`) never stops the scheduler. A
run missed while the scheduler was down is not caught up: the next one comes at its time (the
commands work on what is due, so the next run does the missed work too). The scheduler touches
its heartbeat file at least every `BATTEMENT_SECONDES` (its healthcheck reads the file's age).
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from cronsim import CronSim

RACINE = Path(__file__).resolve().parent.parent
FICHIER = RACINE / "deploy" / "schedule.json"
BATTEMENT_SECONDES = 30
DUREE_MAX_SECONDES = 3600

logger = logging.getLogger("hub.planificateur")


@dataclass(frozen=True)
class Tache:
    nom: str
    commande: tuple[str, ...]
    cron: str


def charger(fichier: Path = FICHIER) -> list[Tache]:
    """The periodic commands of `fichier`; a bad cron expression is refused here, at start."""
    donnees = json.loads(Path(fichier).read_text(encoding="utf-8"))
    taches = [Tache(t["nom"], tuple(t["commande"]), t["cron"]) for t in donnees["taches"]]
    for tache in taches:
        CronSim(tache.cron, datetime(2000, 1, 1))  # raises CronSimError on a bad expression
    return taches


def prochaine(tache: Tache, apres: datetime) -> datetime:
    return next(CronSim(tache.cron, apres))


class Planificateur:
    def __init__(self, taches: list[Tache], fuseau: str, battement: Path | None = None):
        self.taches = taches
        self.fuseau = ZoneInfo(fuseau)
        self.battement = battement
        self.arret = threading.Event()

    def executer(self, tache: Tache) -> int:
        commande = [sys.executable, str(RACINE / "manage.py"), *tache.commande]
        logger.info("tache demarree", extra={"tache": tache.nom})
        try:
            fin = subprocess.run(commande, cwd=RACINE, timeout=DUREE_MAX_SECONDES, check=False)
            code = fin.returncode
        except subprocess.TimeoutExpired:
            code = -1
        (logger.info if code == 0 else logger.error)(
            "tache terminee", extra={"tache": tache.nom, "code": code}
        )
        return code

    def battre(self) -> None:
        if self.battement is not None:
            self.battement.touch()

    def tourner(self) -> None:
        maintenant = datetime.now(self.fuseau)
        echeances = {tache: prochaine(tache, maintenant) for tache in self.taches}
        for tache, quand in sorted(echeances.items(), key=lambda e: e[1]):
            logger.info("tache planifiee", extra={"tache": tache.nom, "prochaine": quand.isoformat()})
        while not self.arret.is_set():
            self.battre()
            maintenant = datetime.now(self.fuseau)
            for tache, quand in echeances.items():
                if quand <= maintenant:
                    self.executer(tache)
                    echeances[tache] = prochaine(tache, datetime.now(self.fuseau))
            attente = min(q for q in echeances.values()) - datetime.now(self.fuseau)
            self.arret.wait(max(0.0, min(attente.total_seconds(), BATTEMENT_SECONDES)))
