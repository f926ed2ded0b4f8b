"""Factories of the tests: objects built the way the hub builds them, imported by the tests that
need them (conftest modules hold fixtures only)."""

import io


def image(titre="visuel", couleur="#e8a0a0"):
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image
    from wagtail.models import Collection

    Collection.get_first_root_node() or Collection.add_root(name="Racine")  # a flushed database has none
    contenu = io.BytesIO()
    PILImage.new("RGB", (800, 600), couleur).save(contenu, "PNG")
    return Image.objects.create(title=titre, file=ImageFile(contenu, name=f"{titre}.png"))


def article(slug, titre=None, etapes=(), thematiques=(), publier=True, **champs):
    """Creates an article under the articles folder (loaded by `reference`), published by default."""
    from contenus.models import ArticleIndexPage, ArticlePage

    page = ArticlePage(
        slug=slug,
        title=titre or slug.replace("-", " ").capitalize(),
        resume=champs.pop("resume", "Résumé."),
        **champs,
    )
    page = ArticleIndexPage.objects.get().add_child(instance=page)
    page.etapes.set(list(etapes))
    page.thematiques.set(list(thematiques))
    revision = page.save_revision()
    if publier:
        revision.publish()
    else:
        page.live = False
        page.save(update_fields=["live"])
    return ArticlePage.objects.get(pk=page.pk)


def entree_contact(resultat, **champs) -> dict:
    """A valid DemandeContactInput for `resultat`; a field set to None is left out."""
    entree = {
        "resultat": resultat["id"],
        "jeton": resultat["jeton"],
        "prenom": "Camille",
        "canal": "SMS",
        "telephone": "06 12 34 56 78",
        "creneaux": ["MATIN", "APRES_MIDI"],
        "departement": "75",
        "consentement": True,
    }
    entree.update(champs)
    return {k: v for k, v in entree.items() if v is not None}


def compter():
    from epds.models import DemandeContact, DossierSuivi, Notification, SoumissionEpds

    return {
        "soumissions": SoumissionEpds.objects.count(),
        "dossiers": DossierSuivi.objects.count(),
        "demandes": DemandeContact.objects.count(),
        "notifications": Notification.objects.count(),
    }


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
