"""Per-stage and per-theme feeds: RSS 2.0, Atom, JSON Feed 1.1, published articles only."""

from __future__ import annotations

import json

import feedparser
import pytest

from tests.support.factories import article

FORMATS = ["rss", "atom", "json"]


@pytest.fixture
def contenu(reference):
    from contenus.models import ArticlePage, Etape, Thematique

    etape = Etape.objects.create(nom="Étape de test", slug="etape-test", ordre=90, debut=0, fin=10)
    autre = Etape.objects.create(nom="Autre étape", slug="autre-etape", ordre=91, debut=10, fin=20)
    theme = Thematique.objects.create(nom="Sommeil", slug="sommeil-test")
    article("publie-un", titre="Publié un", etapes=[etape], thematiques=[theme], resume="Premier résumé.")
    article(
        "publie-deux",
        titre="Publié deux",
        etapes=[etape],
        licence="CC BY 4.0",
        attribution="Santé publique France",
    )
    article("brouillon", etapes=[etape], thematiques=[theme], publier=False)
    article("depublie", etapes=[etape], thematiques=[theme])
    ArticlePage.objects.get(slug="depublie").unpublish()
    article("ailleurs", etapes=[autre], thematiques=[])
    return etape, theme


def lire(client, url):
    reponse = client.get(url)
    assert reponse.status_code == 200, reponse.content[:300]
    return reponse


@pytest.mark.parametrize("format_", ["rss", "atom"])
def test_stage_feed_lists_the_published_articles_only(client, contenu, format_):
    reponse = lire(client, f"/flux/etapes/etape-test.{format_}")
    assert reponse["Content-Type"].startswith(f"application/{format_}+xml")
    flux = feedparser.parse(reponse.content)
    assert not flux.bozo, flux.bozo_exception
    assert flux.version == ("rss20" if format_ == "rss" else "atom10")
    assert flux.feed.title == "1000 premiers jours — Étape de test"
    assert sorted(e.link for e in flux.entries) == [
        "http://127.0.0.1:8000/articles/publie-deux/",
        "http://127.0.0.1:8000/articles/publie-un/",
    ]
    # The last updated comes first.
    assert [e.title for e in flux.entries] == ["Publié deux", "Publié un"]
    entrees = {e.title: e for e in flux.entries}
    assert entrees["Publié un"].summary == "Premier résumé."
    assert entrees["Publié un"].rights == "Licence Ouverte 2.0"
    assert entrees["Publié deux"].rights == "CC BY 4.0"
    assert entrees["Publié deux"].author == "Santé publique France"
    assert entrees["Publié un"].published_parsed and entrees["Publié un"].updated_parsed


@pytest.mark.parametrize("format_", ["rss", "atom"])
def test_theme_feed(client, contenu, format_):
    flux = feedparser.parse(lire(client, f"/flux/thematiques/sommeil-test.{format_}").content)
    assert not flux.bozo
    assert [e.link for e in flux.entries] == ["http://127.0.0.1:8000/articles/publie-un/"]
    assert [t.term for t in flux.entries[0].tags] == ["Sommeil"]


def test_json_feed_1_1(client, contenu):
    reponse = lire(client, "/flux/etapes/etape-test.json")
    assert reponse["Content-Type"].startswith("application/feed+json")
    flux = json.loads(reponse.content)
    # Required by JSON Feed 1.1: version, title, items; each item an id and content_html or content_text.
    assert flux["version"] == "https://jsonfeed.org/version/1.1"
    assert flux["title"] == "1000 premiers jours — Étape de test"
    assert flux["feed_url"] == "http://127.0.0.1:8000/flux/etapes/etape-test.json"
    assert isinstance(flux["items"], list)
    for item in flux["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert "content_html" in item or "content_text" in item
    assert [i["url"] for i in flux["items"]] == [
        "http://127.0.0.1:8000/articles/publie-deux/",
        "http://127.0.0.1:8000/articles/publie-un/",
    ]
    assert [i["_licence"]["licence"] for i in flux["items"]] == ["CC BY 4.0", "Licence Ouverte 2.0"]
    assert flux["items"][0]["authors"] == [{"name": "Santé publique France"}]
    assert flux["_licence"]["licence"] == "Licence Ouverte 2.0"


def test_site_wide_licence_is_editable(client, contenu):
    from contenus.models import ParametresSyndication

    reglages = ParametresSyndication.load()
    reglages.licence = "CC BY-SA 4.0"
    reglages.save()
    items = json.loads(lire(client, "/flux/etapes/etape-test.json").content)["items"]
    assert [i["_licence"]["licence"] for i in items] == ["CC BY 4.0", "CC BY-SA 4.0"]


@pytest.mark.parametrize(
    "url",
    [
        "/flux/etapes/inconnue.rss",
        "/flux/thematiques/inconnue.json",
        "/flux/etapes/etape-test.xml",
        "/flux/lieux/x.rss",
    ],
)
def test_unknown_feeds_are_404(client, contenu, url):
    assert client.get(url).status_code == 404


def test_an_empty_stage_gives_a_valid_empty_feed(client, reference):
    from contenus.models import Etape

    Etape.objects.create(nom="Vide", slug="vide", ordre=92, debut=30, fin=40)
    for format_ in FORMATS:
        contenu = lire(client, f"/flux/etapes/vide.{format_}").content
        if format_ == "json":
            assert json.loads(contenu)["items"] == []
        else:
            flux = feedparser.parse(contenu)
            assert not flux.bozo and flux.entries == []


def test_feed_cost_does_not_grow_with_articles(client, contenu, django_assert_max_num_queries):
    from contenus.models import Etape

    etape = Etape.objects.get(slug="etape-test")
    for i in range(5):
        article(f"en-plus-{i}", etapes=[etape])
    with django_assert_max_num_queries(12):
        lire(client, "/flux/etapes/etape-test.atom")


def test_an_unchanged_feed_is_a_304(client, contenu):
    from contenus.models import ArticlePage

    premiere = lire(client, "/flux/etapes/etape-test.atom")
    etag = premiere["ETag"]
    assert etag and premiere["Cache-Control"] == "public, max-age=900"
    assert client.get("/flux/etapes/etape-test.atom", HTTP_IF_NONE_MATCH=etag).status_code == 304
    page = ArticlePage.objects.get(slug="publie-un")
    page.title = "Publié un, corrigé"
    page.save_revision().publish()
    reponse = client.get("/flux/etapes/etape-test.atom", HTTP_IF_NONE_MATCH=etag)
    assert reponse.status_code == 200 and reponse["ETag"] != etag
    assert "Publié un, corrigé" in [e.title for e in feedparser.parse(reponse.content).entries]


def test_the_feed_address_ignores_the_query_string(client, contenu):
    flux = json.loads(lire(client, "/flux/etapes/etape-test.json?utm_source=partenaire").content)
    assert flux["feed_url"] == "http://127.0.0.1:8000/flux/etapes/etape-test.json"


@pytest.mark.parametrize("format_", FORMATS)
def test_plain_text_is_escaped_in_the_html_content(client, reference, format_):
    """Section titles and summaries are plain text: never markup in partners' readers."""
    from contenus.models import Etape

    etape = Etape.objects.create(nom="Étape XSS", slug="etape-xss", ordre=92, debut=0, fin=10)
    article(
        "avec-section",
        etapes=[etape],
        corps=[("section", {"titre": "<script>alert(1)</script>", "texte": "<p>Texte <b>riche</b></p>"})],
    )
    article("sans-corps", etapes=[etape], resume="<img src=x onerror=alert(2)>")
    contenu = lire(client, f"/flux/etapes/etape-xss.{format_}").content
    if format_ == "json":
        html = " ".join(item["content_html"] for item in json.loads(contenu)["items"])
    else:
        html = " ".join(e.content[0].value for e in feedparser.parse(contenu).entries)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<b>riche</b>" in html  # rich text stays HTML
    if format_ == "rss":  # readers render an RSS <description> as HTML too
        resumes = [e.summary for e in feedparser.parse(contenu).entries]
        assert "&lt;img src=x onerror=alert(2)&gt;" in resumes


@pytest.mark.parametrize("format_", ["rss", "atom"])
def test_feeds_show_as_a_page_in_a_browser_and_stay_valid(client, contenu, format_):
    from pathlib import Path

    from django.contrib.staticfiles import finders
    from lxml import etree

    reponse = lire(client, f"/flux/etapes/etape-test.{format_}")
    corps = reponse.content
    assert corps.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n")
    assert b'<?xml-stylesheet type="text/xsl" href="/static/contenus/flux.xsl"?>' in corps.split(b"\n")[1]
    assert not feedparser.parse(corps).bozo
    document = etree.fromstring(corps)
    # The stylesheet is a static file of the hub (same origin): transformed, a French page.
    feuille = etree.XSLT(etree.parse(finders.find("contenus/flux.xsl")))
    page = str(feuille(document))
    assert '<html lang="fr">' in page
    assert "<title>1000 premiers jours — Étape de test (flux d’actualités)</title>" in page
    assert "<h1>1000 premiers jours — Étape de test</h1>" in page
    lien = next(e.link for e in feedparser.parse(corps).entries if e.title == "Publié un")
    assert f'<a href="{lien}">Publié un</a>' in page
    assert "Premier résumé." in page
    assert Path(finders.find("contenus/flux.xsl")).read_bytes().startswith(b"<?xml")
    # Browsers ask for HTML: the same feed, labelled XML so that they apply the stylesheet.
    navigateur = client.get(f"/flux/etapes/etape-test.{format_}", HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert navigateur["Content-Type"] == "application/xml; charset=utf-8"
    assert navigateur.content == corps and "Accept" in navigateur["Vary"]
