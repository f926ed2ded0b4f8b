import io

import pytest
from django.core.management import call_command


@pytest.fixture
def reference(db):
    """The reference content, as a fresh install has it."""
    call_command("load_parcours", stdout=io.StringIO())


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path


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
