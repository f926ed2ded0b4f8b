"""Parenthèque API, admin screens of the snippets, scheduled publishing and preview of articles."""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Collection

from contenus.models import (
    ArticlePage,
    DocumentParentheque,
    Etape,
    Evenement,
    Mesure,
    Thematique,
    VideoParentheque,
)
from tests.support.factories import article


def test_parentheque_by_stage(gql, reference, media):
    etape = Etape.objects.get(slug="les-3-premiers-mois")
    autre = Etape.objects.get(slug="de-1-an-a-2-ans")
    Collection.get_first_root_node() or Collection.add_root(name="Racine")  # a flushed database has none
    fichier = Document.objects.create(title="Livret", file=ContentFile(b"%PDF-1.4\n", name="livret.pdf"))
    doc = DocumentParentheque.objects.create(titre="Le livret des 1000 jours", document=fichier)
    doc.etapes.set([etape])
    doc.save()
    video = VideoParentheque.objects.create(
        titre="Coucher bébé sur le dos",
        url="https://www.example.org/video",
        transcription="Bébé dort sur le dos.",
        thematique=Thematique.objects.get(slug="sommeil-et-securite"),
    )
    video.etapes.set([autre])
    video.save()

    tout = gql.operation("Parentheque")["data"]["parentheque"]
    assert [d["titre"] for d in tout["documents"]] == ["Le livret des 1000 jours"]
    assert (
        tout["documents"][0]["url"].startswith("http")
        # the stored name: a storage (S3 in CI) that already holds a « livret.pdf » suffixes it
        and tout["documents"][0]["nomFichier"] == fichier.file.name.rsplit("/", 1)[-1]
        and tout["documents"][0]["nomFichier"].startswith("livret")
    )
    assert tout["videos"][0]["thematique"]["slug"] == "sommeil-et-securite"
    premiers_mois = gql.operation("Parentheque", {"etape": etape.slug})["data"]["parentheque"]
    assert len(premiers_mois["documents"]) == 1 and premiers_mois["videos"] == []


@pytest.mark.parametrize(
    "model", [Etape, Thematique, Evenement, Mesure, DocumentParentheque, VideoParentheque]
)
def test_admin_screens_of_the_snippets(admin_client, reference, model):
    viewset = model.snippet_viewset
    assert admin_client.get(reverse(viewset.get_url_name("list"))).status_code == 200
    assert admin_client.get(reverse(viewset.get_url_name("add"))).status_code == 200
    objet = model.objects.first()
    if objet is not None:
        assert admin_client.get(reverse(viewset.get_url_name("edit"), args=[objet.pk])).status_code == 200


def test_admin_rejects_an_inverted_range(admin_client, reference):
    etape = Etape(nom="Test", slug="test", ordre=9, debut=10, fin=5)
    with pytest.raises(Exception) as erreur:
        etape.full_clean()
    assert "fin" in str(erreur.value)


def test_scheduled_article_appears_when_its_time_comes(gql, reference):
    page = article("programme", titre="Article programmé", etapes=[Etape.objects.get(ordre=7)], publier=False)
    page.go_live_at = timezone.now() + timedelta(days=1)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    assert gql.operation("Article", {"slug": "programme"})["data"]["article"] is None
    # time passes: the scheduled moment is now in the past
    revision = page.get_latest_revision()
    passe = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = passe
    revision.content["go_live_at"] = passe.isoformat()
    revision.save()
    call_command("publish_scheduled", stdout=io.StringIO())
    assert gql.operation("Article", {"slug": "programme"})["data"]["article"]["titre"] == "Article programmé"


def test_article_preview_in_the_admin(admin_client, reference):
    page = ArticlePage.objects.get(slug="entretien-prenatal-precoce")
    reponse = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert reponse.status_code == 200
    assert (
        "L&#x27;entretien prénatal précoce" in reponse.content.decode()
        or "entretien prénatal" in reponse.content.decode()
    )
