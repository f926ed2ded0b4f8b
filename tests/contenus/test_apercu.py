"""Drafts are visible only through the preview token of the « Application » preview mode."""

from urllib.parse import parse_qs, urlparse

from django.core import signing
from django.test import RequestFactory

from contenus.models import ArticlePage, Etape


def _jeton(page, admin_user):
    requete = RequestFactory().get("/admin/")
    requete.user = admin_user
    reponse = page.serve_preview(requete, "application")
    assert reponse.status_code == 302
    parametres = parse_qs(urlparse(reponse["Location"]).query)
    assert parametres["type"] == ["article"] and parametres["slug"] == [page.slug]
    return parametres["apercu"][0]


def test_preview_token_shows_the_draft_and_only_it(gql, reference, admin_user):
    page = ArticlePage.objects.get(slug="entretien-prenatal-precoce")
    brouillon = page.get_latest_revision_as_object()
    brouillon.title = "Titre en cours de relecture"
    brouillon.etapes.set([Etape.objects.get(slug="accouchement")])
    jeton = _jeton(brouillon, admin_user)

    apercu = gql.operation("ApercuArticle", {"jeton": jeton})["data"]["apercuArticle"]
    assert apercu["titre"] == "Titre en cours de relecture"
    assert [e["slug"] for e in apercu["etapes"]] == ["accouchement"]
    # the public field still shows the published version
    public = gql.operation("Article", {"slug": "entretien-prenatal-precoce"})["data"]["article"]
    assert public["titre"].startswith("L'entretien prénatal précoce")
    assert [e["slug"] for e in public["etapes"]] == ["debut-de-grossesse", "suite-et-fin-de-grossesse"]


def test_preview_of_a_never_published_article(gql, reference, admin_user):
    from contenus.models import ArticleIndexPage

    nouveau = ArticlePage(title="Tout nouveau", slug="tout-nouveau", resume="Pas encore publié.")
    nouveau.set_url_path(ArticleIndexPage.objects.get())
    apercu = gql.operation("ApercuArticle", {"jeton": _jeton(nouveau, admin_user)})["data"]["apercuArticle"]
    assert apercu["titre"] == "Tout nouveau"


def test_forged_or_unknown_tokens_are_refused(gql, reference):
    for jeton in [
        "n-importe-quoi",
        signing.dumps("cle-inconnue", salt="contenus.apercu"),
        signing.dumps("x"),
    ]:
        data = gql.operation("ApercuArticle", {"jeton": jeton})
        assert data["data"]["apercuArticle"] is None
        assert [e["extensions"]["code"] for e in data["errors"]] == ["APERCU_INVALIDE"]


def test_the_application_preview_works_without_a_front_end(client, reference, admin_user, settings):
    """PREVIEW_CLIENT_URL's default is the hub's own /apercu/: the draft shows as a page."""
    page = ArticlePage.objects.get(slug="entretien-prenatal-precoce")
    brouillon = page.get_latest_revision_as_object()
    brouillon.title = "Titre en cours de relecture"
    requete = RequestFactory().get("/admin/")
    requete.user = admin_user
    redirection = brouillon.serve_preview(requete, "application")["Location"]
    assert urlparse(redirection).path == "/apercu/"
    reponse = client.get(redirection)
    html = reponse.content.decode()
    assert (
        reponse.status_code == 200 and "Titre en cours de relecture" in html and "Aperçu du brouillon" in html
    )
    assert reponse["Cache-Control"] == "no-store"
    assert client.get("/apercu/", {"type": "article", "apercu": "forge"}).status_code == 404
