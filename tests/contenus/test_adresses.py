"""Absolute URLs come from SITE_URL only: a client's Host port or forged X-Forwarded-Proto never
reaches an answer that the response cache (or a CDN) serves to everyone."""

from __future__ import annotations

import json

import pytest
from django.core.files.base import ContentFile

from tests.support.factories import article

pytestmark = pytest.mark.django_db

FORGE = {"HTTP_HOST": "localhost:9999", "HTTP_X_FORWARDED_PROTO": "https"}


@pytest.fixture
def document_et_flux(reference, media):
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    from contenus.models import DocumentParentheque, Etape

    Collection.get_first_root_node() or Collection.add_root(name="Racine")
    fichier = Document.objects.create(title="Livret", file=ContentFile(b"%PDF-1.4\n", name="livret.pdf"))
    DocumentParentheque.objects.create(titre="Livret", document=fichier)
    etape = Etape.objects.create(nom="Étape URL", slug="etape-url", ordre=93, debut=0, fin=10)
    article("adresse", etapes=[etape])


def test_a_host_port_the_hub_is_not_served_on_is_refused(client, reference):
    reponse = client.get("/flux/etapes/etape-url.json", HTTP_HOST="localhost:9999")
    assert reponse.status_code == 400
    assert reponse.json()["errors"][0]["extensions"]["code"] == "HOTE_INVALIDE"
    assert client.get("/healthz", HTTP_HOST="127.0.0.1:8000").status_code == 200  # SITE_URL's port


def test_other_host_ports_and_forged_proto_never_reach_cached_urls(client, gql, document_et_flux, settings):
    from tests.operations import load_operation

    settings.ALLOWED_HOST_PORTS = ["9999"]  # an allowed port, yet not the site's address
    query = json.dumps({"query": load_operation("Parentheque")})
    urls = []
    for extra in (FORGE, {}):
        reponse = client.post("/graphql/", query, content_type="application/json", **extra)
        urls.append(reponse.json()["data"]["parentheque"]["documents"][0]["url"])
    assert urls[0] == urls[1] and urls[0].startswith(settings.SITE_URL + "/documents/")

    forge = json.loads(client.get("/flux/etapes/etape-url.json", **FORGE).content)
    assert forge["feed_url"] == f"{settings.SITE_URL}/flux/etapes/etape-url.json"
    assert forge["items"][0]["url"] == f"{settings.SITE_URL}/articles/adresse/"
    assert json.loads(client.get("/flux/etapes/etape-url.json").content) == forge


def test_forwarded_proto_is_believed_behind_a_trusted_proxy_only(rf, settings):
    assert settings.SECURE_PROXY_SSL_HEADER is None  # the default: no trusted proxy
    assert not rf.get("/", HTTP_X_FORWARDED_PROTO="https").is_secure()


def test_wagtail_default_site_follows_site_url(reference, settings):
    from wagtail.models import Site

    from hub.adresses import aligner_site

    settings.SITE_URL = "https://hub.1000jours.example"
    aligner_site()
    assert Site.objects.get(is_default_site=True).root_url == "https://hub.1000jours.example"
