"""GraphiQL works offline: its page loads only the hub's own static files (vendored in
hub/static/vendor/graphiql/ at the versions grapple's view names), nothing from a CDN."""

from __future__ import annotations

import inspect
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parents[2]


class Ressources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.adresses: list[str] = []

    def handle_starttag(self, tag, attrs):
        for nom, valeur in attrs:
            if nom in ("src", "href") and valeur:
                self.adresses.append(valeur)


@pytest.mark.django_db
def test_graphiql_page_references_no_external_host(client, settings):
    reponse = client.get("/graphiql/")
    assert reponse.status_code == 200
    page = reponse.content.decode()
    lecteur = Ressources()
    lecteur.feed(page)
    assert len(lecteur.adresses) >= 5, lecteur.adresses
    for adresse in lecteur.adresses:
        assert adresse.startswith(settings.STATIC_URL) and not adresse.startswith("//"), adresse
        assert finders.find(adresse.removeprefix(settings.STATIC_URL)), adresse
    assert not re.search(r"https?://(?!www\.w3\.org)", page), re.findall(r"https?://[^\s\"']+", page)


def test_vendored_versions_are_those_grapple_expects():
    from grapple import urls

    versions = json.loads((ROOT / "hub" / "static" / "vendor" / "graphiql" / "VERSIONS.json").read_text())
    source = inspect.getsource(urls.graphiql)
    assert f'"GRAPHIQL_VERSION": "{versions["graphiql"]}"' in source
    assert f'"REACT_VERSION": "{versions["react"]}"' in source
    assert versions["react-dom"] == versions["react"]  # the template loads both at REACT_VERSION
    for fichier in ("graphiql.min.js", "graphiql.min.css"):
        contenu = (ROOT / "hub" / "static" / "vendor" / "graphiql" / fichier).read_text()
        assert "https://unpkg.com" not in contenu and "sourceMappingURL" not in contenu
