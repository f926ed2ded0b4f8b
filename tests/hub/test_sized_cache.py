"""Per-process caches are bounded in bytes whatever clients send (hub.sized_cache)."""

import pytest

from hub.api import cache as response_cache
from hub.sized_cache import SizedLRU, deep_size


def test_least_recently_used_entries_leave_first_once_the_budget_is_passed():
    lru = SizedLRU(lambda: 1000, largest_share=2)
    lru.put("a", "x", size=400)
    lru.put("b", "y", size=400)
    assert lru.get("a") == "x"  # "a" is now the most recent
    lru.put("c", "z", size=400)
    assert "b" not in lru and "a" in lru and "c" in lru
    assert lru.size == 800


def test_an_entry_over_its_share_of_the_budget_is_not_kept():
    lru = SizedLRU(lambda: 1000, largest_share=4)
    assert lru.put("small", "s", size=200)
    assert not lru.put("large", "l", size=300)
    assert "large" not in lru and lru.size == 200


def test_deep_size_counts_what_a_value_reaches_once():
    text = "é" * 10_000
    assert deep_size([text, text, {"k": (text,)}]) < 2 * deep_size(text)
    assert deep_size([text, "é" * 10_000]) > 2 * deep_size(text) - 100


@pytest.mark.django_db
def test_local_memos_keyed_by_client_input_stay_within_their_budget(settings):
    settings.LOCAL_MEMO_BYTES = 256 * 1024
    for number in range(200):  # e.g. a language code or a partner slug sent by clients
        value = response_cache.memo(f"test:{number}", lambda n=number: ["z" * 5_000 + str(n)], local=True)
        assert value[0].endswith(str(number))
        assert response_cache._local.size <= settings.LOCAL_MEMO_BYTES
    assert 0 < len(response_cache._local) < 200


@pytest.mark.django_db
def test_memo_many_builds_the_missing_keys_in_one_call_until_the_content_changes(settings):
    settings.LOCAL_MEMO_BYTES = 256 * 1024
    calls = []

    def build(keys):
        calls.append(sorted(keys))
        return {k: f"valeur {k}" for k in keys if k != 3}  # 3 is unknown: kept as None

    assert response_cache.memo_many("test-many", [1, 2, 3], build) == {1: "valeur 1", 2: "valeur 2", 3: None}
    assert response_cache.memo_many("test-many", [2, 3, 4, 4], build) == {
        2: "valeur 2",
        3: None,
        4: "valeur 4",
    }
    assert calls == [[1, 2, 3], [4]]  # each key built once, the unknown one too
    response_cache.advance_generation()
    response_cache.memo_many("test-many", [1], build)
    assert calls[-1] == [1]  # a new generation: built again


@pytest.mark.django_db
def test_memo_many_values_stay_within_the_budget(settings):
    settings.LOCAL_MEMO_BYTES = 256 * 1024
    for start in range(0, 400, 20):  # e.g. a client reading every page of a long list
        keys = range(start, start + 20)
        found = response_cache.memo_many("test-budget", keys, lambda ks: {k: "z" * 5_000 for k in ks})
        assert set(found) == set(keys)
        assert response_cache._local.size <= settings.LOCAL_MEMO_BYTES
    assert 0 < len(response_cache._local) < 400
