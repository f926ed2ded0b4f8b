"""Helpers shared by the background tasks (django-tasks, database backend).

django-tasks has no retry of its own: a task that fails records the failure on its row and
re-enqueues itself with `run_after`, after an exponential backoff. The EPDS notifications
(`epds.tasks`) and the publication webhooks (`contenus.tasks`) follow that pattern.
"""

from __future__ import annotations

from datetime import datetime, timedelta


def delai_exponentiel(tentatives: int, base_secondes: int, plafond_secondes: int) -> timedelta:
    """Backoff after `tentatives` failures: base × 2^(n-1), capped."""
    return timedelta(seconds=min(base_secondes * 2 ** max(tentatives - 1, 0), plafond_secondes))


def programmer(tache, *args, quand: datetime | None = None) -> None:
    """Enqueues `tache(*args)` now, or to run no earlier than `quand`."""
    (tache if quand is None else tache.using(run_after=quand)).enqueue(*args)
