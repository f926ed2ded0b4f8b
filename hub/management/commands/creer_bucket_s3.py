"""`manage.py creer_bucket_s3`: creates the media bucket (AWS_STORAGE_BUCKET_NAME) when it does not
exist. Idempotent; the compose file's one-shot `s3-bucket` runs it before the hub starts (a
managed S3's bucket is made by its provider)."""

from __future__ import annotations

from botocore.exceptions import ClientError
from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Crée le bucket S3 des médias s'il n'existe pas (idempotent)."

    def handle(self, *args, **options):
        if not settings.AWS_STORAGE_BUCKET_NAME:
            raise CommandError("AWS_STORAGE_BUCKET_NAME n'est pas défini : les médias sont sur le disque.")
        stockage = storages["default"]
        client = stockage.connection.meta.client
        try:
            client.head_bucket(Bucket=stockage.bucket_name)
            self.stdout.write(f"Bucket {stockage.bucket_name} présent.")
        except ClientError:
            client.create_bucket(Bucket=stockage.bucket_name)
            self.stdout.write(self.style.SUCCESS(f"Bucket {stockage.bucket_name} créé."))
