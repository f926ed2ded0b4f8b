import io

import pytest

from tests.support.reference import load_reference


@pytest.fixture
def reference(db):
    """The reference content, as a fresh install has it (loaded once per session)."""
    load_reference()


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


class Recepteur:
    """A partner's webhook endpoint: a real HTTP server on 127.0.0.1 (ephemeral port), in a thread.

    `reponses` is the queue of status codes to answer (then 200); `attente` delays each answer.
    """

    def __init__(self):
        import http.server
        import threading
        import time

        self.requetes: list[tuple[dict, bytes]] = []
        self.reponses: list[int] = []
        self.attente = 0.0
        recepteur = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                corps = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                recepteur.requetes.append(({k.lower(): v for k, v in self.headers.items()}, corps))
                if recepteur.attente:
                    time.sleep(recepteur.attente)
                code = recepteur.reponses.pop(0) if recepteur.reponses else 200
                self.send_response(code)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.serveur.server_address[1]}/webhooks/1000-jours"
        self.fil = threading.Thread(target=self.serveur.serve_forever, daemon=True)
        self.fil.start()

    def arreter(self):
        self.serveur.shutdown()
        self.serveur.server_close()


@pytest.fixture
def recepteur(settings):
    # Webhooks reach public addresses only: this test's loopback receiver is allowed explicitly.
    settings.WEBHOOK_RESEAUX_AUTORISES = ["127.0.0.1/32"]
    serveur = Recepteur()
    yield serveur
    serveur.arreter()
