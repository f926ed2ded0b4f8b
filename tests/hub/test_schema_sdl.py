from pathlib import Path

from graphql import print_schema

from hub.schema import schema

SDL = Path(__file__).resolve().parents[2] / "graphql" / "schema.graphql"


def test_checked_in_sdl_matches_live_schema():
    live = print_schema(schema.graphql_schema)
    assert SDL.read_text(encoding="utf-8") == live, (
        "graphql/schema.graphql is stale: run `make schema` and commit the result"
    )
