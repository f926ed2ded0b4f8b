"""The task worker of `manage.py worker`: django-tasks-db's `db_worker`, made to last.

django-tasks-db's worker exits for good on the first database error that is not a lock (a
PostgreSQL restart kills it), and a task whose worker died (`kill -9`, out of memory, a lost
machine) stays RUNNING forever. This worker:

- **reconnects**: a database error in its loop closes the connections and waits (0.5 s,
  doubled up to 5 s) before trying again, for as long as it takes;
- **beats**: it writes its `WorkerHeartbeat` every third of `WORKER_BAIL_SECONDES`, from a
  thread, so a long task does not look like a dead worker;
- **reclaims**: before each claim (at most every few seconds), a RUNNING task whose worker has
  been silent longer than `WORKER_BAIL_SECONDES` — or is this worker itself, which lost track
  of it in an outage — is put back READY and runs again. The tasks are written for this: their
  own rows say what is already done (`hub.tasks`), so a re-run never sends an accepted email
  twice.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from hub.models import WorkerHeartbeat
from hub.tasks import ERREURS_BASE

logger = logging.getLogger("django_tasks_db")

PAUSE_MIN_SECONDES = 0.5
PAUSE_MAX_SECONDES = 5.0


def bail() -> timedelta:
    return timedelta(seconds=settings.WORKER_BAIL_SECONDES)


def battre(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"seen_at": timezone.now()})


def reprendre_taches_orphelines(backend_name: str, worker_id: str | None = None) -> list[str]:
    """Puts back READY the RUNNING tasks of workers silent for longer than the bail (and those
    of `worker_id`, this worker, which runs none while it reclaims); returns their ids."""
    maintenant = timezone.now()
    limite = maintenant - bail()
    vivants = set(WorkerHeartbeat.objects.filter(seen_at__gte=limite).values_list("worker_id", flat=True))
    vivants.discard(worker_id)
    repris = []
    with transaction.atomic():
        en_cours = (
            DBTaskResult.objects.running()
            .filter(backend_name=backend_name)
            .select_for_update(skip_locked=True)
            .only("id", "worker_ids", "started_at")
        )
        for tache in en_cours:
            dernier = tache.worker_ids[-1] if tache.worker_ids else None
            if dernier in vivants:
                continue
            if dernier != worker_id and tache.started_at and tache.started_at > limite:
                continue  # claimed a moment ago by a worker that has not beaten yet
            repris.append(tache.id)
        if repris:
            DBTaskResult.objects.filter(id__in=repris).update(status="READY", started_at=None)
        WorkerHeartbeat.objects.filter(seen_at__lt=maintenant - timedelta(days=1)).delete()
    for id_ in repris:
        logger.warning("Tâche %s reprise : son worker ne donne plus signe de vie.", id_)
    return [str(i) for i in repris]


class WorkerDurable(Worker):
    """django-tasks-db's worker loop, with reconnection, heartbeat and reclaim (module doc)."""

    def __init__(self, *, battement_thread: bool = True, **options):
        super().__init__(**options)
        self.battement_thread = battement_thread
        self._prochaine_reprise = 0.0
        self._arret = threading.Event()

    # --- heartbeat -------------------------------------------------------------------------
    def _battre_en_fond(self) -> None:
        periode = max(settings.WORKER_BAIL_SECONDES / 3, 0.2)
        while not self._arret.wait(periode):
            try:
                battre(self.worker_id)
            except Exception:  # noqa: BLE001 — the database may be away; the main loop says so
                connections.close_all()
        connections.close_all()

    # --- loop --------------------------------------------------------------------------------
    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 — no thundering herd of workers (as db_worker)
        if self.battement_thread:
            threading.Thread(target=self._battre_en_fond, name="battement", daemon=True).start()
        pause = 0.0
        try:
            while self.running:
                try:
                    if self._tour():
                        return
                    pause = 0.0
                except ERREURS_BASE as erreur:
                    if is_locked_database_exception(erreur):
                        continue
                    pause = min(max(pause * 2, PAUSE_MIN_SECONDES), PAUSE_MAX_SECONDES)
                    logger.warning(
                        "Base de données injoignable (%s) : nouvel essai dans %.1f s",
                        type(erreur).__name__,
                        pause,
                    )
                    self._fermer_connexions()
                    self._prochaine_reprise = 0.0  # reclaim what this worker lost, first thing
                    time.sleep(pause)
        finally:
            self._arret.set()

    @staticmethod
    def _fermer_connexions() -> None:
        for connexion in connections.all(initialized_only=True):
            try:
                connexion.close()
            except ERREURS_BASE:
                connexion.connection = None  # a dead socket: forget it, the next query reconnects

    def _tour(self) -> bool:
        """One turn of django-tasks-db's loop; True when the worker is done (batch, max tasks)."""
        close_old_connections()
        if time.monotonic() >= self._prochaine_reprise:
            battre(self.worker_id)
            reprendre_taches_orphelines(self.backend_name, self.worker_id)
            self._prochaine_reprise = time.monotonic() + max(min(settings.WORKER_BAIL_SECONDES / 3, 5), 0.2)

        taches = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            taches = taches.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            taches = taches.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(taches.db):
            resultat = taches.get_locked()
            if resultat is not None:
                resultat.claim(self.worker_id)

        if resultat is not None:
            self.run_task(resultat)
        elif self.batch:
            logger.info("No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id)
            return True
        if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
            logger.info(
                "Run maximum tasks (%d) on worker=%s - exiting gracefully.", self._run_tasks, self.worker_id
            )
            return True
        close_old_connections()
        if self.running and resultat is None:
            time.sleep(self.interval)
        return False
