"""The response cache in each process: what it spares, how fast a change reaches it, its bounds."""

import json

import pytest

from hub.api import cache as hub_cache


@pytest.fixture
def horloge(monkeypatch):
    """time.monotonic as seen by hub.api.cache, moved by hand."""
    now = [1000.0]
    monkeypatch.setattr(hub_cache.time, "monotonic", lambda: now[0])
    return now


def test_a_change_made_elsewhere_is_seen_within_the_check_interval(settings, horloge):
    from django.core.cache import cache

    settings.GRAPHQL_GENERATION_CHECK_SECONDS = 0.5
    hub_cache._recent[0] = None
    lue = hub_cache.generation()
    cache.incr(hub_cache.GENERATION_KEY)  # another process (another replica's admin) published
    horloge[0] += 0.4
    assert hub_cache.generation() == lue
    horloge[0] += 0.2
    assert hub_cache.generation() == lue + 1
    hub_cache.advance_generation()  # a change made in this process is seen here at once
    assert hub_cache.generation() > lue + 1


@pytest.mark.django_db
def test_a_cached_answer_costs_no_round_trip_to_the_shared_cache(client, settings, monkeypatch):
    settings.GRAPHQL_GENERATION_CHECK_SECONDS = 0.5
    body = json.dumps({"query": "{ etapes { slug } }"})
    assert client.post("/graphql/", body, content_type="application/json")["X-Cache"] == "MISS"
    appels = []
    shared = hub_cache.cache

    class Compteur:
        def __getattr__(self, name):
            appels.append(name)
            return getattr(shared, name)

    monkeypatch.setattr(hub_cache, "cache", Compteur())
    response = client.post("/graphql/", body, content_type="application/json")
    assert response["X-Cache"] == "HIT" and response.status_code == 200
    assert appels == []
    hub_cache.advance_generation()  # a publish in this process: answered afresh at once
    assert client.post("/graphql/", body, content_type="application/json")["X-Cache"] == "MISS"


def test_local_responses_are_bounded_and_follow_generation_and_expiry(settings, horloge):
    settings.GRAPHQL_LOCAL_CACHE_BYTES = 1000
    reponses = hub_cache._LocalResponses()
    for i in range(20):
        reponses.put(f"k{i}", 7, b"x" * 100, timeout=60)
    gardees = [i for i in range(20) if reponses.get(f"k{i}", 7) is not None]
    assert gardees == list(range(10, 20))  # 1 000 bytes at most, the oldest out first
    reponses.put("grosse", 7, b"x" * 200, timeout=60)  # over an eighth of the budget: not kept
    assert reponses.get("grosse", 7) is None
    assert reponses.get("k19", 8) is None  # computed in an older generation
    reponses.put("k1", 7, b"y", timeout=60)
    horloge[0] += 61
    assert reponses.get("k1", 7) is None  # expired with the shared cache's timeout


@pytest.mark.django_db
def test_only_declared_variables_shape_the_cache_key_and_entries_are_bounded(client, settings):
    """Undeclared variables change nothing in the answer: they never make a new cache entry."""
    from django.core.cache import cache

    hub_cache.local_responses._entries.clear()
    hub_cache.local_responses._bytes = 0
    query = "query Etape($slug: String!) { etape(slug: $slug) { slug } }"
    cles = set()
    for n in range(5):
        corps = json.dumps({"query": query, "variables": {"slug": "grossesse", f"bourrage{n}": "x" * 100}})
        reponse = client.post("/graphql/", corps, content_type="application/json")
        assert reponse.status_code == 200
        cles.add(reponse["X-Cache"])
    assert cles == {"MISS", "HIT"} and len(hub_cache.local_responses._entries) == 1

    settings.GRAPHQL_CACHE_MAX_ENTRY_BYTES = 10  # an answer larger than the bound is not kept
    cache.clear()
    hub_cache.local_responses._entries.clear()
    hub_cache.local_responses._bytes = 0
    corps = json.dumps({"query": "{ thematiques { slug } }"})
    assert client.post("/graphql/", corps, content_type="application/json")["X-Cache"] == "MISS"
    key = hub_cache.response_key("{ thematiques { slug } }", {}, None)
    assert cache.get(key) is None


@pytest.mark.django_db
def test_an_api_answer_sets_no_cookie(client):
    """graphene-django's view made a CSRF token and set its cookie on every answer: work on each
    request, and a `Set-Cookie` that shared caches refuse to store with a public answer."""
    lue = client.get("/graphql/", {"query": "{ __typename }"})
    ecrite = client.post("/graphql/", {"query": "mutation { __typename }"}, content_type="application/json")
    assert lue.status_code == 200 and json.loads(lue.content) == {"data": {"__typename": "Query"}}
    assert ecrite.status_code == 200
    assert not lue.cookies and not ecrite.cookies
    assert "Set-Cookie" not in lue and "Set-Cookie" not in ecrite
