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


# A made-up « repérage TND » questionnaire, a test fixture: no item of it is clinical.
QUESTIONS_TND_FICTIVES = [
    # (numero, domaine, libelle, alerte_si, prioritaire)
    (1, "motricite-globale", "Question fictive de test 1", "NON", False),
    (2, "langage", "Question fictive de test 2", "NON", False),
    (3, "langage", "Question fictive de test 3", "OUI", False),
    (4, "socialisation", "Question fictive de test 4 (prioritaire)", "NON", True),
]


def questionnaire_tnd(cle="fixture-tnd-12-18", debut=12, fin=18, seuil=2, publie=True, questions=None):
    """A published test questionnaire over the domains `load_reperage` loads."""
    from reperage.models import ConseilTnd, DomaineTnd, QuestionnaireTnd, QuestionTnd

    questionnaire = QuestionnaireTnd(
        cle=cle,
        titre=f"Questionnaire fictif {debut}–{fin} mois (fixture de test)",
        introduction="Fixture de test.",
        debut_mois=debut,
        fin_mois=fin,
        seuil_consultation=seuil,
        source_titre="Source fictive de test",
        source_url="https://exemple.test/grille",
        publie=publie,
    )
    questionnaire.questions = [
        QuestionTnd(
            sort_order=numero,
            numero=numero,
            domaine=DomaineTnd.objects.get(code=domaine),
            libelle=libelle,
            alerte_si=alerte_si,
            prioritaire=prioritaire,
        )
        for numero, domaine, libelle, alerte_si, prioritaire in (questions or QUESTIONS_TND_FICTIVES)
    ]
    questionnaire.conseils = [
        ConseilTnd(issue=issue, titre=f"Titre {issue}", conseil=f"Conseil fictif {issue}")
        for issue in ("AUCUN_SIGNE", "A_SURVEILLER", "EN_PARLER_AU_MEDECIN")
    ]
    questionnaire.save()
    return questionnaire
