"""Per-stage and per-theme feeds of published articles: RSS 2.0, Atom (feedgen), JSON Feed 1.1.

Each entry carries its canonical URL, licence and attribution (`contenus.syndication`), so that
a partner may republish it as the licence requires.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.templatetags.static import static
from django.utils.html import format_html
from feedgen.feed import FeedGenerator

from contenus import services, syndication
from contenus.blocks import blocs_du_corps
from contenus.models import ArticlePage, Etape, ParametresSyndication, Thematique

NOMBRE_MAX = 50
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
FEUILLE_DE_STYLE = "contenus/flux.xsl"
# Chromium shows application/rss+xml and application/atom+xml as plain text, XSL ignored: a
# browser (asking for HTML) gets the same feed labelled as XML, which it renders with the XSL.
TYPE_POUR_NAVIGATEUR = "application/xml; charset=utf-8"
TYPES_DE_CONTENU = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}


@dataclass
class Flux:
    titre: str
    description: str
    url: str  # this feed's own address
    accueil: str  # the site
    articles: list[ArticlePage]
    reglages: ParametresSyndication


def articles(genre: str, objet: Etape | Thematique) -> list[ArticlePage]:
    """The published articles of a stage or a theme, last updated first."""
    filtre = {"etape": objet.slug} if genre == "etapes" else {"thematique": objet.slug}
    return list(services.filtrer_articles(**filtre).order_by("-last_published_at", "-pk")[:NOMBRE_MAX])


def _contenu_html(article: ArticlePage) -> str:
    """The article's body as HTML. Rich text blocks are HTML already; every plain-text value
    (section titles, the summary) is escaped: partners' readers render this HTML."""
    morceaux = [
        str(bloc.texte) if bloc.titre is None else format_html("<h2>{}</h2>{}", bloc.titre, bloc.texte)
        for bloc in blocs_du_corps(article.corps)
    ]
    return "\n".join(morceaux) or format_html("<p>{}</p>", article.resume)


def _url(flux: Flux, article: ArticlePage) -> str:
    return syndication.url_article(article)


def _generateur(flux: Flux) -> FeedGenerator:
    fg = FeedGenerator()
    fg.load_extension("dc")
    fg.id(flux.url)
    fg.title(flux.titre)
    fg.subtitle(flux.description)  # RSS <description>
    fg.link(href=flux.accueil, rel="alternate")
    fg.link(href=flux.url, rel="self")
    fg.language("fr")
    fg.rights(f"{flux.reglages.licence} — {flux.reglages.attribution}")
    fg.author({"name": flux.reglages.attribution})
    if flux.articles:
        fg.updated(max(a.last_published_at for a in flux.articles))
    for article in flux.articles:
        url = _url(flux, article)
        fe = fg.add_entry(order="append")
        fe.id(url)
        fe.guid(url, permalink=True)
        fe.title(article.title)
        fe.link(href=url, rel="alternate")
        fe.summary(article.resume)  # Atom: a text element
        fe.description(escape(article.resume))  # RSS: readers render <description> as HTML
        fe.content(_contenu_html(article), type="html")
        fe.published(article.first_published_at)
        fe.updated(article.last_published_at)
        fe.rights(syndication.licence(article, flux.reglages))
        fe.dc.dc_rights(syndication.licence(article, flux.reglages))
        fe.dc.dc_creator(syndication.attribution(article, flux.reglages))
        for thematique in article.thematiques.all():
            fe.category(term=thematique.nom)
    return fg


def _pour_les_navigateurs(xml: bytes) -> bytes:
    """Adds the processing instruction that shows the feed as a page in a browser (an XSL
    stylesheet of the hub, same origin); feed readers ignore it, the feed stays valid."""
    feuille = escape(static(FEUILLE_DE_STYLE), quote=True).encode()
    instruction = b'<?xml-stylesheet type="text/xsl" href="' + feuille + b'"?>\n'
    declaration, fin, reste = xml.partition(b"?>")
    if not declaration.startswith(b"<?xml") or not fin:
        return instruction + xml
    return declaration + fin + b"\n" + instruction + reste.lstrip(b"\n")


def rss(flux: Flux) -> bytes:
    return _pour_les_navigateurs(_generateur(flux).rss_str(pretty=True))


def atom(flux: Flux) -> bytes:
    return _pour_les_navigateurs(_generateur(flux).atom_str(pretty=True))


def json_feed(flux: Flux) -> dict:
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/); licence in the `_licence` extension."""
    items = []
    for article in flux.articles:
        url = _url(flux, article)
        licence = syndication.licence(article, flux.reglages)
        attribution = syndication.attribution(article, flux.reglages)
        items.append(
            {
                "id": url,
                "url": url,
                "title": article.title,
                "summary": article.resume,
                "content_html": _contenu_html(article),
                "date_published": article.first_published_at.isoformat(),
                "date_modified": article.last_published_at.isoformat(),
                "authors": [{"name": attribution}],
                "tags": [t.nom for t in article.thematiques.all()],
                "language": "fr",
                "_licence": {"licence": licence, "attribution": attribution},
            }
        )
    return {
        "version": JSON_FEED_VERSION,
        "title": flux.titre,
        "home_page_url": flux.accueil,
        "feed_url": flux.url,
        "description": flux.description,
        "language": "fr",
        "authors": [{"name": flux.reglages.attribution}],
        "_licence": {
            "licence": flux.reglages.licence,
            "url": flux.reglages.licence_url,
            "attribution": flux.reglages.attribution,
        },
        "items": items,
    }
