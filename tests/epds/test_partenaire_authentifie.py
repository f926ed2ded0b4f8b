"""A submission is stored for the partner authenticated by API key or web origin.

Whatever the document looks like — `source` in variables under any name, inline in the document,
or in an input object given whole — a key or an origin of partner A never stores for partner B.
"""

import json

import pytest
from django.test import Client

from tests.epds.reference import indexes_pour
from tests.support.factories import compter


@pytest.fixture
def deux_partenaires(db):
    from epds.models import Partenaire

    a = Partenaire.objects.create(nom="A", slug="partenaire-a", origines_autorisees=["https://a.example.fr"])
    b = Partenaire.objects.create(nom="B", slug="partenaire-b", origines_autorisees=["https://b.example.fr"])
    return a, b


def cle_epds(partenaire) -> str:
    from hub.models import CleApi

    cle = CleApi(partenaire=partenaire, nom="serveur", portee_epds=True)
    brute = cle.generer()
    cle.save()
    return brute


def documents(epds, source):
    """The same submission for `source`, written four ways."""
    reponses = json.dumps(indexes_pour([1] * 10))
    champs = f'version: "{epds.version}", reponses: {reponses}'
    selection = "{ resultat { id score } errors { champ code message } }"
    return {
        "variables": (
            f"mutation($input: SoumissionEpdsInput!) {{ soumettreEpds(input: $input) {selection} }}",
            {"input": {"source": source, "version": epds.version, "reponses": indexes_pour([1] * 10)}},
        ),
        "variable renommée": (
            f"mutation($s: String!) {{ soumettreEpds(input: {{source: $s, {champs}}}) {selection} }}",
            {"s": source},
        ),
        "en ligne": (
            f'mutation {{ soumettreEpds(input: {{source: "{source}", {champs}}}) {selection} }}',
            {},
        ),
        "objet renommé": (
            f"mutation($x: SoumissionEpdsInput!) {{ soumettreEpds(input: $x) {selection} }}",
            {"x": {"source": source, "version": epds.version, "reponses": indexes_pour([1] * 10)}},
        ),
    }


def envoyer(query, variables, **entetes):
    reponse = Client().post(
        "/graphql/",
        json.dumps({"query": query, "variables": variables}),
        content_type="application/json",
        **entetes,
    )
    assert reponse.status_code in (200, 403), reponse.content[:300]
    return reponse.json()


def codes(reponse):
    if "errors" in reponse:  # refused by the endpoint before the document ran
        return [e["extensions"]["code"] for e in reponse["errors"]]
    return [e["code"] for e in reponse["data"]["soumettreEpds"]["errors"]]


@pytest.mark.parametrize("forme", ["variables", "variable renommée", "en ligne", "objet renommé"])
def test_a_key_of_partner_a_never_stores_for_partner_b(epds, deux_partenaires, forme):
    from epds.models import SoumissionEpds

    a, b = deux_partenaires
    cle_a = cle_epds(a)
    query, variables = documents(epds, b.slug)[forme]
    assert codes(envoyer(query, variables, HTTP_X_API_KEY=cle_a)) == ["PARTENAIRE_INCOHERENT"]
    assert compter()["soumissions"] == 0

    query, variables = documents(epds, a.slug)[forme]
    reponse = envoyer(query, variables, HTTP_X_API_KEY=cle_a)
    assert reponse["data"]["soumettreEpds"]["errors"] == []
    assert list(SoumissionEpds.objects.values_list("partenaire__slug", flat=True)) == [a.slug]


@pytest.mark.parametrize("forme", ["variables", "variable renommée", "en ligne", "objet renommé"])
def test_an_origin_of_partner_a_never_stores_for_partner_b(epds, deux_partenaires, forme):
    from epds.models import SoumissionEpds

    a, b = deux_partenaires
    query, variables = documents(epds, b.slug)[forme]
    assert codes(envoyer(query, variables, HTTP_ORIGIN="https://a.example.fr")) == ["ORIGINE_NON_AUTORISEE"]
    assert compter()["soumissions"] == 0

    query, variables = documents(epds, a.slug)[forme]
    reponse = envoyer(query, variables, HTTP_ORIGIN="https://a.example.fr")
    assert reponse["data"]["soumettreEpds"]["errors"] == []
    assert list(SoumissionEpds.objects.values_list("partenaire__slug", flat=True)) == [a.slug]


def test_without_key_nor_origin_a_partner_is_required_in_production(epds, deux_partenaires, settings):
    settings.GRAPHQL_MUTATIONS_REQUIRE_PARTNER = True
    a, _ = deux_partenaires
    for query, variables in documents(epds, a.slug).values():
        assert codes(envoyer(query, variables)) == ["PARTENAIRE_REQUIS"]
    assert compter()["soumissions"] == 0
