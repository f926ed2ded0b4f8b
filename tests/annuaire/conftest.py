import pytest
from django.core.management import call_command


@pytest.fixture
def departements(db):
    call_command("load_departements", verbosity=0, stdout=open("/dev/null", "w"))


TACHE_EMAIL_LIEN = "annuaire.tasks.envoyer_lien_modification"


def envoyer_emails_en_attente() -> int:
    """Runs the queued update-link emails as `manage.py db_worker` does (that command closes the
    connection, which a test inside a transaction cannot afford); returns how many ran."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    nombre = 0
    while True:
        with transaction.atomic():  # claimed under a row lock, run outside it, as the worker does
            resultat = DBTaskResult.objects.ready().filter(task_path=TACHE_EMAIL_LIEN).get_locked()
            if resultat is None:
                return nombre
            resultat.claim("test")
        valeur = resultat.task.call(*resultat.args_kwargs["args"], **resultat.args_kwargs["kwargs"])
        resultat.set_successful(valeur)
        nombre += 1
