"""Creates (once) a local administrator for `make run` and prints its credentials."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"


class Command(BaseCommand):
    help = "Crée un compte administrateur local (DEBUG uniquement) et affiche ses identifiants."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Réservé au poste local (DEBUG=1) : en production, utilisez createsuperuser.")
        User = get_user_model()
        user = User.objects.filter(username=USERNAME).first()
        password = secrets.token_urlsafe(12)
        if user is None:
            user = User.objects.create_superuser(USERNAME, "admin@1000jours.local", password)
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        self.stdout.write(
            self.style.SUCCESS(f"Compte local : identifiant « {USERNAME} », mot de passe « {password} »")
        )
