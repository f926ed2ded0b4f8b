"""`manage.py worker`: the task worker to run in production (hub/worker.py says why).

Same options as django-tasks-db's `db_worker`; it survives database outages and puts back in
the queue the tasks of workers that died.
"""

from __future__ import annotations

import os

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from hub.worker import WorkerDurable


class Command(DbWorkerCommand):
    help = "Exécute les tâches en file (e-mails, webhooks) ; survit aux coupures de la base."

    def handle(
        self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, **options
    ):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        exclude = options["exclude_queues"]
        excluded_queue_names = exclude.split(",") if exclude else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = WorkerDurable(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded_queue_names,
            battement_thread=not batch,
        )
        if reload and not batch:  # DEBUG: restart on code changes, as db_worker does
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
