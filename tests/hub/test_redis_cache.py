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
