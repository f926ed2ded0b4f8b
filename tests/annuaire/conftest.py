import pytest
from django.core.management import call_command


@pytest.fixture
def departements(db):
    call_command("load_departements", verbosity=0, stdout=open("/dev/null", "w"))


TACHE_EMAIL_LIEN = "annuaire.tasks.envoyer_lien_modification"


def envoyer_emails_en_attente() -> int:
    """Runs the queued update-link emails as `manage.py db_worker` does (that command closes the
    connection, which a test inside a transaction cannot afford); returns how many ran."""
    from django_tasks_db.models import DBTaskResult

    nombre = 0
    while (
        resultat := DBTaskResult.objects.ready().filter(task_path=TACHE_EMAIL_LIEN).get_locked()
    ) is not None:
        resultat.claim("test")
        resultat.set_successful(
            resultat.task.call(*resultat.args_kwargs["args"], **resultat.args_kwargs["kwargs"])
        )
        nombre += 1
    return nombre
