"""Partners' API keys and allowed origins on the public endpoint."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from epds.models import Partenaire
from hub.models import CleApi

MUTATION = json.dumps({"query": "mutation { __typename }", "variables": {"input": {"source": "caf"}}})


def codes(response):
    return [e.get("extensions", {}).get("code") for e in response.json().get("errors", [])]


@pytest.fixture
def caf(db):
    return Partenaire.objects.create(nom="CAF", slug="caf", origines_autorisees=["https://www.caf.fr"])


def make_key(partenaire, **portees):
    cle = CleApi(partenaire=partenaire, nom="serveur", **portees)
    key = cle.generer()
    cle.save()
    return cle, key


def post(body, **headers):
    return Client().post("/graphql/", body, content_type="application/json", **headers)


def test_only_a_hash_of_the_key_is_stored(caf):
    cle, key = make_key(caf)
    assert key not in json.dumps(list(CleApi.objects.values()), default=str)
    assert CleApi.verifier(key) == cle
    assert CleApi.verifier(key[:-1] + ("A" if key[-1] != "A" else "B")) is None


def test_wrong_and_revoked_keys_are_refused(caf):
    assert codes(post(MUTATION, HTTP_X_API_KEY="mj_000000000000_nope")) == ["CLE_INVALIDE"]
    cle, key = make_key(caf, portee_epds=True)
    assert post(MUTATION, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    cle.revoquer()
    refused = post(MUTATION, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert refused.status_code == 401
    assert codes(refused) == ["CLE_INVALIDE"]


def test_read_only_key_cannot_submit(caf):
    _, key = make_key(caf, portee_lecture=True, portee_epds=False)
    refused = post(MUTATION, HTTP_X_API_KEY=key)
    assert refused.status_code == 403
    assert codes(refused) == ["PORTEE_INSUFFISANTE"]
    # it still reads content
    assert post(json.dumps({"query": "{ pages { id } }"}), HTTP_X_API_KEY=key).status_code == 200


def test_key_of_another_partner_cannot_submit_for_caf(caf):
    autre = Partenaire.objects.create(nom="Autre", slug="autre")
    _, key = make_key(autre, portee_epds=True)
    assert codes(post(MUTATION, HTTP_X_API_KEY=key)) == ["PARTENAIRE_INCOHERENT"]


def test_mutations_from_browsers_need_an_allowed_origin(caf):
    allowed = post(MUTATION, HTTP_ORIGIN="https://www.caf.fr")
    assert allowed.status_code == 200
    assert allowed["Access-Control-Allow-Origin"] == "https://www.caf.fr"
    refused = post(MUTATION, HTTP_ORIGIN="https://evil.example")
    assert refused.status_code == 403
    assert codes(refused) == ["ORIGINE_NON_AUTORISEE"]
    assert "Access-Control-Allow-Origin" not in refused


def test_preflight_answers_partners_origins_only(caf):
    ok = Client().options(
        "/graphql/", HTTP_ORIGIN="https://www.caf.fr", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert ok.status_code == 204 and ok["Access-Control-Allow-Origin"] == "https://www.caf.fr"
    assert "Content-Type" in ok["Access-Control-Allow-Headers"]
    ko = Client().options("/graphql/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in ko


def test_inactive_partner_origin_is_refused(caf):
    caf.actif = False
    caf.save()
    assert codes(post(MUTATION, HTTP_ORIGIN="https://www.caf.fr")) == ["ORIGINE_NON_AUTORISEE"]


def test_production_requires_a_partner_for_mutations(caf, settings):
    settings.GRAPHQL_MUTATIONS_REQUIRE_PARTNER = True
    assert codes(post(MUTATION)) == ["PARTENAIRE_REQUIS"]


def test_admin_creates_a_key_shown_once_and_revokes_it(caf):
    admin = get_user_model().objects.create_superuser("admin", "a@example.org", "x")
    client = Client()
    client.force_login(admin)
    response = client.post(
        "/admin/snippets/hub/cleapi/add/",
        {"partenaire": caf.pk, "nom": "production", "portee_lecture": "on", "portee_epds": "on"},
        follow=True,
    )
    assert response.status_code == 200
    shown = re.search(r"mj_[0-9a-f]{12}_[A-Za-z0-9_-]+", response.content.decode())
    assert shown, "the key is shown once after creation"
    cle = CleApi.objects.get()
    assert CleApi.verifier(shown.group(0)) == cle
    listing = client.get("/admin/snippets/hub/cleapi/").content.decode()
    assert shown.group(0) not in listing
    client.post(
        f"/admin/snippets/hub/cleapi/edit/{cle.pk}/",
        {
            "partenaire": caf.pk,
            "nom": "production",
            "portee_lecture": "on",
            "portee_epds": "on",
            "revoquer": "on",
        },
    )
    cle.refresh_from_db()
    assert cle.revoquee_le is not None
    assert CleApi.verifier(shown.group(0)) is None


def test_soumettre_epds_with_keys(db):
    """The real mutation: a read-only key is refused and nothing is stored; an EPDS key submits."""
    from django.core.management import call_command

    from epds.models import QuestionnaireEpds, SoumissionEpds
    from tests.operations import load_operation

    call_command("load_epds", stdout=open("/dev/null", "w"))
    version = QuestionnaireEpds.objects.get(locale__language_code="fr", publie=True).version
    widget = Partenaire.objects.create(nom="Site partenaire", slug="site-partenaire")
    body = json.dumps(
        {
            "query": load_operation("SoumettreEpds"),
            "variables": {"input": {"source": "site-partenaire", "version": version, "reponses": [0] * 10}},
        }
    )
    _, lecture = make_key(widget, portee_lecture=True, portee_epds=False)
    refused = post(body, HTTP_X_API_KEY=lecture)
    assert refused.status_code == 403 and codes(refused) == ["PORTEE_INSUFFISANTE"]
    assert codes(post(body, HTTP_X_API_KEY="mj_0123456789ab_faux")) == ["CLE_INVALIDE"]
    assert SoumissionEpds.objects.count() == 0
    _, epds_key = make_key(widget, portee_epds=True)
    accepted = post(body, HTTP_X_API_KEY=epds_key).json()
    assert accepted["data"]["soumettreEpds"]["errors"] == []
    assert SoumissionEpds.objects.count() == 1
