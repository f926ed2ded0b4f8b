"""The one helper of cache headers and error envelopes (hub/http.py)."""

from __future__ import annotations

import json

from django.http import HttpResponse

from hub import http


def test_an_error_has_the_graphql_shape_and_is_never_kept():
    reponse = http.error_response("HOTE_INVALIDE", "Hôte non autorisé.", 400)
    assert reponse.status_code == 400 and reponse["Content-Type"] == "application/json"
    assert json.loads(reponse.content) == {
        "errors": [{"message": "Hôte non autorisé.", "extensions": {"code": "HOTE_INVALIDE"}}]
    }
    assert reponse["Cache-Control"] == "no-store"


def test_policies_are_spelled_once():
    assert http.cache_control(HttpResponse(), http.public(900))["Cache-Control"] == "public, max-age=900"
    assert http.cache_control(HttpResponse(), http.private(60))["Cache-Control"] == "private, max-age=60"


def test_vary_adds_to_the_headers_already_named():
    reponse = HttpResponse()
    http.vary(reponse, "Accept")
    http.vary(reponse, "Origin", "Accept")
    assert reponse["Vary"] == "Accept, Origin"
