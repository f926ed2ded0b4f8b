"""One harness for the GraphQL fuzz tests (hub, annuaire, EPDS): the live schema, generators for
its custom scalars, hypothesis settings, and the check every generated request must pass."""

from __future__ import annotations

import json

from graphql import print_schema
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes

from hub.schema import schema

SDL = print_schema(schema.graphql_schema)

# Custom scalars get generated values too: valid ones and garbage.
_text = st.text(max_size=30).map(nodes.String)
CUSTOM_SCALARS = {
    "Date": st.one_of(st.dates().map(lambda d: nodes.String(d.isoformat())), _text),
    "DateTime": st.one_of(st.datetimes().map(lambda d: nodes.String(d.isoformat() + "+01:00")), _text),
    "PositiveInt": st.integers(min_value=-5, max_value=10**6).map(nodes.Int),
    "UUID": st.one_of(st.uuids().map(lambda u: nodes.String(str(u))), _text),
    "JSONString": st.one_of(st.just(nodes.String("{}")), _text),
}

FUZZ = hypothesis_settings(
    max_examples=120,
    deadline=None,
    derandomize=True,  # reproducible in CI
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


def check(client, query: str) -> dict:
    """No 500, a well-formed answer, every error coded and none internal; payload errors filled."""
    response = client.post("/graphql/", json.dumps({"query": query}), content_type="application/json")
    assert response.status_code in (200, 400, 413, 429), (response.status_code, query)
    body = response.json()
    assert isinstance(body, dict) and ("data" in body or "errors" in body), query
    for error in body.get("errors", []):
        assert isinstance(error.get("message"), str), query
        assert error.get("extensions", {}).get("code") not in (None, "ERREUR_INTERNE"), (error, query)
    for payload in (body.get("data") or {}).values():
        if isinstance(payload, dict) and payload.get("errors"):
            # only the selected fields are there; those must be filled
            assert all(e.get(k, "x") for e in payload["errors"] for k in ("code", "message")), query
    return body
