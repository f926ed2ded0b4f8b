"""Hand-made malformed requests, beside the generated ones of test_fuzz.py: each one answers a
4xx with a JSON error code, never a 500 nor ERREUR_INTERNE.

`MALFORMED` is also what `python -m tests.bench.bench_dos` counts and sends.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.test import Client


@dataclass(frozen=True)
class Case:
    label: str
    body: str | bytes = ""
    content_type: str = "application/json"
    method: str = "POST"
    path: str = "/graphql/"
    params: dict | None = None


def _q(query: str, **extra) -> str:
    return json.dumps({"query": query, **extra})


def _nested(depth: int, opening: str = "[", closing: str = "]") -> str:
    return opening * depth + closing * depth


BIG = "1" + "0" * 30  # 10**30
VARIABLES_INT = "query ($n: Int) { pages(limit: $n) { id } }"
VARIABLES_FLOAT = (
    "query ($lat: Float!) { professionnels(first: 1, recherche: {autourDe: {latitude: $lat, longitude: 2}})"
    " { edges { node { nom } } } }"
)
DEEP_SELECTION = "{ pages " + "{ children " * 300 + "{ id }" + " }" * 301

MALFORMED: list[Case] = [
    # --- the body itself
    Case("empty JSON body", ""),
    Case("not JSON", "query { pages { id } }"),
    Case("truncated JSON", '{"query": "{ pages { id } }"'),
    Case("JSON array", "[]"),
    Case("JSON string", '"{ pages { id } }"'),
    Case("JSON number", "42"),
    Case("JSON null", "null"),
    Case("invalid UTF-8", b'{"query": "\xff\xfe"}'),
    Case("array nested 40 000 deep", _nested(40_000)),
    Case("object nested 40 000 deep", '{"a":' * 40_000 + "1" + "}" * 40_000),
    Case(
        "variables nested 40 000 deep",
        '{"query": "{ __typename }", "variables": {"a": ' + _nested(40_000) + "}}",
    ),
    Case(
        "variables nested 100 deep", '{"query": "{ __typename }", "variables": {"a": ' + _nested(100) + "}}"
    ),
    Case("NaN in the body", '{"query": "{ __typename }", "variables": {"x": NaN}}'),
    Case("Infinity in the body", '{"query": "{ __typename }", "variables": {"x": Infinity}}'),
    # --- types of the fields
    Case("query is a number", json.dumps({"query": 42})),
    Case("query is a list", json.dumps({"query": ["{ pages { id } }"]})),
    Case("query is an object", json.dumps({"query": {"a": 1}})),
    Case("query is true", json.dumps({"query": True})),
    Case("query is empty", json.dumps({"query": ""})),
    Case("query is missing", json.dumps({"variables": {}})),
    Case("variables is a list", _q("{ __typename }", variables=[1, 2])),
    Case("variables is a number", _q("{ __typename }", variables=3)),
    Case("variables is a JSON string of a list", _q("{ __typename }", variables="[1]")),
    Case("variables is a string that is not JSON", _q("{ __typename }", variables="{oops")),
    Case("operationName is a number", _q("{ __typename }", operationName=5)),
    Case("operationName names nothing", _q("query A { __typename }", operationName="B")),
    Case("extensions is a list", _q("{ __typename }", extensions=[1])),
    Case("extensions is a number", _q("{ __typename }", extensions=7)),
    Case("extensions is a string that is not JSON", _q("{ __typename }", extensions="{oops")),
    Case("persistedQuery is a string", json.dumps({"extensions": {"persistedQuery": "abc"}})),
    Case("persistedQuery is a list", json.dumps({"extensions": {"persistedQuery": [1]}})),
    Case("persistedQuery is a number", json.dumps({"extensions": {"persistedQuery": 1}})),
    Case("sha256Hash is a number", json.dumps({"extensions": {"persistedQuery": {"sha256Hash": 12}}})),
    Case("sha256Hash is an object", json.dumps({"extensions": {"persistedQuery": {"sha256Hash": {}}}})),
    Case("unknown sha256Hash", json.dumps({"extensions": {"persistedQuery": {"sha256Hash": "0" * 64}}})),
    # --- numbers out of range as variables
    Case("Int variable 1e400", '{"query": "' + VARIABLES_INT + '", "variables": {"n": 1e400}}'),
    Case("Int variable -1e400", '{"query": "' + VARIABLES_INT + '", "variables": {"n": -1e400}}'),
    Case("Int variable Infinity", '{"query": "' + VARIABLES_INT + '", "variables": {"n": Infinity}}'),
    Case("Int variable NaN", '{"query": "' + VARIABLES_INT + '", "variables": {"n": NaN}}'),
    Case("Int variable 10**30", '{"query": "' + VARIABLES_INT + '", "variables": {"n": ' + BIG + "}}"),
    Case(
        "Int variable with 5000 digits",
        '{"query": "' + VARIABLES_INT + '", "variables": {"n": ' + "9" * 5000 + "}}",
    ),
    Case("Int variable 1.5", '{"query": "' + VARIABLES_INT + '", "variables": {"n": 1.5}}'),
    Case(
        "Float variable 1e400", json.dumps({"query": VARIABLES_FLOAT})[:-1] + ', "variables": {"lat": 1e400}}'
    ),
    Case("Float variable NaN", json.dumps({"query": VARIABLES_FLOAT})[:-1] + ', "variables": {"lat": NaN}}'),
    Case(
        "Float variable -Infinity",
        json.dumps({"query": VARIABLES_FLOAT})[:-1] + ', "variables": {"lat": -Infinity}}',
    ),
    # --- grapple's generic fields with huge numbers
    Case("pages offset 10**30", _q(f"{{ pages(offset: {BIG}) {{ id }} }}")),
    Case("pages limit 10**30", _q(f"{{ pages(limit: {BIG}) {{ id }} }}")),
    Case("pages offset 2**31", _q("{ pages(offset: 2147483648) { id } }")),
    Case("pages offset 10**9", _q("{ pages(offset: 1000000000) { id } }")),
    Case("page id 10**30", _q(f'{{ page(id: "{BIG}") {{ id }} }}')),
    Case("page id 10**30 as an Int", _q(f"{{ page(id: {BIG}) {{ id }} }}")),
    Case("pages id 10**30", _q(f"{{ pages(id: {BIG}) {{ id }} }}")),
    Case("image id 10**30", _q(f"{{ image(id: {BIG}) {{ id }} }}")),
    Case("document id 2**63", _q('{ document(id: "9223372036854775808") { id } }')),
    Case(
        "tags offset as a variable 10**30",
        '{"query": "query ($o: PositiveInt) { tags(offset: $o) { id } }", "variables": {"o": ' + BIG + "}}",
    ),
    Case("pages parent 10**30", _q(f'{{ pages(parent: "{BIG}") {{ id }} }}')),
    Case("children id 10**30", _q(f'{{ pages(limit: 1) {{ children(id: "{BIG}") {{ id }} }} }}')),
    Case("children offset 10**30", _q(f"{{ pages(limit: 1) {{ children(offset: {BIG}) {{ id }} }} }}")),
    Case("pages ancestor 10**30", _q(f'{{ pages(ancestor: "{BIG}") {{ id }} }}')),
    Case("images collection 10**30", _q(f'{{ images(collection: "{BIG}") {{ id }} }}')),
    Case(
        "professionnels first 10**30",
        _q(f"{{ professionnels(first: {BIG}) {{ edges {{ node {{ nom }} }} }} }}"),
    ),
    # --- NUL characters
    Case(
        "NUL in a variable",
        '{"query": "query ($s: String!) { article(slug: $s) { slug } }", "variables": {"s": "a\\u0000b"}}',
    ),
    Case("NUL in a variable's key", '{"query": "{ __typename }", "variables": {"a\\u0000": 1}}'),
    Case("NUL in a string literal", _q('{ article(slug: "a\\u0000b") { slug } }')),
    Case("NUL raw in the document", _q("{ __typename \x00 }")),
    Case("NUL in the operation name", _q("query A { __typename }", operationName="A\x00")),
    Case(
        "NUL in a nested input",
        _q('{ professionnels(first: 1, recherche: {texte: "x\\u0000"}) { edges { node { nom } } } }'),
    ),
    # --- documents
    Case("unknown fragment", _q("{ ...Absent }")),
    Case("fragment spreading itself", _q("{ ...A } fragment A on Query { ...A }")),
    Case(
        "two fragments in a cycle", _q("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }")
    ),
    Case(
        "exponential fragments",
        _q(
            "{ ...F0 } "
            + " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(30))
            + " fragment F30 on Query { __typename }"
        ),
    ),
    Case("selection nested 300 deep", _q(DEEP_SELECTION)),
    Case("list value nested 2 000 deep", _q("{ pages(id: " + _nested(2000) + ") { id } }")),
    Case(
        "object value nested 2 000 deep",
        _q(
            "{ professionnels(recherche: "
            + "{texte: " * 2000
            + "1"
            + "}" * 2000
            + ") { edges { node { nom } } } }"
        ),
    ),
    Case("5 000 aliases", _q("{ " + " ".join(f"a{i}: __typename" for i in range(5000)) + " }")),
    Case("syntax error", _q("{ pages { id }")),
    Case("unterminated string", _q('{ article(slug: "abc) { slug } }')),
    Case("unterminated block string", _q('{ article(slug: """abc) { slug } }')),
    Case("mutation over GET", "", method="GET", params={"query": "mutation { __typename }"}),
    Case("introspection when disabled", _q("{ __schema { types { name } } }")),
    # --- other routes
    Case("POST /graphql without the slash, bad body", "{oops", path="/graphql"),
    Case(
        "calendar year 1",
        method="GET",
        path="/calendrier.ics",
        params={"situation": "ENFANT", "date": "0001-01-01"},
    ),
    Case(
        "calendar year 9999",
        method="GET",
        path="/calendrier.ics",
        params={"situation": "GROSSESSE", "date": "9999-12-31"},
    ),
    Case(
        "calendar today year 1",
        method="GET",
        path="/calendrier.ics",
        params={"situation": "ENFANT", "date": "2026-01-01", "aujourdhui": "0001-01-01"},
    ),
    Case(
        "calendar today year 9999",
        method="GET",
        path="/calendrier.ics",
        params={"situation": "ENFANT", "date": "2026-01-01", "aujourdhui": "9999-12-31"},
    ),
    Case(
        "calendar NUL",
        method="GET",
        path="/calendrier.ics",
        params={"situation": "ENFANT", "date": "2026-01-01\x00"},
    ),
    Case(
        "calendar expected 9999, today 9999",
        method="GET",
        path="/calendrier.ics",
        params={"situation": "GROSSESSE", "date": "9999-12-01", "aujourdhui": "9999-11-30"},
    ),
    Case(
        "calendar expected year 1, today year 1",
        method="GET",
        path="/calendrier.ics",
        params={"situation": "GROSSESSE", "date": "0001-03-01", "aujourdhui": "0001-01-01"},
    ),
    Case(
        "calendar born 9998, today 9999",
        method="GET",
        path="/calendrier.ics",
        params={"situation": "ENFANT", "date": "9998-12-01", "aujourdhui": "9999-01-01"},
    ),
    Case(
        "calendar born year 1, today year 1",
        method="GET",
        path="/calendrier.ics",
        params={"situation": "ENFANT", "date": "0001-01-01", "aujourdhui": "0001-03-01"},
    ),
]

# Refused while running (the argument's value is only known to the resolver's middleware):
# HTTP 200 with a coded error and no data, the GraphQL convention for field errors.
REFUSED_AT_EXECUTION: list[Case] = [
    Case(
        "parcours born year 1",
        _q('{ parcours(situation: ENFANT, date: "0001-01-01", aujourdhui: "0001-03-01") { ageEnJours } }'),
    ),
    Case(
        "parcours expected 9999, today 9999",
        _q(
            '{ parcours(situation: GROSSESSE, date: "9999-12-01", aujourdhui: "9999-11-30") { semaineAmenorrhee } }'
        ),
    ),
    Case(
        "mesures updated since year 1",
        _q('{ mesures(misAJourDepuis: "0001-01-01T00:00:00+01:00") { slug } }'),
    ),
    Case(
        "articles updated since year 9999",
        _q('{ articles(misAJourDepuis: "9999-12-31T23:59:59-05:00") { edges { node { slug } } } }'),
    ),
]


def send(case: Case, client: Client | None = None):
    client = client or Client()
    if case.method == "GET":
        return client.get(case.path, case.params or {}, HTTP_ACCEPT="application/json")
    path = case.path
    if case.params:
        from urllib.parse import urlencode

        path = f"{path}?{urlencode(case.params)}"
    return client.generic("POST", path, case.body, content_type=case.content_type)


@pytest.mark.django_db
@pytest.mark.parametrize("case", MALFORMED, ids=[c.label for c in MALFORMED])
def test_malformed_request_is_a_coded_client_error(case, settings):
    settings.GRAPHQL_CACHE_SECONDS = 0
    settings.GRAPHQL_INTROSPECTION = False
    response = send(case)
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    body = response.json()
    errors = body.get("errors")
    assert errors, body
    for error in errors:
        assert isinstance(error.get("message"), str)
        assert error.get("extensions", {}).get("code") not in (None, "ERREUR_INTERNE"), error


def test_there_are_dozens_of_malformed_cases():
    assert len(MALFORMED) >= 50


@pytest.mark.django_db
@pytest.mark.parametrize("case", REFUSED_AT_EXECUTION, ids=[c.label for c in REFUSED_AT_EXECUTION])
def test_values_refused_at_execution_are_coded_never_internal(case, settings):
    settings.GRAPHQL_CACHE_SECONDS = 0
    response = send(case)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["DATE_INVALIDE"]
