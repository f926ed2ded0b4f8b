"""`make smoke`: the production image against the local PostgreSQL, as an operator runs it.

In a throwaway database (127.0.0.1:5432, trust auth), with secrets passed as files (`*_FILE`)
and read-only containers (`--read-only`, /tmp a tmpfs), on the host's network (`--network host`:
dockerd may run without a bridge), bound to 127.0.0.1 on free ports:

1. `migrate` + `load_initial_data` (a one-shot container);
2. the hub (gunicorn) until `docker inspect` reports it healthy through the image's own
   HEALTHCHECK (`python -m hub.healthcheck`, its interval shortened to 3 s), with a SITE_URL and
   ALLOWED_HOSTS that are not 127.0.0.1;
3. one GraphQL query (the EPDS questionnaire), as the TLS proxy forwards it;
4. one EPDS submission and a contact request carrying a first name, a phone and an email; the
   worker container sends the follow-up team's notification to an SMTP server of this script:
   the task is SUCCESSFUL in the database and the message arrived;
5. the containers' logs hold none of the personal values submitted (and are JSON lines).

Prints what it checked and an excerpt of the logs; exits non-zero on the first failure.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

from tests.support.net import free_port  # noqa: E402
from tests.support.smtp import ServeurSmtp  # noqa: E402

IMAGE = os.environ.get("IMAGE", "hub-1000-jours:latest")
PG = os.environ.get("SMOKE_POSTGRES", "postgres://postgres@127.0.0.1:5432")
HOTE = "hub.smoke.test"
PRENOM = "Ysaline"
TELEPHONE = "0698765432"
EMAIL = "ysaline.smoke@example.org"
PERSONNEL = (PRENOM, TELEPHONE, "06 98 76 54 32", "+33698765432", EMAIL)


def etape(texte: str) -> None:
    print(f"[smoke] {texte}", flush=True)


def docker(*args: str, check: bool = True, capture: bool = True) -> str:
    fin = subprocess.run(["docker", *args], capture_output=capture, text=True, timeout=600)
    if check and fin.returncode != 0:
        raise SystemExit(f"docker {' '.join(args[:3])}… failed ({fin.returncode}):\n{fin.stdout}{fin.stderr}")
    return (fin.stdout or "") + (fin.stderr or "")


def sante(conteneur: str, delai: float) -> tuple[str, dict]:
    """The container's health once Docker has decided (healthy or unhealthy), and its last check."""
    debut, statut = time.monotonic(), ""
    while time.monotonic() - debut < delai:
        statut = docker("inspect", "--format", "{{.State.Health.Status}}", conteneur).strip()
        if statut in ("healthy", "unhealthy"):
            break
        time.sleep(1)
    return statut, json.loads(docker("inspect", "--format", "{{json .State.Health}}", conteneur))["Log"][-1]


def sql(base: str, requete: str):
    import psycopg

    with psycopg.connect(f"{PG}/{base}", autocommit=True) as connexion:
        curseur = connexion.execute(requete)
        return curseur.fetchall() if curseur.description else None


def graphql(port: int, operation: str, variables: dict) -> dict:
    requete = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql/",
        data=json.dumps(
            {
                "query": (RACINE / "graphql" / "operations" / f"{operation}.graphql").read_text(),
                "variables": variables,
            }
        ).encode(),
        headers={
            "Host": HOTE,
            "X-Forwarded-Proto": "https",
            "Content-Type": "application/json",
            "Origin": f"https://{HOTE}",
        },
    )
    with urllib.request.urlopen(requete, timeout=30) as reponse:
        corps = json.load(reponse)
    assert "errors" not in corps, corps
    return corps["data"]


def main() -> int:
    base = f"hub_smoke_{secrets.token_hex(4)}"
    port, smtp = free_port(), ServeurSmtp()
    smtp.start()
    dossier = Path(tempfile.mkdtemp(prefix="hub-smoke-"))
    conteneurs: list[str] = []
    fichiers = {
        "secret_key": secrets.token_urlsafe(50),
        "database_url": f"{PG}/{base}",
        "epds_encryption_keys": "Qm9uam91ci1jZWNpLWVzdC11bmUtY2xlLWRlLXRlc3Q=",
        "email_url": f"smtp://127.0.0.1:{smtp.port}",
    }
    for nom, valeur in fichiers.items():
        (dossier / nom).write_text(valeur + "\n")  # the final newline is not part of the value
    os.chmod(dossier, 0o755)
    for fichier in dossier.iterdir():
        fichier.chmod(0o644)  # the image's user (10001) reads them; a real deployment: 0440 + group
    env = {
        "SECRET_KEY_FILE": "/run/secrets/hub/secret_key",
        "DATABASE_URL_FILE": "/run/secrets/hub/database_url",
        "EPDS_ENCRYPTION_KEYS_FILE": "/run/secrets/hub/epds_encryption_keys",
        "EMAIL_URL_FILE": "/run/secrets/hub/email_url",
        "ALLOWED_HOSTS": HOTE,
        "SITE_URL": f"https://{HOTE}",
        "TRUST_X_FORWARDED_PROTO": "1",  # the smoke plays the TLS proxy
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "EPDS_EMAIL_EQUIPE_SUIVI": "suivi@smoke.test",
    }
    commun = ["--network", "host", "--read-only", "--tmpfs", "/tmp", "-v", f"{dossier}:/run/secrets/hub:ro"]
    for cle, valeur in env.items():
        commun += ["-e", f"{cle}={valeur}"]
    try:
        sql("postgres", f'CREATE DATABASE "{base}"')
        etape(f"database {base} created; image {IMAGE}")

        debut = time.monotonic()
        sortie = docker(
            "run",
            "--rm",
            *commun,
            IMAGE,
            "sh",
            "-c",
            "python manage.py migrate --noinput -v0 && python manage.py load_initial_data",
        )
        etape(
            f"migrate + load_initial_data: ok ({time.monotonic() - debut:.0f} s) — {sortie.strip().splitlines()[-1]}"
        )
        site = sql(base, "SELECT hostname, port FROM wagtailcore_site WHERE is_default_site")
        assert site == [(HOTE, 443)], site
        etape(f"Wagtail's default Site follows SITE_URL: {site[0][0]}:{site[0][1]}")
        partenaire = (
            "from epds.models import Partenaire; Partenaire.objects.get_or_create(slug='smoke', defaults="
            f"{{'nom': 'Smoke', 'actif': True, 'origines_autorisees': ['https://{HOTE}']}})"
        )
        docker("run", "--rm", *commun, IMAGE, "python", "manage.py", "shell", "-c", partenaire)
        etape(f"partner « smoke » allowed from https://{HOTE}")

        hub = docker("run", "-d", "--name", f"{base}-hub", "--health-interval", "3s", *commun, IMAGE).strip()
        conteneurs.append(hub)
        worker = docker(
            "run",
            "-d",
            "--name",
            f"{base}-worker",
            "--health-cmd",
            "python -m hub.healthcheck --worker",
            "--health-interval",
            "3s",
            *commun,
            IMAGE,
            "sh",
            "-c",
            'exec python manage.py worker --worker-id "$HOSTNAME"',
        ).strip()
        conteneurs.append(worker)
        debut = time.monotonic()
        statut, dernier = sante(hub, 120)
        etape(
            f"hub container: {statut} after {time.monotonic() - debut:.0f} s "
            f"(HEALTHCHECK exit {dernier['ExitCode']}: {dernier['Output'].strip()})"
        )
        assert statut == "healthy", docker("logs", hub)
        utilisateur = docker(
            "exec", hub, "sh", "-c", "id -u; touch /app/x 2>&1 || true; touch /tmp/x && echo tmp-ok"
        )
        etape(f"runs as uid {utilisateur.split()[0]}; /app read-only: {'Read-only' in utilisateur}")

        questionnaire = graphql(port, "QuestionnaireEpds", {"langue": "fr"})["questionnaireEpds"]
        etape(
            f"GraphQL questionnaireEpds: version {questionnaire['version']}, "
            f"{len(questionnaire['questions'])} questions"
        )
        resultat = graphql(
            port,
            "SoumettreEpds",
            {
                "input": {
                    "source": "smoke",
                    "version": questionnaire["version"],
                    "langue": "fr",
                    "reponses": [1] * 10,
                }
            },
        )
        resultat = resultat["soumettreEpds"]
        assert not resultat["errors"], resultat
        resultat = resultat["resultat"]
        etape(f"soumettreEpds: score {resultat['score']}, niveau {resultat['niveau']}")
        contact = graphql(
            port,
            "DemanderContact",
            {
                "input": {
                    "resultat": resultat["id"],
                    "jeton": resultat["jeton"],
                    "prenom": PRENOM,
                    "canal": "SMS",
                    "telephone": TELEPHONE,
                    "email": EMAIL,
                    "creneaux": ["MATIN"],
                    "consentement": True,
                }
            },
        )
        assert not contact["demanderContact"]["errors"], contact
        etape(f"demanderContact: reference {contact['demanderContact']['reference']}")

        debut, taches = time.monotonic(), []
        while time.monotonic() - debut < 60:
            taches = sql(
                base,
                "SELECT task_path, status, worker_ids FROM django_tasks_database_dbtaskresult "
                "WHERE task_path LIKE '%envoyer_notification'",
            )
            if taches and all(t[1] in ("SUCCESSFUL", "FAILED") for t in taches) and smtp.messages:
                break
            time.sleep(0.5)
        assert taches and all(t[1] == "SUCCESSFUL" for t in taches), taches
        worker_id = docker("inspect", "--format", "{{.Config.Hostname}}", worker).strip()
        assert all(worker_id in t[2] for t in taches), (taches, worker_id)
        assert smtp.messages and smtp.messages[0].rcpt_tos == ["suivi@smoke.test"], smtp.messages
        etape(
            f"notification task {taches[0][1]} by the worker container {worker_id} "
            f"({time.monotonic() - debut:.1f} s); email received for {smtp.messages[0].rcpt_tos[0]}"
        )

        statut, dernier = sante(worker, 90)
        etape(f"worker container: {statut} ({dernier['Output'].strip()})")
        assert statut == "healthy", dernier

        planifiee = docker(
            "run",
            "--rm",
            *commun,
            IMAGE,
            "python",
            "manage.py",
            "planificateur",
            "--maintenant",
            "purge-epds",
        )
        etape("scheduler: purge-epds run once through manage.py planificateur (exit 0)")
        journaux = {nom: docker("logs", c) for nom, c in (("hub", hub), ("worker", worker))}
        journaux["scheduler"] = planifiee
        tout = "\n".join(journaux.values())
        trouves = [valeur for valeur in PERSONNEL if valeur in tout]
        assert not trouves, f"personal values in the logs: {trouves}"
        # the services' logs are JSON lines (a command's own report to its stdout is not a log)
        lignes = [ligne for c in ("hub", "worker") for ligne in journaux[c].splitlines() if ligne.strip()]
        non_json = [ligne for ligne in lignes if not ligne.startswith("{")]
        assert not non_json, non_json[:5]
        etape(f"logs: {len(lignes)} lines of hub and worker, all JSON; none holds {', '.join(PERSONNEL)}")
        print("[smoke] log excerpt (hub, then worker):")
        acces = [ligne for ligne in journaux["hub"].splitlines() if "/graphql/" in ligne]
        demarrage = [ligne for ligne in journaux["hub"].splitlines() if '"gunicorn.error"' in ligne][:2]
        for ligne in [*demarrage, *acces[-3:], *journaux["worker"].splitlines()[-4:]]:
            print("   ", ligne[:400])
        etape("OK")
        return 0
    finally:
        for conteneur in conteneurs:
            docker("rm", "-f", conteneur, check=False)
        smtp.stop()
        try:
            sql("postgres", f'DROP DATABASE IF EXISTS "{base}" WITH (FORCE)')
        except Exception as erreur:  # noqa: BLE001 - cleanup must not hide the result
            print(f"[smoke] could not drop {base}: {erreur}", file=sys.stderr)
        for fichier in dossier.iterdir():
            fichier.unlink()
        dossier.rmdir()


if __name__ == "__main__":
    sys.exit(main())
