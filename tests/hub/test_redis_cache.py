"""The shared cache on a real Redis server (a private one, started for the test session): the
hub's backend keeps one client per connection pool and behaves as Django's for what the hub does
with it."""

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from hub.cache_backends import RedisCache


@pytest.fixture
def redis_cache(redis_server):
    backend = RedisCache(redis_server.url, {"KEY_PREFIX": "hub-test"})
    backend.clear()
    yield backend
    backend.clear()


def test_one_client_per_pool(redis_cache, redis_server):
    assert redis_cache._cache.get_client() is redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is redis_cache._cache.get_client(write=True)
    django = DjangoRedisCache(redis_server.url, {})
    assert django._cache.get_client() is not django._cache.get_client()  # what this backend avoids


def test_what_the_hub_does_with_the_cache(redis_cache):
    redis_cache.set("generation", 41, timeout=None)
    redis_cache.incr("generation")
    redis_cache.set("reponse", (42, b'{"data": {}}'), timeout=60)
    assert redis_cache.get_many(["generation", "reponse", "absente"]) == {
        "generation": 42,
        "reponse": (42, b'{"data": {}}'),
    }
    assert redis_cache.add("generation", 1) is False
    assert redis_cache.get("absente", "défaut") == "défaut"
    redis_cache.delete("reponse")
    assert redis_cache.get("reponse") is None


def test_incr_is_one_round_trip_and_keeps_django_semantics(redis_cache):
    with pytest.raises(ValueError):
        redis_cache.incr("compteur")
    assert redis_cache.get("compteur") is None  # a missing key stays missing
    redis_cache.add("compteur", 1, timeout=70)
    assert redis_cache.incr("compteur") == 2
    assert redis_cache.incr("compteur", 5) == 7
    client = redis_cache._cache.get_client(write=True)
    assert 0 < client.ttl(redis_cache.make_key("compteur")) <= 70  # the expiry set by add is kept
    sent = []
    original = client.execute_command
    client.execute_command = lambda *args, **kwargs: sent.append(args[0]) or original(*args, **kwargs)
    try:
        redis_cache.incr("compteur")
    finally:
        client.execute_command = original
    assert sent == ["EVALSHA"]


def test_rate_limit_counts_on_redis(redis_cache, monkeypatch):
    from hub.api import ratelimit

    monkeypatch.setattr(ratelimit, "cache", redis_cache)
    assert [ratelimit.hit("ip:203.0.113.9", 3) for _ in range(5)] == [True, True, True, False, False]


def _commandes(redis_cache):
    """The commands the backend sends to Redis, recorded while the block runs."""
    client = redis_cache._cache.get_client(write=True)
    sent: list[str] = []
    original = client.execute_command

    class Enregistrement:
        def __enter__(self):
            client.execute_command = lambda *args, **kwargs: sent.append(args[0]) or original(*args, **kwargs)
            return sent

        def __exit__(self, *exc):
            client.execute_command = original

    return Enregistrement()


def test_a_mutation_counts_its_address_and_its_partner_in_one_round_trip(redis_cache, monkeypatch, settings):
    from django.test import RequestFactory

    from hub.api import ratelimit

    monkeypatch.setattr(ratelimit, "cache", redis_cache)
    settings.RATE_LIMIT_PER_ADDRESS, settings.RATE_LIMIT_PER_PARTNER = 3, 2
    requete = RequestFactory().post("/graphql/", REMOTE_ADDR="203.0.113.7")
    with _commandes(redis_cache) as sent:
        assert ratelimit.allow_mutation(requete, "widget-a") is True  # the first of the windows
    assert sent == ["EVALSHA"]
    client = redis_cache._cache.get_client(write=True)
    fenetres = client.keys("*rl:*")
    assert len(fenetres) == 2
    assert all(0 < client.ttl(k) <= 70 for k in fenetres)  # each window created with its expiry
    # the partner's limit (2) is reached first; then the address's (3), and the partner's
    # window is no longer counted once the address is over
    assert [ratelimit.allow_mutation(requete, "widget-a") for _ in range(3)] == [True, False, False]
    autre = RequestFactory().post("/graphql/", REMOTE_ADDR="203.0.113.8")
    assert ratelimit.allow_mutation(autre, "widget-b") is True
    assert ratelimit.allow_mutation(requete, None) is False  # 203.0.113.7: its 5th this minute


def test_count_windows_stops_at_the_first_over_its_limit(redis_cache):
    assert redis_cache.count_windows([("a", 1, 2), ("b", 1, 1)], timeout=70) == 0
    assert redis_cache.count_windows([("a", 1, 2), ("b", 1, 1)], timeout=70) == 2
    assert redis_cache.count_windows([("a", 1, 2), ("b", 1, 1)], timeout=70) == 1  # a: 3 > 2
    assert (redis_cache.get("a"), redis_cache.get("b")) == (3, 2)  # b not counted the third time
    assert redis_cache.count_windows([("c", 5, 4)], timeout=70) == 1  # a weight over the limit at once
