"""The one way tests run background tasks: the project's own `manage.py worker` (what production
runs), over the due tasks, then return."""

from django.core.management import call_command


def worker(*extra: str) -> None:
    call_command(
        "worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", *extra, verbosity=0
    )
