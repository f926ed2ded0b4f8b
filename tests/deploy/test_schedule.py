"""The periodic commands are one list, deploy/schedule.json: compose's scheduler runs it
(manage.py planificateur reads the file), Kubernetes' CronJobs are generated from it and must be
current; every command named exists; the scheduler runs what is due and survives a failure."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from deploy import generer
from hub import planificateur

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text())
PLANNING = json.loads((ROOT / "deploy" / "schedule.json").read_text())["taches"]


def test_cronjobs_yaml_is_generated_from_the_schedule():
    assert (ROOT / "deploy" / "kubernetes" / "cronjobs.yaml").read_text() == generer.generer(), (
        "deploy/kubernetes/cronjobs.yaml is stale: python -m deploy.generer"
    )


def test_kubernetes_and_compose_run_the_same_commands_at_the_same_times():
    cronjobs = [
        d for d in yaml.safe_load_all((ROOT / "deploy" / "kubernetes" / "cronjobs.yaml").read_text()) if d
    ]
    kubernetes = {
        (
            c["spec"]["schedule"],
            tuple(c["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["command"][2:]),
        )
        for c in cronjobs
    }
    assert all(c["spec"]["timeZone"] == "Europe/Paris" for c in cronjobs)
    # compose's scheduler runs `planificateur`, which reads deploy/schedule.json: the same list
    assert COMPOSE["services"]["scheduler"]["command"][:3] == ["python", "manage.py", "planificateur"]
    compose = {(t.cron, t.commande) for t in planificateur.charger()}
    assert kubernetes == compose and len(compose) == len(PLANNING)


def test_the_schedule_holds_what_production_needs():
    commandes = {t["commande"][0]: t["cron"] for t in PLANNING}
    # retention of personal data daily, re-sends hourly, pruning, review, roll-ups
    assert (
        commandes["purge_epds"].split()[2:] == ["*", "*", "*"]
        and "*" not in commandes["purge_epds"].split()[:2]
    )
    assert commandes["renvoyer_notifications_epds"].split()[1:] == ["*"] * 4
    assert commandes["renvoyer_webhooks"].split()[1:] == ["*"] * 4
    assert {"prune_db_task_results", "annuaire_a_verifier", "agreger_statistiques_epds"} <= commandes.keys()


def test_every_scheduled_command_exists():
    from django.core.management import get_commands

    assert {t["commande"][0] for t in PLANNING} <= get_commands().keys()


def test_a_bad_cron_expression_is_refused_at_start(tmp_path):
    from cronsim import CronSimError

    fichier = tmp_path / "schedule.json"
    fichier.write_text(json.dumps({"taches": [{"nom": "x", "commande": ["check"], "cron": "61 * * * *"}]}))
    with pytest.raises(CronSimError):
        planificateur.charger(fichier)


def test_the_scheduler_runs_what_is_due_and_goes_on_after_a_failure(monkeypatch, tmp_path):
    fuseau = ZoneInfo("Europe/Paris")
    horloge = iter(
        [datetime(2026, 1, 5, 3, 29, 50, tzinfo=fuseau)] * 3
        + [datetime(2026, 1, 5, 3, 30, 1, tzinfo=fuseau)] * 20
    )

    class Horloge(datetime):
        @classmethod
        def now(cls, tz=None):
            return next(horloge)

    monkeypatch.setattr(planificateur, "datetime", Horloge)
    taches = [
        planificateur.Tache("purge", ("purge_epds",), "30 3 * * *"),
        planificateur.Tache("plus-tard", ("annuaire_a_verifier",), "0 7 * * 1"),
    ]
    battement = tmp_path / "battement"
    p = planificateur.Planificateur(taches, "Europe/Paris", battement)
    lances = []

    def executer(tache):
        lances.append(tache.nom)
        if len(lances) == 1:
            p.arret.set()
        return 1  # a failure: logged, the scheduler goes on to the next due time

    monkeypatch.setattr(p, "executer", executer)
    monkeypatch.setattr(p.arret, "wait", lambda secondes: None)
    p.tourner()
    assert lances == ["purge"] and battement.exists()


def test_a_run_is_a_child_process_whose_exit_code_is_reported(monkeypatch):
    appels = []

    def run(commande, **options):
        appels.append(commande)

        class Fin:
            returncode = 3

        return Fin()

    monkeypatch.setattr(planificateur.subprocess, "run", run)
    p = planificateur.Planificateur([], "Europe/Paris")
    assert p.executer(planificateur.Tache("t", ("purge_epds", "--dry-run"), "* * * * *")) == 3
    assert appels[0][1:] == [str(ROOT / "manage.py"), "purge_epds", "--dry-run"]
