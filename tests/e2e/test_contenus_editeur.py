"""An editor publishes an article for a stage in the Wagtail admin; the `parcours` query returns it."""

import io
import json
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from contenus.models import ArticleIndexPage, ArticlePage, Etape
from tests.e2e.conftest import admin_login, assert_accessible


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # restores the Wagtail tree for later tests
def test_editor_publishes_an_article_that_parcours_returns(page, live_server):
    call_command("load_parcours", stdout=io.StringIO())
    get_user_model().objects.create_superuser("editrice", "e@example.org", "mot-de-passe-solide-42")
    rubrique = ArticleIndexPage.objects.get()
    etape = Etape.objects.get(slug="de-4-mois-a-1-an")

    admin_login(page, "editrice", "mot-de-passe-solide-42")
    page.goto(f"/admin/pages/add/contenus/articlepage/{rubrique.pk}/")
    page.fill("#id_title", "La diversification alimentaire, pas à pas")
    page.fill("#id_resume", "Vers 4 à 6 mois, bébé découvre de nouveaux goûts, à son rythme.")
    page.check(f"input[name=etapes][value='{etape.pk}']")
    page.locator("#id_title").blur()  # Wagtail fills the slug from the title
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url("**/admin/pages/**")
    assert page.locator(".messages .success, .messages").first.is_visible()

    article = ArticlePage.objects.get(title="La diversification alimentaire, pas à pas")
    assert article.live and list(article.etapes.all()) == [etape]

    # the hub serves the article page itself: it must be accessible
    page.goto(article.get_url())
    assert page.locator("h1").inner_text() == "La diversification alimentaire, pas à pas"
    assert_accessible(page, "page article")

    # 200 days after birth is in « De 4 mois à 1 an »
    # an app asks the running hub, without the editor's session cookie
    requete = urllib.request.Request(
        f"{live_server.url}/graphql/",
        data=json.dumps(
            {
                "query": "query($d: Date, $a: Date) { parcours(situation: ENFANT, date: $d, aujourdhui: $a) "
                "{ etape { slug } articles(first: 50) { edges { node { slug titre } } } } }",
                "variables": {"d": "2026-01-01", "a": "2026-07-20"},
            }
        ).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(requete, timeout=15) as reponse:
        resultat = json.load(reponse)["data"]["parcours"]
    assert resultat["etape"]["slug"] == "de-4-mois-a-1-an"
    assert article.slug in [e["node"]["slug"] for e in resultat["articles"]["edges"]]
