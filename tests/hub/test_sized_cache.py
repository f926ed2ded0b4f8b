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
