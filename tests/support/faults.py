"""Fault scenarios with real servers: a private PostgreSQL cluster, aiosmtpd, a private Redis and
`manage.py worker` as a subprocess. Each scenario submits EPDS questionnaires and contact
requests through the real /graphql/ view while one server fails, then counts what was
acknowledged, stored, and emailed (expected / delivered / duplicated).

    python -m tests.support.faults SCENARIO --port P --dossier D --utilisateur U --base B

runs one scenario in a process of its own (Django configured for that database) and prints
its figures as one JSON line; `preparer_modele` builds the database every scenario copies
(schema without migrations, the reference EPDS); `executer` does both for a caller (the fault
tests in tests/hub/test_worker_faults.py and `make bench-faults`).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.support.postgres import ClusterPostgres, attendre

RACINE = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
SCENARIOS = ("smtp", "postgres", "kill9", "kill9_avant_donnees", "redis")
MODELE = "hub_modele"
PAR_PHASE = 3  # contact requests per phase of a scenario
# `make bench-faults` also runs django-tasks-db's own `db_worker`, to show what it did.
COMMANDE_WORKER = os.environ.get("FAULTS_WORKER_COMMAND", "worker")

ENV_COMMUN = {
    "DJANGO_SETTINGS_MODULE": "tests.support.settings_faults",
    "DEBUG": "1",
    "RATE_LIMIT_PER_ADDRESS": "100000",
    "EPDS_EMAIL_EQUIPE_SUIVI": "equipe@suivi.example.fr",
    "EPDS_NOTIFICATION_DELAI_SECONDES": "1",
    "EPDS_NOTIFICATION_DELAI_MAX_SECONDES": "2",
    "EPDS_NOTIFICATION_TENTATIVES_MAX": "20",
    "WORKER_BAIL_SECONDES": "3",
    "EMAIL_TIMEOUT": "5",
    "CONN_MAX_AGE": "0",
    "LOG_LEVEL": "WARNING",
}


def _env(base_url: str, **extra: str) -> dict:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "EMAIL_URL"))
    }
    return {**env, **ENV_COMMUN, "DATABASE_URL": base_url, "PYTHONPATH": str(RACINE), **extra}


def preparer_modele(cluster: ClusterPostgres) -> None:
    """The template database: the schema straight from the models, the reference EPDS."""
    url = cluster.creer_base(MODELE)
    script = (
        "import django, io; django.setup(); from django.core.management import call_command; "
        "call_command('migrate', run_syncdb=True, verbosity=0); "
        "call_command('load_epds', stdout=io.StringIO()); "
        "from epds.models import Partenaire; "
        "Partenaire.objects.create(nom='Widget pannes', slug='widget-pannes', actif=True)"
    )
    subprocess.run([PYTHON, "-c", script], env=_env(url), cwd=RACINE, check=True, timeout=300)


def executer(scenario: str, cluster: ClusterPostgres, commande_worker: str = "worker") -> dict:
    """Runs one scenario on a fresh copy of the template; returns its figures."""
    base = f"hub_{scenario}_{int(time.time() * 1000) % 10**8}"
    commande = [
        os.path.join(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"), "createdb"),
        "-h",
        "127.0.0.1",
        "-p",
        str(cluster.port),
        "-U",
        "postgres",
        "-T",
        MODELE,
        base,
    ]
    subprocess.run(commande, check=True, capture_output=True, timeout=60)
    arguments = ["--port", str(cluster.port), "--dossier", cluster.dossier, "--base", base]
    if cluster.utilisateur:
        arguments += ["--utilisateur", cluster.utilisateur]
    sortie = subprocess.run(
        [PYTHON, "-m", "tests.support.faults", scenario, *arguments],
        env=_env(cluster.url(base), FAULTS_WORKER_COMMAND=commande_worker),
        cwd=RACINE,
        capture_output=True,
        text=True,
        timeout=180,
    )
    lignes = [ligne for ligne in sortie.stdout.splitlines() if ligne.startswith("{")]
    if sortie.returncode != 0 or not lignes:
        raise RuntimeError(f"scenario {scenario} failed:\n{sortie.stdout[-3000:]}\n{sortie.stderr[-5000:]}")
    return json.loads(lignes[-1])


# --- inside the scenario's process ---------------------------------------------------------------


class Scenario:
    def __init__(self, cluster: ClusterPostgres, smtp, redis):
        self.cluster = cluster
        self.smtp = smtp
        self.redis = redis
        self.workers: list[subprocess.Popen] = []
        self.statuts: dict[str, int] = {}  # HTTP status of every request, or the exception's class
        self.soumissions_essayees = 0
        self.soumissions_acquittees = 0
        self.contacts_acquittes = 0
        self.references: list[str] = []
        from django.test import Client

        from tests.operations import load_operation

        self.client = Client(raise_request_exception=False)
        self.soumettre_doc = load_operation("SoumettreEpds")
        self.contact_doc = load_operation("DemanderContact")

    def demarrer_worker(self) -> subprocess.Popen:
        worker = subprocess.Popen(
            [PYTHON, "manage.py", COMMANDE_WORKER, "--no-startup-delay", "--no-reload", "--interval", "0.2"],
            env=os.environ.copy(),
            cwd=RACINE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.workers.append(worker)
        return worker

    def _poster(self, document: str, variables: dict) -> dict | None:
        try:
            reponse = self.client.post(
                "/graphql/",
                json.dumps({"query": document, "variables": variables}),
                content_type="application/json",
            )
        except Exception as erreur:  # noqa: BLE001 — a fault may break the request anywhere: not acknowledged
            self._compter(type(erreur).__name__)
            return None
        self._compter(str(reponse.status_code))
        if reponse.status_code != 200:
            return None
        try:
            return reponse.json()
        except ValueError:
            return None

    def _compter(self, statut: str) -> None:
        self.statuts[statut] = self.statuts.get(statut, 0) + 1

    def contacts(self, nombre: int = PAR_PHASE) -> None:
        """`nombre` parents submit the EPDS and ask to be contacted; counts what is acknowledged."""
        from epds.models import QuestionnaireEpds
        from tests.epds.reference import indexes_pour, points_pour_score

        try:
            version = QuestionnaireEpds.objects.filter(publie=True).values_list("version", flat=True).first()
        except Exception:  # noqa: BLE001 — the database is away: use the one known already
            version = getattr(self, "_version", None)
        self._version = version
        for _ in range(nombre):
            entree = {
                "source": "widget-pannes",
                "version": version,
                "langue": "fr",
                "reponses": indexes_pour(points_pour_score(14, 1)),
            }
            self.soumissions_essayees += 1
            reponse = self._poster(self.soumettre_doc, {"input": entree})
            resultat = ((reponse or {}).get("data") or {}).get("soumettreEpds") or {}
            if not resultat.get("resultat") or (reponse or {}).get("errors"):
                continue
            self.soumissions_acquittees += 1
            demande = {
                "resultat": resultat["resultat"]["id"],
                "jeton": resultat["resultat"]["jeton"],
                "prenom": "Camille",
                "canal": "SMS",
                "telephone": "06 12 34 56 78",
                "creneaux": ["MATIN"],
                "departement": "75",
                "consentement": True,
            }
            reponse = self._poster(self.contact_doc, {"input": demande})
            contact = ((reponse or {}).get("data") or {}).get("demanderContact") or {}
            if contact.get("reference") and not contact.get("errors") and not (reponse or {}).get("errors"):
                self.contacts_acquittes += 1
                self.references.append(contact["reference"])

    def attendre_emails(self, delai: float = 30.0) -> bool:
        """Until every acknowledged request was emailed and no task is left running or waiting."""
        from django.db import connections
        from django_tasks_db.models import DBTaskResult

        from epds.models import Notification

        def fini() -> bool:
            try:
                en_attente = Notification.objects.filter(statut=Notification.Statut.EN_ATTENTE).exists()
                taches = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()
            except Exception:  # noqa: BLE001
                connections.close_all()
                return False
            return not en_attente and not taches and len(self._sujets()) >= len(self.references)

        return attendre(fini, delai, pas=0.3)

    def _sujets(self) -> list[str]:
        from email import message_from_bytes
        from email.header import decode_header, make_header

        return [
            str(make_header(decode_header(message_from_bytes(e.content)["Subject"])))
            for e in self.smtp.messages
        ]

    def chiffres(self, **extra) -> dict:
        from django_tasks_db.models import DBTaskResult

        from epds.models import DemandeContact, Notification, SoumissionEpds

        sujets = self._sujets()
        livres = {r for r in self.references if any(r in s for s in sujets)}
        return {
            "soumissions_essayees": self.soumissions_essayees,
            "soumissions_acquittees": self.soumissions_acquittees,
            "soumissions_stockees": SoumissionEpds.objects.count(),
            "contacts_acquittes": self.contacts_acquittes,
            "contacts_stockes": DemandeContact.objects.count(),
            "emails_attendus": len(self.references),
            "emails_livres": len(livres),
            "emails_recus": len(sujets),
            "emails_doublons": len(sujets) - len({s for s in sujets}),
            "notifications": {
                statut: Notification.objects.filter(statut=statut).count()
                for statut in Notification.Statut.values
            },
            "statuts_http": self.statuts,
            "taches_running": DBTaskResult.objects.filter(status="RUNNING").count(),
            "worker_vivant": all(w.poll() is None for w in self.workers if w.returncode != -signal.SIGKILL),
            **extra,
        }

    def arreter(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()


def scenario_smtp(s: Scenario) -> dict:
    s.smtp.stop()
    s.demarrer_worker()
    s.contacts()
    time.sleep(2.5)  # the worker tries, fails, retries later (backoff)
    s.smtp.start()
    return s.chiffres(termine=s.attendre_emails())


def scenario_postgres(s: Scenario) -> dict:
    from django.db import connections

    s.demarrer_worker()
    s.contacts()
    avant = s.attendre_emails()
    # The worker idles, polling the queue, when PostgreSQL stops for 10 s.
    debut = time.monotonic()
    s.cluster.stop()
    s.contacts()  # refused while the database is away: never acknowledged, never half-stored
    time.sleep(max(0.0, 10 - (time.monotonic() - debut)))
    panne = round(time.monotonic() - debut, 1)
    s.cluster.start()
    connections.close_all()
    s.contacts()  # emailed only by a worker that outlived the outage
    apres = s.attendre_emails()
    # Then one email in flight when the database goes away again (4 s): the server's « 250 »
    # arrives during the outage, and the worker records it once the database is back.
    s.smtp.retenir_prochain_message(2.0)
    s.contacts(1)
    if s.smtp.premier_recu.wait(20):
        s.cluster.stop()
        time.sleep(4)
        s.cluster.start()
        connections.close_all()
    return s.chiffres(termine=avant and apres and s.attendre_emails(), panne_secondes=panne)


def _tuer_pendant_l_envoi(s: Scenario) -> dict:
    premier = s.demarrer_worker()
    s.contacts()
    assert s.smtp.premier_recu.wait(20), "the first email never reached the SMTP server"
    premier.send_signal(signal.SIGKILL)
    premier.wait()
    s.demarrer_worker()
    return s.chiffres(termine=s.attendre_emails(30))


def scenario_kill9(s: Scenario) -> dict:
    s.smtp.retenir_prochain_message(4.0)  # the « 250 » comes late: the worker dies waiting for it
    return _tuer_pendant_l_envoi(s)


def scenario_kill9_avant_donnees(s: Scenario) -> dict:
    s.smtp.retenue_rcpt_secondes = 4.0  # the worker dies before the message is transmitted
    return _tuer_pendant_l_envoi(s)


def scenario_redis(s: Scenario) -> dict:
    s.demarrer_worker()
    s.redis.process.send_signal(signal.SIGSTOP)  # a Redis that answers nothing
    try:
        s.redis.process.terminate()
    finally:
        s.redis.process.send_signal(signal.SIGCONT)
    s.redis.process.wait(timeout=10)
    s.contacts()
    return s.chiffres(termine=s.attendre_emails())


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=SCENARIOS)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dossier", required=True)
    parser.add_argument("--utilisateur", default=None)
    parser.add_argument("--base", required=True)
    args = parser.parse_args(argv)
    cluster = ClusterPostgres(port=args.port, dossier=args.dossier, utilisateur=args.utilisateur)

    from tests.support.redis import start_redis
    from tests.support.smtp import ServeurSmtp

    smtp = ServeurSmtp()
    smtp.start()
    redis = start_redis()
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{smtp.port}"
    os.environ["REDIS_URL"] = redis.url

    import django

    django.setup()
    scenario = Scenario(cluster, smtp, redis)
    try:
        chiffres = globals()[f"scenario_{args.scenario}"](scenario)
    finally:
        scenario.arreter()
        smtp.stop()
        redis.stop()
    print(json.dumps({"scenario": args.scenario, **chiffres}))


if __name__ == "__main__":
    main(sys.argv[1:])
